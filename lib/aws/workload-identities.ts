import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Construct } from 'constructs';
import type { WorkloadAccess } from '../contracts/cluster';
import {
  WORKLOADS,
  databaseBackupPrefix,
  databaseServiceAccount,
  type WorkloadName,
  type WorkloadSpec,
} from '../contracts/workloads';
import type { ObjectStorage } from './object-storage';
import { PodIdentityRole } from './pod-identity';
import { StaticKeyUser } from './static-key-user';

/** Pod Identity puts the pod's namespace into this session tag; `$$` keeps Terraform from interpolating it. */
const NAMESPACE_TAG = '$${aws:PrincipalTag/kubernetes-namespace}';

export interface WorkloadIdentitiesProps {
  readonly environmentName: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly partition: string;
  readonly storage: ObjectStorage;
  /** The environment's Route53 hosted zone, the only one the DNS workloads may change. */
  readonly zoneId: string;
  /** Namespaces whose CloudNativePG cluster backs up to `cnpg/<namespace>/` in the backups bucket. */
  readonly databaseNamespaces: readonly string[];
}

/**
 * One Pod Identity role per workload of the contract's `WORKLOADS` table, bound to exactly its namespace and
 * ServiceAccount: Route53 limited to the configured zone for DNS workloads, and for object workloads their
 * bucket (and prefix) only. A workload marked `staticKeysOnly` cannot use a role: it gets an IAM user with the
 * same statements and an access key instead. One more role serves every database namespace, each confined to
 * its own prefix by the namespace session tag.
 */
export class WorkloadIdentities extends Construct {
  /** What the contract publishes: nothing on ServiceAccounts or pods (Pod Identity needs none), or static keys. */
  public readonly access: Partial<Record<WorkloadName, WorkloadAccess>> = {};
  public readonly roles: Partial<Record<WorkloadName, PodIdentityRole>> = {};
  /** The users of `staticKeysOnly` workloads, which have no role. */
  public readonly users: Partial<Record<WorkloadName, StaticKeyUser>> = {};
  public readonly databaseBackups?: PodIdentityRole;

  constructor(scope: Construct, id: string, props: WorkloadIdentitiesProps) {
    super(scope, id);
    for (const name of Object.keys(WORKLOADS) as WorkloadName[]) {
      const statements = this.statementsFor(name, props);
      if (!statements) continue;
      const spec: WorkloadSpec = WORKLOADS[name];
      this.access[name] = spec.staticKeysOnly
        ? this.userFor(name, statements, props)
        : this.roleFor(name, spec, statements, props);
    }
    if (props.databaseNamespaces.length > 0) {
      const backups = props.storage.buckets.backups.bucket;
      this.databaseBackups = new PodIdentityRole(this, 'database-backups', {
        clusterName: props.clusterName,
        clusterArn: props.clusterArn,
        roleName: `${props.environmentName}-database-backups`,
        partition: props.partition,
        serviceAccounts: props.databaseNamespaces.map((namespace) => ({
          namespace,
          serviceAccount: databaseServiceAccount(namespace),
        })),
        statements: objectStatements(backups.arn, databaseBackupPrefix(NAMESPACE_TAG), props.storage.key.arn),
      });
    }
  }

  /** A Pod Identity role bound to the workload's ServiceAccount; pods need nothing on them. */
  private roleFor(
    name: WorkloadName,
    spec: WorkloadSpec,
    statements: DataAwsIamPolicyDocumentStatement[],
    props: WorkloadIdentitiesProps,
  ): WorkloadAccess {
    this.roles[name] = new PodIdentityRole(this, name, {
      clusterName: props.clusterName,
      clusterArn: props.clusterArn,
      roleName: `${props.environmentName}-${name}`,
      partition: props.partition,
      serviceAccounts: [{ namespace: spec.namespace, serviceAccount: spec.serviceAccount }],
      statements,
    });
    return { serviceAccountAnnotations: {}, podLabels: {} };
  }

  /** An IAM user with the role's statements and an access key, which the contract hands over as `staticKeys`. */
  private userFor(
    name: WorkloadName,
    statements: DataAwsIamPolicyDocumentStatement[],
    props: WorkloadIdentitiesProps,
  ): WorkloadAccess {
    const user = new StaticKeyUser(this, name, {
      userName: `${props.environmentName}-${name}`,
      statements,
      reason: staticKeysReason(name),
    });
    this.users[name] = user;
    return user.access;
  }

  private statementsFor(
    name: WorkloadName,
    props: WorkloadIdentitiesProps,
  ): DataAwsIamPolicyDocumentStatement[] | undefined {
    const spec: WorkloadSpec = WORKLOADS[name];
    if (spec.dns) {
      const zoneArn = `arn:${props.partition}:route53:::hostedzone/${props.zoneId}`;
      return name === 'cert-manager' ? dns01Statements(zoneArn, props.partition) : externalDnsStatements(zoneArn);
    }
    if (spec.objects) {
      const bucket = props.storage.buckets[spec.objects.bucket].bucket;
      return objectStatements(bucket.arn, spec.objects.prefix, props.storage.key.arn);
    }
    return undefined;
  }
}

/** Why HOT-IAM-004 is accepted on a `staticKeysOnly` workload's user, policy and key. */
export function staticKeysReason(name: WorkloadName): string {
  return (
    `${name}'s S3 client takes only static keys (WORKLOADS staticKeysOnly), so it cannot use Pod Identity; ` +
    'the user may touch only its own bucket and the S3 key; rotate with terraform apply -replace of the access key'
  );
}

/** Record changes in the one zone; listing zones cannot be scoped to a zone by AWS. */
export function externalDnsStatements(zoneArn: string): DataAwsIamPolicyDocumentStatement[] {
  return [
    {
      sid: 'ManageRecordsInZone',
      effect: 'Allow',
      actions: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'],
      resources: [zoneArn],
    },
    { sid: 'FindZones', effect: 'Allow', actions: ['route53:ListHostedZones'], resources: ['*'] },
  ];
}

/** ACME DNS-01: only TXT records named `_acme-challenge.*`, in the one zone. */
export function dns01Statements(zoneArn: string, partition: string): DataAwsIamPolicyDocumentStatement[] {
  return [
    {
      sid: 'ChallengeRecordsInZone',
      effect: 'Allow',
      actions: ['route53:ChangeResourceRecordSets'],
      resources: [zoneArn],
      condition: [
        { test: 'ForAllValues:StringEquals', variable: 'route53:ChangeResourceRecordSetsRecordTypes', values: ['TXT'] },
        {
          test: 'ForAllValues:StringLike',
          variable: 'route53:ChangeResourceRecordSetsNormalizedRecordNames',
          values: ['_acme-challenge.*'],
        },
      ],
    },
    { sid: 'ReadZone', effect: 'Allow', actions: ['route53:ListResourceRecordSets'], resources: [zoneArn] },
    {
      sid: 'WatchChanges',
      effect: 'Allow',
      actions: ['route53:GetChange'],
      resources: [`arn:${partition}:route53:::change/*`],
    },
    { sid: 'FindZone', effect: 'Allow', actions: ['route53:ListHostedZonesByName'], resources: ['*'] },
  ];
}

/** Read, write and delete objects under `prefix` ("" = the whole bucket), with the bucket key. */
export function objectStatements(
  bucketArn: string,
  prefix: string,
  keyArn: string,
): DataAwsIamPolicyDocumentStatement[] {
  const objects = prefix === '' ? `${bucketArn}/*` : `${bucketArn}/${prefix}/*`;
  return [
    {
      sid: 'ListOwnPrefix',
      effect: 'Allow',
      actions: ['s3:ListBucket', 's3:ListBucketVersions'],
      resources: [bucketArn],
      condition:
        prefix === '' ? undefined : [{ test: 'StringLike', variable: 's3:prefix', values: [prefix, `${prefix}/*`] }],
    },
    { sid: 'LocateBucket', effect: 'Allow', actions: ['s3:GetBucketLocation'], resources: [bucketArn] },
    {
      sid: 'ObjectsUnderOwnPrefix',
      effect: 'Allow',
      actions: [
        's3:GetObject',
        's3:GetObjectVersion',
        's3:PutObject',
        's3:DeleteObject',
        's3:AbortMultipartUpload',
        's3:ListMultipartUploadParts',
      ],
      resources: [objects],
    },
    {
      sid: 'UseBucketKey',
      effect: 'Allow',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [keyArn],
    },
  ];
}
