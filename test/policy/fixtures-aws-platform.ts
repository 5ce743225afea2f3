import type { StackDocument } from '../../lib/policies/types';
import type { FixturePair } from './fixtures';

/**
 * Fixtures of the production EKS rules (lib/policies/rules/aws-s3.ts, aws-identity.ts, karpenter.ts), shaped
 * like aws-prod and aws-prod-apps.
 */
export const AWS_PLATFORM_NAMES = {
  bucket: 'object-storage_backups_bucket_84DA97FC',
  tlsPolicy: 'object-storage_backups_tls-only-policy_1C0E2F57',
  queue: 'karpenter_interruption-queue_1712F3B7',
  controllerPolicy: 'karpenter_controller_policy-document_5B1A9E02',
  veleroPolicy: 'workload-identities_velero_policy-document_2D4C7A91',
  externalDnsPolicy: 'workload-identities_external-dns_policy-document_9F3E0B64',
  podTrust: 'workload-identities_velero_trust_0A6D2C18',
  addon: 'eks-addons_aws-ebs-csi-driver_3E7B9D20',
  nodePools: 'karpenter_node-pools_release_B4D8A9E9',
  accessLogs: 'object-storage_access-logs_bucket_6A1C2B3D',
  lbControllerPolicy: 'load-balancer-controller_policy-document_7C3D2E19',
  vpc: 'network_vpc_4E8F0223',
} as const;

type Block = Record<string, unknown>;
const N = AWS_PLATFORM_NAMES;
const BUCKET_ARN = `\${aws_s3_bucket.${N.bucket}.arn}`;

type Part = 'encryption' | 'versioning' | 'publicAccess' | 'policy' | 'lifecycle' | 'ownership' | 'logging';

/** A bucket with every companion the S3 rules ask for, minus `omit`, with `patch` over each part. */
export function secureBucketDocument(
  bucketPatch: Block = {},
  omit: readonly Part[] = [],
  patch: Partial<Record<Part, Block>> = {},
  bucketName: string = N.bucket,
): StackDocument {
  const bucketId = `\${aws_s3_bucket.${bucketName}.id}`;
  const bucketArn = `\${aws_s3_bucket.${bucketName}.arn}`;
  const part = (name: Part, type: string, body: Block) =>
    omit.includes(name) ? {} : { [type]: { [`${bucketName}_${name}`]: { bucket: bucketId, ...body, ...patch[name] } } };
  return {
    resource: {
      aws_s3_bucket: {
        [bucketName]: {
          bucket: 'hotosm-aws-prod-backups',
          force_destroy: false,
          lifecycle: { prevent_destroy: true },
          ...bucketPatch,
        },
      },
      ...part('encryption', 'aws_s3_bucket_server_side_encryption_configuration', {
        rule: [
          {
            apply_server_side_encryption_by_default: {
              kms_master_key_id: '${aws_kms_key.object-storage_key_0D9E6F21.arn}',
              sse_algorithm: 'aws:kms',
            },
            bucket_key_enabled: true,
          },
        ],
      }),
      ...part('versioning', 'aws_s3_bucket_versioning', { versioning_configuration: { status: 'Enabled' } }),
      ...part('publicAccess', 'aws_s3_bucket_public_access_block', {
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      }),
      ...part('policy', 'aws_s3_bucket_policy', { policy: `\${data.aws_iam_policy_document.${N.tlsPolicy}.json}` }),
      ...part('lifecycle', 'aws_s3_bucket_lifecycle_configuration', {
        rule: [
          {
            abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
            filter: [{}],
            id: 'expire-noncurrent-versions',
            noncurrent_version_expiration: [{ noncurrent_days: 30 }],
            status: 'Enabled',
          },
        ],
      }),
      ...part('ownership', 'aws_s3_bucket_ownership_controls', { rule: { object_ownership: 'BucketOwnerEnforced' } }),
      ...part('logging', 'aws_s3_bucket_logging', {
        target_bucket: `\${aws_s3_bucket.${N.accessLogs}.id}`,
        target_prefix: 'backups/',
      }),
    },
    data: {
      aws_iam_policy_document: {
        [N.tlsPolicy]: {
          statement: [
            {
              actions: ['s3:*'],
              condition: [{ test: 'Bool', values: ['false'], variable: 'aws:SecureTransport' }],
              effect: 'Deny',
              principals: [{ identifiers: ['*'], type: '*' }],
              resources: [bucketArn, `${bucketArn}/*`],
              sid: 'DenyInsecureTransport',
            },
          ],
        },
      },
    },
  };
}

function queue(patch: Block): StackDocument {
  return {
    resource: {
      aws_sqs_queue: {
        [N.queue]: { message_retention_seconds: 300, name: 'aws-prod-karpenter-interruptions', ...patch },
      },
    },
  };
}

function policy(name: string, statement: Block[]): StackDocument {
  return { data: { aws_iam_policy_document: { [name]: { statement } } } };
}

const NODE_ROLE_ARN = '${aws_iam_role.karpenter_node-role_node-role_role_7D0C4E55.arn}';
const passRole = (resources: string[]) =>
  policy(N.controllerPolicy, [
    {
      actions: ['iam:PassRole'],
      condition: [{ test: 'StringEquals', values: ['ec2.amazonaws.com'], variable: 'iam:PassedToService' }],
      effect: 'Allow',
      resources,
      sid: 'PassNodeRoleOnly',
    },
  ]);

const objects = (resources: string[]) =>
  policy(N.veleroPolicy, [
    {
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      effect: 'Allow',
      resources,
      sid: 'ObjectsUnderOwnPrefix',
    },
  ]);

const ZONE_ARN = 'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ';
const records = (resources: string[]) =>
  policy(N.externalDnsPolicy, [
    { actions: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'], effect: 'Allow', resources },
  ]);

const POD_TRUST_CONDITIONS: Block[] = [
  {
    test: 'StringEquals',
    values: ['${aws_eks_cluster.control-plane_cluster_47C848BD.arn}'],
    variable: 'aws:RequestTag/eks-cluster-arn',
  },
  { test: 'StringEquals', values: ['velero'], variable: 'aws:RequestTag/kubernetes-namespace' },
  { test: 'StringEquals', values: ['velero'], variable: 'aws:RequestTag/kubernetes-service-account' },
];
const podTrust = (identifiers: string[], condition: Block[] = POD_TRUST_CONDITIONS) =>
  policy(N.podTrust, [
    {
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      condition,
      effect: 'Allow',
      principals: [{ identifiers, type: 'Service' }],
    },
  ]);

const VPC_ARN = `\${aws_vpc.${N.vpc}.arn}`;
const securityGroupRules = (condition: Block[] | undefined) =>
  policy(N.lbControllerPolicy, [
    {
      actions: ['ec2:CreateSecurityGroup'],
      effect: 'Allow',
      resources: [VPC_ARN],
      sid: 'CreateSecurityGroupsInClusterVpc',
    },
    {
      actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      ...(condition ? { condition } : {}),
      effect: 'Allow',
      resources: ['arn:aws:ec2:us-east-1:*:security-group/*'],
      sid: 'ChangeRulesInClusterVpc',
    },
  ]);

function addon(version: string): StackDocument {
  return {
    resource: {
      aws_eks_addon: {
        [N.addon]: {
          addon_name: 'aws-ebs-csi-driver',
          addon_version: version,
          cluster_name: '${aws_eks_cluster.control-plane_cluster_47C848BD.name}',
          pod_identity_association: [
            { role_arn: '${aws_iam_role.ebs-csi-driver_role_1B2C3D4E.arn}', service_account: 'ebs-csi-controller-sa' },
          ],
          resolve_conflicts_on_create: 'OVERWRITE',
          resolve_conflicts_on_update: 'OVERWRITE',
        },
      },
    },
  };
}

const NODE_CLASS: Block = {
  apiVersion: 'karpenter.k8s.aws/v1',
  kind: 'EC2NodeClass',
  metadata: { name: 'worker' },
  spec: {
    amiSelectorTerms: [{ alias: 'al2023@v20261112' }],
    blockDeviceMappings: [
      { deviceName: '/dev/xvda', ebs: { encrypted: true, volumeSize: '100Gi', volumeType: 'gp3' } },
    ],
    instanceProfile: '${aws_iam_instance_profile.karpenter_instance-profile_BB3F97C7.name}',
    metadataOptions: { httpEndpoint: 'enabled', httpPutResponseHopLimit: 1, httpTokens: 'required' },
    securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'aws-prod' } }],
    subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'aws-prod' } }],
  },
};

const NODE_POOL: Block = {
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodePool',
  metadata: { name: 'worker' },
  spec: {
    disruption: { consolidateAfter: '1m', consolidationPolicy: 'WhenEmptyOrUnderutilized' },
    limits: { cpu: '80', memory: '320Gi' },
    template: {
      metadata: { labels: { 'node-type': 'worker' } },
      spec: { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'worker' }, requirements: [] },
    },
  },
};

function nodePools(nodeClassSpec: Block = {}, nodePoolSpec: Block = {}): StackDocument {
  const spec = (object: Block, patch: Block) => ({ ...object, spec: { ...(object.spec as Block), ...patch } });
  return {
    resource: {
      helm_release: {
        [N.nodePools]: {
          atomic: true,
          chart: 'assets/objects-chart/843F3C0677DF279D68BE407DBB3A9EF3',
          cleanup_on_fail: true,
          create_namespace: false,
          max_history: 5,
          name: 'karpenter-node-pools',
          namespace: 'karpenter',
          timeout: 600,
          values: [JSON.stringify({ objects: [spec(NODE_CLASS, nodeClassSpec), spec(NODE_POOL, nodePoolSpec)] })],
          version: '0.1.0',
          wait: true,
        },
      },
    },
  };
}

const NODE_CLASS_SPEC = NODE_CLASS.spec as Block;

export const AWS_PLATFORM_FIXTURES: Record<string, FixturePair> = {
  'HOT-BUCKET-001': { pass: secureBucketDocument(), fail: secureBucketDocument({}, ['encryption']) },
  'HOT-BUCKET-002': {
    pass: secureBucketDocument(),
    fail: secureBucketDocument({}, [], { versioning: { versioning_configuration: { status: 'Suspended' } } }),
  },
  'HOT-BUCKET-003': {
    pass: secureBucketDocument(),
    fail: secureBucketDocument({}, [], { publicAccess: { restrict_public_buckets: false } }),
  },
  'HOT-BUCKET-004': { pass: secureBucketDocument(), fail: secureBucketDocument({}, ['policy']) },
  'HOT-BUCKET-005': { pass: secureBucketDocument(), fail: secureBucketDocument({ force_destroy: true }) },
  'HOT-BUCKET-006': { pass: secureBucketDocument(), fail: secureBucketDocument({}, ['lifecycle']) },
  'HOT-BUCKET-007': {
    pass: secureBucketDocument(),
    fail: secureBucketDocument({}, [], { ownership: { rule: { object_ownership: 'ObjectWriter' } } }),
  },
  'HOT-SQS-001': {
    pass: queue({ sqs_managed_sse_enabled: true }),
    fail: queue({ sqs_managed_sse_enabled: false }),
  },
  'HOT-IAM-005': { pass: passRole([NODE_ROLE_ARN]), fail: passRole(['arn:aws:iam::*:role/*']) },
  'HOT-IAM-006': {
    pass: objects([`${BUCKET_ARN}/velero/*`]),
    fail: objects(['*']),
  },
  'HOT-IAM-007': { pass: records([ZONE_ARN]), fail: records(['arn:aws:route53:::hostedzone/*']) },
  'HOT-IAM-008': {
    pass: podTrust(['pods.eks.amazonaws.com']),
    fail: podTrust(['pods.eks.amazonaws.com', 'ec2.amazonaws.com']),
  },
  'HOT-IAM-009': {
    pass: podTrust(['pods.eks.amazonaws.com']),
    fail: podTrust(['pods.eks.amazonaws.com'], POD_TRUST_CONDITIONS.slice(0, 1)),
  },
  'HOT-IAM-010': {
    pass: securityGroupRules([{ test: 'ArnEquals', values: [VPC_ARN], variable: 'ec2:Vpc' }]),
    fail: securityGroupRules(undefined),
  },
  'HOT-BUCKET-008': { pass: secureBucketDocument(), fail: secureBucketDocument({}, ['logging']) },
  'HOT-EKS-007': { pass: addon('v1.59.0-eksbuild.1'), fail: addon('latest') },
  'HOT-KARP-001': {
    pass: nodePools(),
    fail: nodePools({ metadataOptions: { ...(NODE_CLASS_SPEC.metadataOptions as Block), httpPutResponseHopLimit: 2 } }),
  },
  'HOT-KARP-002': {
    pass: nodePools(),
    fail: nodePools({
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: '100Gi', volumeType: 'gp3' } }],
    }),
  },
  'HOT-KARP-003': { pass: nodePools(), fail: nodePools({ amiSelectorTerms: [{ alias: 'al2023@latest' }] }) },
  'HOT-KARP-004': { pass: nodePools(), fail: nodePools({}, { limits: { cpu: '80' } }) },
};

const BUCKET = `aws_s3_bucket.${N.bucket}`;
const HELM = `helm_release.${N.nodePools}`;

export const AWS_PLATFORM_EXPECTED: Record<string, { readonly address: string; readonly reason: string }> = {
  'HOT-BUCKET-001': {
    address: BUCKET,
    reason: 'has no aws_s3_bucket_server_side_encryption_configuration with aws:kms or AES256',
  },
  'HOT-BUCKET-002': { address: BUCKET, reason: 'has no aws_s3_bucket_versioning with status "Enabled"' },
  'HOT-BUCKET-003': { address: BUCKET, reason: 'has no aws_s3_bucket_public_access_block with all four settings true' },
  'HOT-BUCKET-004': { address: BUCKET, reason: 'has no bucket policy that denies aws:SecureTransport = false' },
  'HOT-BUCKET-005': { address: BUCKET, reason: 'force_destroy must not be true' },
  'HOT-BUCKET-006': { address: BUCKET, reason: 'has no enabled lifecycle rule with noncurrent_version_expiration' },
  'HOT-BUCKET-007': { address: BUCKET, reason: 'has no aws_s3_bucket_ownership_controls with BucketOwnerEnforced' },
  'HOT-SQS-001': {
    address: `aws_sqs_queue.${N.queue}`,
    reason: 'set sqs_managed_sse_enabled = true or a kms_master_key_id',
  },
  'HOT-IAM-005': {
    address: `data.aws_iam_policy_document.${N.controllerPolicy}`,
    reason: 'allows iam:PassRole on a wildcard resource; name the role ARN',
  },
  'HOT-IAM-006': {
    address: `data.aws_iam_policy_document.${N.veleroPolicy}`,
    reason: 'allows S3 object actions on every bucket; name the bucket ARN and prefix',
  },
  'HOT-IAM-007': {
    address: `data.aws_iam_policy_document.${N.externalDnsPolicy}`,
    reason: 'allows record changes in every hosted zone; name the zone ARN',
  },
  'HOT-IAM-008': {
    address: `data.aws_iam_policy_document.${N.podTrust}`,
    reason: 'trusts pods.eks.amazonaws.com together with other principals or actions; keep the pod trust on its own',
  },
  'HOT-IAM-009': {
    address: `data.aws_iam_policy_document.${N.podTrust}`,
    reason:
      'trusts pods.eks.amazonaws.com without pinning the namespace, ServiceAccount; add StringEquals conditions on the aws:RequestTag/eks-cluster-arn, kubernetes-namespace and kubernetes-service-account session tags',
  },
  'HOT-IAM-010': {
    address: `data.aws_iam_policy_document.${N.lbControllerPolicy}`,
    reason:
      'allows ec2:AuthorizeSecurityGroupIngress, ec2:RevokeSecurityGroupIngress on any security group of the account; add an ec2:Vpc condition or a tag condition (aws:ResourceTag/aws:RequestTag)',
  },
  'HOT-BUCKET-008': {
    address: BUCKET,
    reason: 'holds backups but has no aws_s3_bucket_logging; log its requests to the access-log bucket',
  },
  'HOT-EKS-007': {
    address: `aws_eks_addon.${N.addon}`,
    reason: 'addon_version "latest" is not an exact version like "v1.2.3-eksbuild.1"',
  },
  'HOT-KARP-001': {
    address: HELM,
    reason: 'EC2NodeClass/worker: metadataOptions must set httpTokens required and hop limit 1',
  },
  'HOT-KARP-002': { address: HELM, reason: 'EC2NodeClass/worker: every blockDeviceMappings ebs must be encrypted' },
  'HOT-KARP-003': {
    address: HELM,
    reason: 'EC2NodeClass/worker: amiSelectorTerms must pin an alias like al2023@v20261112 or an AMI id',
  },
  'HOT-KARP-004': { address: HELM, reason: 'NodePool/worker: spec.limits must set cpu and memory' },
};
