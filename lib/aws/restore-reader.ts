import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { bucketName } from '../config/schema-parts';
import { RESTORE_VARIABLES, restoreReaderOutput, type RestoreSource } from '../contracts/restore';
import { DATABASE_BACKUP_ROOT, WORKLOADS } from '../contracts/workloads';
import type { AwsEnvironment } from './environment';
import { StaticKeyUser } from './static-key-user';

/** Readers of backups for other environments, listed apart from workloads' and people's. */
export const RESTORE_READER_PATH = '/hot-restore/';

/** Every action a restore reader holds: reads only, no Put, Delete, Abort or policy action of any kind. */
export const RESTORE_READER_ACTIONS = ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetObject', 'kms:Decrypt'] as const;

/** The prefixes a restore reads: every database's WAL and base backups, and Velero's backups with Kopia's data. */
export function restorePrefixes(): string[] {
  return [DATABASE_BACKUP_ROOT, WORKLOADS.velero.objects.prefix];
}

/** Where an AWS environment's backups are, from its settings alone (bucket names follow the naming rule). */
export function awsRestoreSource(env: AwsEnvironment): RestoreSource {
  return {
    environment: env.name,
    cloud: 'aws',
    endpoint: `https://s3.${env.region}.amazonaws.com`,
    region: env.region,
    forcePathStyle: false,
    bucket: bucketName(env.aws.bucketPrefix, env.name, 'backups'),
    databaseNamespaces: env.aws.databaseNamespaces,
    customerKeyEncryption: false,
  };
}

export function restoreReaderStatements(bucketArn: string, keyArn: string): DataAwsIamPolicyDocumentStatement[] {
  const prefixes = restorePrefixes();
  return [
    {
      sid: 'ListBackupPrefixes',
      effect: 'Allow',
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      condition: [{ test: 'StringLike', variable: 's3:prefix', values: prefixes.flatMap((p) => [p, `${p}/*`]) }],
    },
    { sid: 'LocateBucket', effect: 'Allow', actions: ['s3:GetBucketLocation'], resources: [bucketArn] },
    {
      sid: 'ReadBackups',
      effect: 'Allow',
      actions: ['s3:GetObject'],
      resources: prefixes.map((p) => `${bucketArn}/${p}/*`),
    },
    // The objects are SSE-KMS: reading one decrypts its data key.
    { sid: 'DecryptBackups', effect: 'Allow', actions: ['kms:Decrypt'], resources: [keyArn] },
  ];
}

export interface RestoreReaderProps {
  readonly environmentName: string;
  /** The environment that restores from this one. */
  readonly target: string;
  readonly bucketArn: string;
  readonly keyArn: string;
}

/**
 * A read-only key to this environment's backups for one target environment on another cloud, which cannot
 * assume an AWS role. The key pair is a sensitive output (`restore-reader-<target>`), handed to the target as
 * its sensitive variables; nothing in it can write, delete or change a policy.
 */
export class RestoreReader extends Construct {
  constructor(scope: Construct, id: string, props: RestoreReaderProps) {
    super(scope, id);
    const reader = new StaticKeyUser(this, 'user', {
      userName: `${props.environmentName}-restore-reader-${props.target}`,
      path: RESTORE_READER_PATH,
      statements: restoreReaderStatements(props.bucketArn, props.keyArn),
      reason: `${props.target} restores these backups from another cloud, where no AWS role can be assumed; the key only reads the backup prefixes`,
    });
    new TerraformOutput(this, restoreReaderOutput(props.target), {
      staticId: true,
      value: { access_key_id: reader.key.id, secret_access_key: reader.key.secret },
      sensitive: true,
      description: `Read-only key to the backups, for ${props.target}: TF_VAR_${RESTORE_VARIABLES.accessKeyId} and TF_VAR_${RESTORE_VARIABLES.secretAccessKey} of ${props.target}-apps`,
    });
  }
}
