import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { Construct } from 'constructs';
import { accessLogs, logRequests } from './access-logs';
import { TerraformCaller } from './caller';
import { policyDocument } from './iam';
import { SecureBucket } from './secure-bucket';

/** The purpose part of the copy's name; no longer than the longest bucket purpose, so the name check covers it. */
export const BACKUP_REPLICA_PURPOSE = 'backups-copy';
/** The purpose part of the name of the access-log bucket in the copy's region. */
export const BACKUP_REPLICA_LOGS_PURPOSE = 'copy-logs';

export interface BackupReplicaProps {
  readonly environmentName: string;
  /** The bucket copied, in the stack's region. */
  readonly source: SecureBucket;
  /** The KMS key the source's objects are encrypted with. */
  readonly sourceKeyArn: string;
  readonly sourceRegion: string;
  /** The aws provider of the copy's region. */
  readonly provider: AwsProvider;
  readonly region: string;
  /** Globally unique name of the copy. */
  readonly bucketName: string;
  /** Globally unique name of the access-log bucket in the copy's region. */
  readonly logsBucketName: string;
  readonly partition: string;
  /** Days the access logs of the copy are kept. */
  readonly accessLogDays: number;
  readonly objectLock: { readonly mode: 'GOVERNANCE' | 'COMPLIANCE'; readonly days: number };
  /** Days a noncurrent version of the copy is kept once its lock has passed. */
  readonly noncurrentVersionDays: number;
}

/**
 * A copy of the backups bucket in another region, which S3 keeps up to date (live replication of every new
 * object version) and which locks each version for `objectLock.days`: a lost region, a deleted or emptied
 * source bucket, or credentials that can delete backups do not take the copy with them. Deletions are not
 * replicated (delete markers stay in the source). The copy has its own KMS key in its region; S3 replicates
 * through a role that may only read this source and write this copy.
 */
export class BackupReplica extends Construct {
  public readonly key: KmsKey;
  public readonly bucket: SecureBucket;
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: BackupReplicaProps) {
    super(scope, id);
    const provider = props.provider;
    this.key = new KmsKey(this, 'key', {
      provider,
      description: `Default encryption of the copy of the backups of ${props.environmentName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'key-alias', {
      provider,
      name: `alias/${props.environmentName}-${BACKUP_REPLICA_PURPOSE}`,
      targetKeyId: this.key.keyId,
    });
    this.bucket = new SecureBucket(this, 'bucket', {
      provider,
      bucketName: props.bucketName,
      awsControls: { kmsKeyArn: this.key.arn },
      // A locked version cannot expire before its lock has passed.
      noncurrentVersionDays: Math.max(props.noncurrentVersionDays, props.objectLock.days),
      objectLock: props.objectLock,
    });
    // Reads of the copy are logged like those of the source: a copy read by a thief leaves a record.
    const logs = accessLogs(this, 'access-logs', {
      provider,
      bucketName: props.logsBucketName,
      partition: props.partition,
      logged: [this.bucket],
      days: props.accessLogDays,
      noncurrentVersionDays: props.noncurrentVersionDays,
    });
    logRequests(this, 'access-logging', this.bucket, logs, BACKUP_REPLICA_PURPOSE, provider);

    const source = props.source.bucket;
    const accountId = TerraformCaller.of(this).accountId;
    const trust = policyDocument(this, 'replication-trust', [
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['s3.amazonaws.com'] }],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId] },
          { test: 'ArnEquals', variable: 'aws:SourceArn', values: [source.arn] },
        ],
      },
    ]);
    this.role = new IamRole(this, 'replication-role', {
      name: `${props.environmentName}-backups-replication`,
      assumeRolePolicy: trust.json,
    });
    const copy = this.bucket.bucket;
    new IamRolePolicy(this, 'replication-policy', {
      name: 'replicate-backups',
      role: this.role.name,
      policy: policyDocument(this, 'replication-policy-document', [
        {
          sid: 'ReadSourceConfiguration',
          effect: 'Allow',
          actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
          resources: [source.arn],
        },
        {
          sid: 'ReadSourceVersions',
          effect: 'Allow',
          actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
          resources: [`${source.arn}/*`],
        },
        {
          sid: 'WriteCopy',
          effect: 'Allow',
          actions: ['s3:ReplicateObject', 's3:ReplicateTags'],
          resources: [`${copy.arn}/*`],
        },
        {
          sid: 'DecryptSourceThroughS3',
          effect: 'Allow',
          actions: ['kms:Decrypt'],
          resources: [props.sourceKeyArn],
          condition: [
            { test: 'StringEquals', variable: 'kms:ViaService', values: [`s3.${props.sourceRegion}.amazonaws.com`] },
            // With an S3 Bucket Key the context names the bucket, without one the object.
            {
              test: 'StringLike',
              variable: 'kms:EncryptionContext:aws:s3:arn',
              values: [source.arn, `${source.arn}/*`],
            },
          ],
        },
        {
          sid: 'EncryptCopyThroughS3',
          effect: 'Allow',
          actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [this.key.arn],
          condition: [
            { test: 'StringEquals', variable: 'kms:ViaService', values: [`s3.${props.region}.amazonaws.com`] },
            { test: 'StringLike', variable: 'kms:EncryptionContext:aws:s3:arn', values: [copy.arn, `${copy.arn}/*`] },
          ],
        },
      ]).json,
    });

    new S3BucketReplicationConfigurationA(this, 'replication', {
      bucket: source.id,
      role: this.role.arn,
      rule: [
        {
          id: 'copy-backups',
          status: 'Enabled',
          priority: 1,
          filter: {},
          // A delete in the source must not reach the copy: that is what the copy is for.
          deleteMarkerReplication: { status: 'Disabled' },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: {
            bucket: copy.arn,
            encryptionConfiguration: { replicaKmsKeyId: this.key.arn },
          },
        },
      ],
      dependsOn: [props.source.versioning, this.bucket.versioning],
    });
  }
}
