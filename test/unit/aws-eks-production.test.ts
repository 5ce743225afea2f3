import { Release } from '@cdktf/provider-helm/lib/release';
import { Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { StorageClassesAddOn } from '../../lib/addons/storage-classes';
import { karpenterLimits, KARPENTER_AMI_ALIAS, vcpusOf } from '../../lib/aws/karpenter-node-pools';
import type { AwsEnvironment } from '../../lib/aws/environment';
import { DATABASE_NAMESPACES } from '../../lib/contracts/workloads';
import { ALL_APPS } from '../support/apps';
import { bucketName } from '../../lib/config/schema-parts';
import type { AddOn } from '../../lib/contracts/addon';
import type { ClusterDescription } from '../../lib/contracts/cluster';
import { BUCKET_PURPOSES, WORKLOADS } from '../../lib/contracts/workloads';
import type { StackDocument } from '../../lib/policies/types';
import { AppsStack } from '../../stacks/apps-stack';
import { AwsEksClusterStack } from '../../stacks/aws-eks-cluster-stack';
import { platformSettingsOf } from '../../stacks/flavours';
import { awsProdEnvironment, documentOf } from '../support/synth';

type Block = Record<string, unknown>;

const ZONE = 'Z0123456789ABCDEFGHIJ';

/** An ingress controller stand-in: a release whose Service gets an NLB from the platform's controller. */
class FakeIngressAddOn implements AddOn {
  public readonly id = 'ingress';
  public install(scope: Construct, cluster: ClusterDescription): void {
    new Release(scope, 'release', {
      name: 'traefik',
      chart: 'traefik',
      repository: 'https://traefik.github.io/charts',
      version: '41.3.0',
      namespace: 'ingress',
      values: [JSON.stringify({ service: { annotations: cluster.ingress.loadBalancerAnnotations } })],
    });
  }
}

function build(patch: Parameters<typeof awsProdEnvironment>[0] = {}) {
  const app = Testing.app();
  const env = awsProdEnvironment(patch) as AwsEnvironment;
  const cluster = new AwsEksClusterStack(app, env);
  const apps = new AppsStack(app, `${env.name}-apps`, {
    backend: env.backend,
    cluster: cluster.description,
    platform: platformSettingsOf(env),
    // A fixed list keeps these assertions about the flavour, not about the platform add-ons of the day.
    addOns: [new StorageClassesAddOn(), new FakeIngressAddOn()],
  });
  apps.addDependency(cluster);
  return { cluster, apps, clusterDoc: documentOf(cluster), appsDoc: documentOf(apps) };
}

function byType(doc: StackDocument, type: string): [string, Block][] {
  return Object.entries(doc.resource?.[type] ?? {});
}

function values(doc: StackDocument, type: string): Block[] {
  return byType(doc, type).map(([, config]) => config);
}

/** The statements of the inline policy of the role whose name is `roleName`. */
function statementsOfRole(doc: StackDocument, roleName: string): Block[] {
  const [roleAddress] = byType(doc, 'aws_iam_role').find(([, r]) => r.name === roleName) ?? [];
  expect(roleAddress).toBeDefined();
  const policy = values(doc, 'aws_iam_role_policy').find((p) => p.role === `\${aws_iam_role.${roleAddress}.name}`);
  const documentName = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(policy?.policy))?.[1] as string;
  return (doc.data?.aws_iam_policy_document?.[documentName]?.statement as Block[] | undefined) ?? [];
}

function associations(doc: StackDocument): { namespace: unknown; serviceAccount: unknown; role: unknown }[] {
  return values(doc, 'aws_eks_pod_identity_association').map((a) => ({
    namespace: a.namespace,
    serviceAccount: a.service_account,
    role: a.role_arn,
  }));
}

function roleArnOf(doc: StackDocument, roleName: string): string {
  const [address] = byType(doc, 'aws_iam_role').find(([, r]) => r.name === roleName) ?? [];
  return `\${aws_iam_role.${address}.arn}`;
}

describe('production EKS flavour: cluster stack', () => {
  const { clusterDoc: doc, cluster } = build({ dns: { baseDomain: 'hotosm.org', zoneId: ZONE } });
  const { clusterDoc: noZone } = build();

  it('gives Karpenter its own node role, instance profile and EC2_LINUX access entry', () => {
    const nodeRole = roleArnOf(doc, 'aws-prod-karpenter-eks-node');
    const [profile] = values(doc, 'aws_iam_instance_profile');
    expect(profile).toMatchObject({ name: 'aws-prod-karpenter-node' });
    expect(String(profile.role)).toMatch(/^\$\{aws_iam_role\.karpenter_node-role.*\.name\}$/);
    expect(values(doc, 'aws_eks_access_entry').filter((e) => e.type === 'EC2_LINUX')).toEqual([
      expect.objectContaining({ principal_arn: nodeRole, type: 'EC2_LINUX' }),
    ]);
  });

  it('feeds an encrypted interruption queue from four EventBridge rules', () => {
    const [queue] = values(doc, 'aws_sqs_queue');
    expect(queue).toMatchObject({ name: 'aws-prod-karpenter-interruptions', sqs_managed_sse_enabled: true });
    const rules = values(doc, 'aws_cloudwatch_event_rule').map((r) => JSON.parse(String(r.event_pattern)) as Block);
    expect(rules.map((r) => (r['detail-type'] as string[])[0]).sort()).toEqual([
      'AWS Health Event',
      'EC2 Instance Rebalance Recommendation',
      'EC2 Instance State-change Notification',
      'EC2 Spot Instance Interruption Warning',
    ]);
    const targets = values(doc, 'aws_cloudwatch_event_target');
    expect(targets).toHaveLength(4);
    expect(new Set(targets.map((t) => t.arn))).toEqual(new Set([expect.stringMatching(/aws_sqs_queue\..+\.arn/)]));
  });

  it('tags the cluster security group for Karpenter discovery', () => {
    expect(values(doc, 'aws_ec2_tag')).toEqual([
      {
        key: 'karpenter.sh/discovery',
        value: '${aws_eks_cluster.control-plane_cluster_47C848BD.name}',
        resource_id: '${aws_eks_cluster.control-plane_cluster_47C848BD.vpc_config[0].cluster_security_group_id}',
      },
    ]);
  });

  it('lets the Karpenter controller pass only its node role and act only on its own instances', () => {
    const statements = statementsOfRole(doc, 'aws-prod-karpenter-controller');
    const pass = statements.find((s) => s.sid === 'PassNodeRoleOnly') as Block;
    expect(pass.resources).toEqual([roleArnOf(doc, 'aws-prod-karpenter-eks-node')]);
    const deletion = statements.find((s) => s.sid === 'DeleteOwnResources') as Block;
    expect(deletion.condition).toEqual(
      expect.arrayContaining([
        { test: 'StringEquals', variable: 'aws:ResourceTag/kubernetes.io/cluster/aws-prod', values: ['owned'] },
      ]),
    );
    expect(associations(doc)).toContainEqual({
      namespace: 'karpenter',
      serviceAccount: 'karpenter',
      role: roleArnOf(doc, 'aws-prod-karpenter-controller'),
    });
  });

  it('binds every object workload but the static-key ones to its own bucket and prefix through Pod Identity', () => {
    for (const [name, spec] of Object.entries(WORKLOADS)) {
      // Those get an IAM user with the same statements instead (test/unit/aws-static-keys.test.ts).
      if (!('objects' in spec) || ('staticKeysOnly' in spec && spec.staticKeysOnly)) continue;
      expect(associations(doc)).toContainEqual({
        namespace: spec.namespace,
        serviceAccount: spec.serviceAccount,
        role: roleArnOf(doc, `aws-prod-${name}`),
      });
      const objects = statementsOfRole(doc, `aws-prod-${name}`).find((s) => s.sid === 'ObjectsUnderOwnPrefix') as Block;
      const [bucketAddress] =
        byType(doc, 'aws_s3_bucket').find(([, b]) => b.bucket === `hotosm-aws-prod-${spec.objects.bucket}`) ?? [];
      const arn = `\${aws_s3_bucket.${bucketAddress}.arn}`;
      expect(objects.resources).toEqual([spec.objects.prefix ? `${arn}/${spec.objects.prefix}/*` : `${arn}/*`]);
    }
  });

  it('scopes external-dns and cert-manager to the configured zone, or to the one the stack creates without it', () => {
    const zoneArn = `arn:aws:route53:::hostedzone/${ZONE}`;
    const externalDns = statementsOfRole(doc, 'aws-prod-external-dns');
    expect(externalDns.find((s) => s.sid === 'ManageRecordsInZone')?.resources).toEqual([zoneArn]);
    const certManager = statementsOfRole(doc, 'aws-prod-cert-manager');
    expect(certManager.find((s) => s.sid === 'ChallengeRecordsInZone')).toMatchObject({
      resources: [zoneArn],
      condition: expect.arrayContaining([
        {
          test: 'ForAllValues:StringEquals',
          variable: 'route53:ChangeResourceRecordSetsRecordTypes',
          values: ['TXT'],
        },
      ]),
    });
    expect(Object.keys(cluster.description.workloads).sort()).toEqual(Object.keys(WORKLOADS).sort());
    expect(byType(doc, 'aws_route53_zone')).toEqual([]);
    const [created] = byType(noZone, 'aws_route53_zone').map(([address]) => address);
    const createdArn = `arn:aws:route53:::hostedzone/\${aws_route53_zone.${created}.zone_id}`;
    expect(
      statementsOfRole(noZone, 'aws-prod-external-dns').find((s) => s.sid === 'ManageRecordsInZone')?.resources,
    ).toEqual([createdArn]);
    expect(
      statementsOfRole(noZone, 'aws-prod-cert-manager').find((s) => s.sid === 'ChallengeRecordsInZone')?.resources,
    ).toEqual([createdArn]);
  });

  it('confines each database namespace to cnpg/<namespace>/ with one role and the namespace session tag', () => {
    const dbAssociations = associations(doc).filter((a) => String(a.serviceAccount).endsWith('-db'));
    expect(dbAssociations.map((a) => `${String(a.namespace)}/${String(a.serviceAccount)}`).sort()).toEqual(
      [
        'tasking-manager/tasking-manager-db',
        'field-tm/field-tm-db',
        'odk-central/odk-central-db',
        'drone-tm/drone-tm-db',
        'scaleodm/scaleodm-db',
        'fair/fair-db',
        'openaerialmap/openaerialmap-db',
        'login/login-db',
        'raw-data-api/raw-data-api-db',
        'osm-sandbox-dashboard/osm-sandbox-dashboard-db',
      ].sort(),
    );
    const objects = statementsOfRole(doc, 'aws-prod-database-backups').find((s) => s.sid === 'ObjectsUnderOwnPrefix');
    expect(String((objects?.resources as string[])[0])).toMatch(
      /\/cnpg\/\$\$\{aws:PrincipalTag\/kubernetes-namespace\}\/\*$/,
    );
    const none = build({ aws: { databaseNamespaces: [] }, apps: { disabled: ALL_APPS } }).clusterDoc;
    expect(values(none, 'aws_iam_role').map((r) => r.name)).not.toContain('aws-prod-database-backups');
  });

  it('makes one hardened, protected bucket per purpose, named <prefix>-<environment>-<purpose>', () => {
    const buckets = values(doc, 'aws_s3_bucket');
    // Plus the access-log bucket and the locked copy of the backups, hardened the same way (below).
    expect(buckets.map((b) => b.bucket).sort()).toEqual(
      [...BUCKET_PURPOSES, 'access-logs', 'backups-copy', 'copy-logs'].map((p) => `hotosm-aws-prod-${p}`).sort(),
    );
    for (const bucket of buckets) {
      expect(bucket).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
    }
    for (const type of [
      'aws_s3_bucket_versioning',
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_server_side_encryption_configuration',
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_policy',
      'aws_s3_bucket_ownership_controls',
    ]) {
      expect(values(doc, type)).toHaveLength(BUCKET_PURPOSES.length + 3);
    }
    expect(values(doc, 'aws_s3_bucket_lifecycle_configuration')[0]).toMatchObject({
      rule: [{ status: 'Enabled', noncurrent_version_expiration: [{ noncurrent_days: 30 }] }],
    });
    const renamed = build({ aws: { bucketPrefix: 'hot-123456789012' } }).clusterDoc;
    expect(values(renamed, 'aws_s3_bucket').map((b) => b.bucket)).toContain('hot-123456789012-aws-prod-backups');
    expect(bucketName('hotosm', 'aws-prod', 'openaerialmap')).toBe('hotosm-aws-prod-openaerialmap');
  });

  it('logs every request to the backups bucket into a private, SSE-S3, expiring access-log bucket', () => {
    const [[logsAddress]] = byType(doc, 'aws_s3_bucket').filter(([, b]) => b.bucket === 'hotosm-aws-prod-access-logs');
    const [[backupsAddress]] = byType(doc, 'aws_s3_bucket').filter(([, b]) => b.bucket === 'hotosm-aws-prod-backups');
    expect(values(doc, 'aws_s3_bucket_logging').filter((l) => !l.provider)).toEqual([
      {
        bucket: `\${aws_s3_bucket.${backupsAddress}.id}`,
        target_bucket: `\${aws_s3_bucket.${logsAddress}.id}`,
        target_prefix: 'backups/',
      },
    ]);
    const ofLogs = (type: string) =>
      values(doc, type).find((c) => c.bucket === `\${aws_s3_bucket.${logsAddress}.id}`) as Block;
    expect(ofLogs('aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
    expect(ofLogs('aws_s3_bucket_lifecycle_configuration').rule).toEqual([
      expect.objectContaining({
        expiration: [{ days: 365 }],
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
      }),
    ]);
    expect(ofLogs('aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    const policyName = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(
      String(ofLogs('aws_s3_bucket_policy').policy),
    )?.[1];
    const [tls, delivery] = doc.data?.aws_iam_policy_document?.[policyName as string]?.statement as Block[];
    expect(tls).toMatchObject({ sid: 'DenyInsecureTransport', effect: 'Deny' });
    expect(delivery).toEqual({
      sid: 'S3DeliversAccessLogsOfOwnBuckets',
      effect: 'Allow',
      actions: ['s3:PutObject'],
      resources: ['arn:aws:s3:::hotosm-aws-prod-access-logs/*'],
      principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
      condition: [
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: [expect.stringContaining('account_id')] },
        { test: 'ArnEquals', variable: 'aws:SourceArn', values: [`\${aws_s3_bucket.${backupsAddress}.arn}`] },
      ],
    });
  });

  it('copies the backups into a locked, KMS-encrypted, protected bucket in the replica region', () => {
    const [[copyAddress, copy]] = byType(doc, 'aws_s3_bucket').filter(
      ([, b]) => b.bucket === 'hotosm-aws-prod-backups-copy',
    );
    const [[backupsAddress]] = byType(doc, 'aws_s3_bucket').filter(([, b]) => b.bucket === 'hotosm-aws-prod-backups');
    expect(copy).toMatchObject({
      provider: 'aws.backup-replica',
      object_lock_enabled: true,
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(doc.provider?.aws).toEqual([
      expect.not.objectContaining({ alias: expect.anything() }),
      expect.objectContaining({ alias: 'backup-replica', region: 'us-west-2' }),
    ]);
    const ofCopy = (type: string) =>
      values(doc, type).find((c) => c.bucket === `\${aws_s3_bucket.${copyAddress}.id}`) as Block;
    expect(ofCopy('aws_s3_bucket_object_lock_configuration')).toMatchObject({
      provider: 'aws.backup-replica',
      rule: { default_retention: { mode: 'GOVERNANCE', days: 30 } },
    });
    const copyKey = byType(doc, 'aws_kms_key').find(([, k]) => k.provider === 'aws.backup-replica') as [string, Block];
    expect(copyKey[1]).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect(ofCopy('aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      expect.objectContaining({
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: `\${aws_kms_key.${copyKey[0]}.arn}`,
        },
      }),
    ]);
    for (const type of [
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_ownership_controls',
      'aws_s3_bucket_policy',
    ]) {
      expect(ofCopy(type)).toMatchObject({ provider: 'aws.backup-replica' });
    }
    const [replication] = values(doc, 'aws_s3_bucket_replication_configuration');
    expect(replication).toMatchObject({
      bucket: `\${aws_s3_bucket.${backupsAddress}.id}`,
      rule: [
        {
          status: 'Enabled',
          delete_marker_replication: { status: 'Disabled' },
          source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
          destination: {
            bucket: `\${aws_s3_bucket.${copyAddress}.arn}`,
            encryption_configuration: { replica_kms_key_id: `\${aws_kms_key.${copyKey[0]}.arn}` },
          },
        },
      ],
    });
    const statements = statementsOfRole(doc, 'aws-prod-backups-replication');
    expect(statements.map((s) => [s.sid, s.actions, s.resources])).toEqual([
      [
        'ReadSourceConfiguration',
        ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        [`\${aws_s3_bucket.${backupsAddress}.arn}`],
      ],
      [
        'ReadSourceVersions',
        ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        [`\${aws_s3_bucket.${backupsAddress}.arn}/*`],
      ],
      ['WriteCopy', ['s3:ReplicateObject', 's3:ReplicateTags'], [`\${aws_s3_bucket.${copyAddress}.arn}/*`]],
      ['DecryptSourceThroughS3', ['kms:Decrypt'], [expect.stringMatching(/^\$\{aws_kms_key\.object-storage_key_/)]],
      ['EncryptCopyThroughS3', ['kms:Encrypt', 'kms:GenerateDataKey'], [`\${aws_kms_key.${copyKey[0]}.arn}`]],
    ]);
    const [[copyLogsAddress, copyLogs]] = byType(doc, 'aws_s3_bucket').filter(
      ([, b]) => b.bucket === 'hotosm-aws-prod-copy-logs',
    );
    expect(copyLogs.provider).toBe('aws.backup-replica');
    expect(values(doc, 'aws_s3_bucket_logging').filter((l) => l.provider)).toEqual([
      {
        provider: 'aws.backup-replica',
        bucket: `\${aws_s3_bucket.${copyAddress}.id}`,
        target_bucket: `\${aws_s3_bucket.${copyLogsAddress}.id}`,
        target_prefix: 'backups-copy/',
      },
    ]);
    const withoutCopy = build({ aws: { backupReplica: undefined } }).clusterDoc;
    expect(values(withoutCopy, 'aws_s3_bucket_replication_configuration')).toEqual([]);
    expect(withoutCopy.provider?.aws).toHaveLength(1);
  });

  it('confines the load balancer controller to security groups in the cluster VPC, deleting only its own', () => {
    const statements = statementsOfRole(doc, 'aws-prod-aws-load-balancer-controller');
    const vpcArn = `\${aws_vpc.${byType(doc, 'aws_vpc')[0][0]}.arn}`;
    const groups = 'arn:aws:ec2:us-east-1:*:security-group/*';
    const sid = (name: string) => statements.find((s) => s.sid === name);
    expect(sid('CreateSecurityGroupsInClusterVpc')).toMatchObject({
      actions: ['ec2:CreateSecurityGroup'],
      resources: [vpcArn],
    });
    expect(sid('CreateSecurityGroupsTaggedForCluster')).toMatchObject({
      actions: ['ec2:CreateSecurityGroup'],
      resources: [groups],
      condition: [{ test: 'StringEquals', variable: 'aws:RequestTag/elbv2.k8s.aws/cluster', values: ['aws-prod'] }],
    });
    expect(sid('ChangeRulesInClusterVpc')).toMatchObject({
      actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      resources: [groups],
      condition: [{ test: 'ArnEquals', variable: 'ec2:Vpc', values: [vpcArn] }],
    });
    expect(sid('DeleteOwnSecurityGroups')).toMatchObject({
      actions: ['ec2:DeleteSecurityGroup'],
      resources: [groups],
      condition: [
        { test: 'ArnEquals', variable: 'ec2:Vpc', values: [vpcArn] },
        { test: 'StringEquals', variable: 'aws:ResourceTag/elbv2.k8s.aws/cluster', values: ['aws-prod'] },
      ],
    });
    const securityGroupWrites = statements.filter((s) =>
      (s.actions as string[]).some((a) => /^ec2:(Create|Delete|Authorize|Revoke)SecurityGroup/.test(a)),
    );
    expect(securityGroupWrites.map((s) => s.sid)).toEqual([
      'CreateSecurityGroupsInClusterVpc',
      'CreateSecurityGroupsTaggedForCluster',
      'ChangeRulesInClusterVpc',
      'DeleteOwnSecurityGroups',
    ]);
  });

  it('runs the EBS CSI driver as a pinned managed add-on with its own Pod Identity', () => {
    const ebs = values(doc, 'aws_eks_addon').find((a) => a.addon_name === 'aws-ebs-csi-driver');
    expect(ebs).toMatchObject({
      addon_version: 'v1.59.0-eksbuild.1',
      pod_identity_association: [
        { role_arn: roleArnOf(doc, 'aws-prod-ebs-csi-driver'), service_account: 'ebs-csi-controller-sa' },
      ],
    });
    expect(values(doc, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn)).toContain(
      'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
    );
  });

  it('trusts only the Pod Identity service, for this account, cluster and ServiceAccount, in every pod role', () => {
    const databases = DATABASE_NAMESPACES;
    const podRoles: Record<string, [string[], string[]]> = {
      'aws-prod-karpenter-controller': [['karpenter'], ['karpenter']],
      'aws-prod-ebs-csi-driver': [['kube-system'], ['ebs-csi-controller-sa']],
      'aws-prod-aws-load-balancer-controller': [['aws-load-balancer-controller'], ['aws-load-balancer-controller']],
      'aws-prod-database-backups': [[...databases], databases.map((ns) => `${ns}-db`)],
      ...Object.fromEntries(
        Object.entries(WORKLOADS)
          .filter(([, spec]) => !('staticKeysOnly' in spec && spec.staticKeysOnly))
          .map(([name, spec]) => [`aws-prod-${name}`, [[spec.namespace], [spec.serviceAccount]]]),
      ),
    };
    const clusterArn = '${aws_eks_cluster.control-plane_cluster_47C848BD.arn}';
    for (const [name, [namespaces, serviceAccounts]] of Object.entries(podRoles)) {
      const role = values(doc, 'aws_iam_role').find((r) => r.name === name) as Block;
      const trust = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(role.assume_role_policy))?.[1] as string;
      expect(doc.data?.aws_iam_policy_document?.[trust]?.statement).toEqual([
        {
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          effect: 'Allow',
          principals: [{ identifiers: ['pods.eks.amazonaws.com'], type: 'Service' }],
          condition: [
            { test: 'StringEquals', variable: 'aws:RequestTag/eks-cluster-arn', values: [clusterArn] },
            { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-namespace', values: namespaces },
            { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-service-account', values: serviceAccounts },
          ],
        },
      ]);
    }
  });

  it('publishes bucket names by reference, endpoint and region, and the platform add-ons by id', () => {
    const { objectStorage, platformAddOns, workloads } = cluster.description;
    expect(objectStorage.endpoint).toBe('https://s3.us-east-1.amazonaws.com');
    expect(objectStorage.region).toBe('us-east-1');
    expect(Object.keys(objectStorage.buckets).sort()).toEqual([...BUCKET_PURPOSES].sort());
    for (const bucket of Object.values(objectStorage.buckets)) expect(bucket?.name).toMatch(/^\$\{TfToken\[/);
    expect(platformAddOns.map((a) => a.id)).toEqual(['aws-load-balancer-controller', 'karpenter-crd', 'karpenter']);
    expect(workloads.velero).toEqual({ serviceAccountAnnotations: {}, podLabels: {} });
  });
});

describe('production EKS flavour: apps stack', () => {
  const { appsDoc: doc, apps, cluster } = build();
  const releases: Record<string, Block & { address: string }> = Object.fromEntries(
    byType(doc, 'helm_release').map(([address, r]) => [String(r.name), { ...r, address }]),
  );
  const valuesOf = (name: string) => JSON.parse((releases[name].values as string[])[0]) as Block;

  it('installs the AWS Load Balancer Controller with explicit cluster, region, VPC and ServiceAccount', () => {
    expect(releases['aws-load-balancer-controller']).toMatchObject({
      chart: 'aws-load-balancer-controller',
      repository: 'https://aws.github.io/eks-charts',
      version: '3.5.0',
      namespace: 'aws-load-balancer-controller',
    });
    expect(valuesOf('aws-load-balancer-controller')).toMatchObject({
      clusterName: 'aws-prod',
      region: 'us-east-1',
      vpcId: '${aws_vpc.network_vpc_4E8F0223.id}',
      serviceAccount: { create: true, name: 'aws-load-balancer-controller' },
      nodeSelector: { 'node-type': 'core' },
    });
  });

  it('installs Karpenter 1.14.1 after its CRDs, wired to the queue, endpoint and instance profile', () => {
    expect(releases['karpenter-crd']).toMatchObject({ chart: 'karpenter-crd', version: '1.14.1' });
    expect(releases.karpenter).toMatchObject({
      chart: 'karpenter',
      repository: 'oci://public.ecr.aws/karpenter',
      version: '1.14.1',
      namespace: 'karpenter',
    });
    expect(releases.karpenter.depends_on).toContain(`helm_release.${releases['karpenter-crd'].address}`);
    expect(valuesOf('karpenter')).toMatchObject({
      serviceAccount: { name: 'karpenter' },
      nodeSelector: { 'node-type': 'core' },
      settings: {
        clusterName: 'aws-prod',
        clusterEndpoint: '${aws_eks_cluster.control-plane_cluster_47C848BD.endpoint}',
        interruptionQueue: '${aws_sqs_queue.karpenter_interruption-queue_1712F3B7.name}',
      },
    });
  });

  it('delivers worker and gpu NodePools with labels, taints, capacity types, limits and a pinned AMI', () => {
    const objects = (valuesOf('karpenter-node-pools').objects as Block[]).map((o) => o as Record<string, Block>);
    expect(objects.map((o) => `${String(o.kind)}/${String(o.metadata.name)}`)).toEqual([
      'EC2NodeClass/worker',
      'NodePool/worker',
      'EC2NodeClass/gpu',
      'NodePool/gpu',
    ]);
    const [workerClass, worker, , gpu] = objects;
    expect(workerClass.spec).toMatchObject({
      amiSelectorTerms: [{ alias: KARPENTER_AMI_ALIAS }],
      instanceProfile: '${aws_iam_instance_profile.karpenter_instance-profile_BB3F97C7.name}',
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: '100Gi', encrypted: true } }],
    });
    expect(worker.spec).toMatchObject({
      template: {
        metadata: { labels: { 'node-type': 'worker' } },
        spec: {
          requirements: expect.arrayContaining([
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
          ]),
          taints: [],
        },
      },
      limits: { cpu: '80', memory: '320Gi' },
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized' },
    });
    expect(gpu.spec).toMatchObject({
      template: {
        metadata: { labels: { 'node-type': 'gpu' } },
        spec: {
          requirements: expect.arrayContaining([
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
            { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['g4dn.xlarge', 'g5.xlarge'] },
          ]),
          taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
        },
      },
      disruption: { consolidationPolicy: 'WhenEmpty' },
    });
    expect(releases['karpenter-node-pools'].depends_on).toContain(`helm_release.${releases.karpenter.address}`);
  });

  it('orders destroy: ingress before the LB controller, NodePools well before Karpenter, the apps stack before the cluster', () => {
    const ingress = releases.traefik.depends_on as string[];
    expect(ingress).toContain(`helm_release.${releases['aws-load-balancer-controller'].address}`);
    // The platform's own pods run on the core node group: they wait for no Karpenter.
    expect(ingress).not.toContain(`helm_release.${releases.karpenter.address}`);
    const [drainName, drain] = Object.entries(doc.resource?.time_sleep ?? {})[0];
    expect(drain.destroy_duration).toBe('300s');
    expect(drain.depends_on).toContain(`helm_release.${releases.karpenter.address}`);
    expect(releases['karpenter-node-pools'].depends_on).toContain(`time_sleep.${drainName}`);
    for (const storageClass of values(doc, 'kubernetes_storage_class_v1')) {
      expect(storageClass.depends_on).toContain(`helm_release.${releases['aws-load-balancer-controller'].address}`);
    }
    expect(apps.dependencies).toContain(cluster);
  });

  it('has no GPU NodePool when the environment has no gpu pool', () => {
    const withoutGpu = build({
      nodePools: {
        core: { instanceTypes: ['m7i.large'], minSize: 2, maxSize: 4, spot: false, diskSizeGiB: 50 },
        worker: { instanceTypes: ['m7i.xlarge'], minSize: 0, maxSize: 10, spot: false, diskSizeGiB: 100 },
      },
    }).appsDoc;
    const release = values(withoutGpu, 'helm_release').find((r) => r.name === 'karpenter-node-pools') as Block;
    const objects = (JSON.parse((release.values as string[])[0]) as { objects: Block[] }).objects;
    expect(objects.map((o) => (o.metadata as Block).name)).toEqual(['worker', 'worker']);
    const requirements = ((objects[1].spec as Block).template as { spec: { requirements: Block[] } }).spec.requirements;
    expect(requirements).toContainEqual({ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] });
  });
});

describe('Karpenter limits from pool settings', () => {
  it('reads vCPUs from the instance size', () => {
    expect(['t3.medium', 'm7i.large', 'm7i.xlarge', 'm7i.4xlarge'].map(vcpusOf)).toEqual([1, 2, 4, 16]);
  });

  it('allows maxSize nodes of the largest type: cpu in vCPU, memory by family', () => {
    const pool = { instanceTypes: ['m7i.xlarge', 'c7i.2xlarge'], minSize: 0, maxSize: 5, spot: true, diskSizeGiB: 50 };
    expect(karpenterLimits(pool)).toEqual({ cpu: '40', memory: '80Gi' });
    expect(karpenterLimits({ ...pool, instanceTypes: ['g5.xlarge'], maxSize: 2 })).toEqual({
      cpu: '8',
      memory: '32Gi',
    });
  });
});
