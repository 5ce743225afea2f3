import { TerraformStack, Testing } from 'cdktf';
import { PodIdentityRole } from '../../lib/aws/pod-identity';
import { awsProdEnvironment, buildEnvironment, documentOf } from '../support/synth';
import { planSubnets } from '../../lib/aws/network';
import { amiTypeFor } from '../../lib/aws/managed-node-group';
import { EKS_ADDON_VERSIONS } from '../../lib/aws/eks-addon-versions';
import { onlyResource as only, resourcesOf as resources } from '../support/documents';

describe('AwsEksClusterStack (aws-prod)', () => {
  const doc = documentOf(buildEnvironment().cluster);

  it('uses the aws provider alone and reads only who Terraform runs as, so it plans offline', () => {
    expect(Object.keys(doc.provider ?? {})).toEqual(['aws']);
    expect(Object.keys((doc.terraform as { required_providers: object }).required_providers)).toEqual(['aws']);
    // Rendered by the provider, plus STS GetCallerIdentity (the offline plan answers it from loopback).
    expect(Object.keys(doc.data ?? {}).sort()).toEqual([
      'aws_caller_identity',
      'aws_iam_policy_document',
      'aws_iam_session_context',
    ]);
    const [session] = Object.values(doc.data?.aws_iam_session_context ?? {});
    expect(session.arn).toMatch(/^\$\{data\.aws_caller_identity\.[^.]+\.arn\}$/);
  });

  it('records all VPC traffic in flow logs, through a role only flow logs of this account may assume', () => {
    const flowLog = only(doc, 'aws_flow_log');
    expect(flowLog).toMatchObject({
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      vpc_id: expect.stringMatching(/^\$\{aws_vpc\./),
      log_destination: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.flow-logs_log-group_[^.]+\.arn\}$/),
    });
    const [roleAddress, role] = Object.entries(doc.resource?.aws_iam_role ?? {}).find(
      ([, r]) => r.name === 'aws-prod-vpc-flow-logs',
    ) as [string, Record<string, unknown>];
    expect(flowLog.iam_role_arn).toBe(`\${aws_iam_role.${roleAddress}.arn}`);
    const statementsOf = (reference: unknown) =>
      doc.data?.aws_iam_policy_document?.[
        /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(reference))?.[1] ?? ''
      ]?.statement;
    expect(statementsOf(role.assume_role_policy)).toEqual([
      {
        actions: ['sts:AssumeRole'],
        effect: 'Allow',
        principals: [{ identifiers: ['vpc-flow-logs.amazonaws.com'], type: 'Service' }],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [expect.stringContaining('account_id')] },
          {
            test: 'ArnLike',
            variable: 'aws:SourceArn',
            values: [expect.stringMatching(/^arn:aws:ec2:us-east-1:\$\{.+\}:vpc-flow-log\/\*$/)],
          },
        ],
      },
    ]);
    const policy = resources(doc, 'aws_iam_role_policy').find((p) => p.role === `\${aws_iam_role.${roleAddress}.name}`);
    const logGroupArn = String(flowLog.log_destination);
    expect(statementsOf(policy?.policy)).toEqual([
      {
        sid: 'WriteOwnLogGroup',
        effect: 'Allow',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [logGroupArn, `${logGroupArn}:*`],
      },
      {
        sid: 'FindLogGroup',
        effect: 'Allow',
        actions: ['logs:DescribeLogGroups'],
        resources: [expect.stringMatching(/^arn:aws:logs:us-east-1:\$\{.+\}:log-group:\*$/)],
      },
    ]);
  });

  it('spreads private node subnets and public LB subnets over the three zones', () => {
    const subnets = resources(doc, 'aws_subnet');
    expect(subnets).toHaveLength(6);
    const byCidr = Object.fromEntries(subnets.map((s) => [s.cidr_block, s]));
    expect(Object.keys(byCidr).sort()).toEqual(
      ['10.20.0.0/19', '10.20.32.0/19', '10.20.64.0/19', '10.20.224.0/22', '10.20.228.0/22', '10.20.232.0/22'].sort(),
    );
    expect((byCidr['10.20.0.0/19'].tags as Record<string, string>)['kubernetes.io/role/internal-elb']).toBe('1');
    expect((byCidr['10.20.224.0/22'].tags as Record<string, string>)['kubernetes.io/role/elb']).toBe('1');
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  it('has one NAT gateway per zone by default and one when asked to save money', () => {
    expect(resources(doc, 'aws_nat_gateway')).toHaveLength(3);
    const single = documentOf(buildEnvironment(awsProdEnvironment({ aws: { natGateways: 'single' } })).cluster);
    expect(resources(single, 'aws_nat_gateway')).toHaveLength(1);
    expect(resources(single, 'aws_route')).toHaveLength(4);
  });

  it('strips the default security group', () => {
    const group = only(doc, 'aws_default_security_group');
    expect(group.ingress).toEqual([]);
    expect(group.egress).toEqual([]);
  });

  it('creates the EKS cluster with API auth, no hidden admin, KMS secrets encryption, all logs, a private endpoint', () => {
    const cluster = only(doc, 'aws_eks_cluster');
    expect(cluster).toMatchObject({
      name: 'aws-prod',
      version: '1.35',
      access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false },
      enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
      vpc_config: { endpoint_private_access: true, endpoint_public_access: false },
      kubernetes_network_config: { ip_family: 'ipv4', service_ipv4_cidr: '172.20.0.0/16' },
      upgrade_policy: { support_type: 'STANDARD' },
      lifecycle: { prevent_destroy: true },
    });
    const encryption = cluster.encryption_config as { provider: { key_arn: string }; resources: string[] };
    expect(encryption.resources).toEqual(['secrets']);
    expect(encryption.provider.key_arn).toMatch(/^\$\{aws_kms_key\..+\.arn\}$/);
  });

  it('opens the public endpoint only to the allow-list', () => {
    const env = awsProdEnvironment({ apiAccess: { privateEndpoint: true, publicAccessCidrs: ['203.0.113.0/24'] } });
    const cluster = only(documentOf(buildEnvironment(env).cluster), 'aws_eks_cluster');
    expect(cluster.vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] });
  });

  it('rotates and protects the secrets key, the logs key and both bucket keys', () => {
    const keys = resources(doc, 'aws_kms_key');
    expect(keys.map((k) => k.description)).toEqual([
      'Default encryption of the copy of the backups of aws-prod',
      'Envelope encryption of Kubernetes secrets in EKS cluster aws-prod',
      'Encryption of the CloudWatch log groups of aws-prod',
      'Default encryption of the S3 buckets of aws-prod',
    ]);
    for (const key of keys) {
      expect(key).toMatchObject({
        enable_key_rotation: true,
        deletion_window_in_days: 30,
        lifecycle: { prevent_destroy: true },
      });
    }
    expect(resources(doc, 'aws_kms_alias').map((a) => a.name)).toEqual([
      'alias/aws-prod-backups-copy',
      'alias/aws-prod-eks-secrets',
      'alias/aws-prod-logs',
      'alias/aws-prod-s3',
    ]);
  });

  it('lets CloudWatch Logs use the logs key for our two log groups only, and the account only administer it', () => {
    const key = resources(doc, 'aws_kms_key').find(
      (k) => k.description === 'Encryption of the CloudWatch log groups of aws-prod',
    );
    const name = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(key?.policy))?.[1] as string;
    const [admin, logs] = doc.data?.aws_iam_policy_document?.[name]?.statement as Record<string, unknown>[];
    expect(admin).toMatchObject({
      sid: 'AccountAdministersKey',
      principals: [{ type: 'AWS', identifiers: [expect.stringMatching(/^arn:aws:iam::\$\{.+account_id\}:root$/)] }],
    });
    expect(
      (admin.actions as string[]).filter((a) => /^kms:(Encrypt|Decrypt|GenerateDataKey|ReEncrypt)/.test(a)),
    ).toEqual([]);
    expect(logs).toMatchObject({
      sid: 'CloudWatchLogsEncryptsOwnLogGroups',
      principals: [{ type: 'Service', identifiers: ['logs.us-east-1.amazonaws.com'] }],
      condition: [
        {
          test: 'ArnEquals',
          variable: 'kms:EncryptionContext:aws:logs:arn',
          values: [
            expect.stringMatching(/^arn:aws:logs:us-east-1:\$\{.+\}:log-group:\/aws\/eks\/aws-prod\/cluster$/),
            expect.stringMatching(/^arn:aws:logs:us-east-1:\$\{.+\}:log-group:\/aws\/vpc-flow-logs\/aws-prod$/),
          ],
        },
      ],
    });
  });

  it('keeps control-plane and flow logs a year by default, encrypted with the logs key, protected from destroy', () => {
    const groups = resources(doc, 'aws_cloudwatch_log_group');
    expect(groups.map((g) => g.name)).toEqual(['/aws/eks/aws-prod/cluster', '/aws/vpc-flow-logs/aws-prod']);
    for (const group of groups) {
      expect(group).toMatchObject({
        retention_in_days: 365,
        kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.logs-key_[^.]+\.arn\}$/),
        lifecycle: { prevent_destroy: true },
      });
    }
    const longer = awsProdEnvironment({
      aws: { controlPlaneLogRetentionDays: 731, flowLogRetentionDays: 400 },
    });
    const days = resources(documentOf(buildEnvironment(longer).cluster), 'aws_cloudwatch_log_group').map(
      (g) => g.retention_in_days,
    );
    expect(days).toEqual([731, 400]);
  });

  it('gives configured admins access entries with the cluster-admin policy', () => {
    const arn = 'arn:aws:iam::123456789012:role/HOTAdmin';
    const env = awsProdEnvironment({ aws: { adminPrincipalArns: [arn] } });
    const withAdmin = documentOf(buildEnvironment(env).cluster);
    // Besides the Karpenter node role's EC2_LINUX entry and the runner's, which every environment has.
    const standard = resources(withAdmin, 'aws_eks_access_entry').filter((e) => e.type === 'STANDARD' && !e.count);
    expect(standard).toEqual([expect.objectContaining({ principal_arn: arn, type: 'STANDARD' })]);
    const [admin] = resources(withAdmin, 'aws_eks_access_policy_association').filter((a) => !a.count);
    expect(admin).toMatchObject({
      policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      access_scope: { type: 'cluster' },
    });
  });

  it('gives the identity Terraform runs as an explicit admin entry, unless it is a listed admin already', () => {
    const issuer = /^\$\{data\.aws_iam_session_context\.[^.]+\.issuer_arn\}$/;
    const entries = resources(doc, 'aws_eks_access_entry');
    expect(entries.map((e) => e.type)).toEqual(['STANDARD', 'EC2_LINUX']);
    const runner = entries[0];
    expect(runner.principal_arn).toMatch(issuer);
    expect(runner.count).toMatch(/^\$\{contains\(\[\], data\.aws_iam_session_context\.[^.]+\.issuer_arn\) \? 0 : 1\}$/);
    expect(only(doc, 'aws_eks_access_policy_association')).toMatchObject({
      count: runner.count,
      principal_arn: runner.principal_arn,
      policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      access_scope: { type: 'cluster' },
      depends_on: [expect.stringMatching(/^aws_eks_access_entry\.control-plane_terraform-runner_/)],
    });
    const arn = 'arn:aws:iam::123456789012:role/HOTAdmin';
    const listed = documentOf(buildEnvironment(awsProdEnvironment({ aws: { adminPrincipalArns: [arn] } })).cluster);
    const listedRunner = resources(listed, 'aws_eks_access_entry').find((e) => e.count !== undefined);
    expect(listedRunner?.count).toContain(`contains(["${arn}"], `);
  });

  it('runs the core pool on a launch template with IMDSv2 and an encrypted root volume', () => {
    const template = only(doc, 'aws_launch_template');
    expect(template.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(template.block_device_mappings).toEqual([
      {
        device_name: '/dev/xvda',
        ebs: { delete_on_termination: 'true', encrypted: 'true', volume_size: 50, volume_type: 'gp3' },
      },
    ]);
    const group = only(doc, 'aws_eks_node_group');
    expect(group).toMatchObject({
      node_group_name: 'core',
      capacity_type: 'ON_DEMAND',
      ami_type: 'AL2023_x86_64_STANDARD',
      labels: { 'node-type': 'core' },
      scaling_config: { min_size: 2, max_size: 4, desired_size: 2 },
      lifecycle: { ignore_changes: ['scaling_config[0].desired_size'] },
    });
    expect((group.launch_template as { id: string }).id).toMatch(/^\$\{aws_launch_template\./);
  });

  it('installs pinned EKS add-ons after the nodes, with network policy enforcement on', () => {
    const addons = resources(doc, 'aws_eks_addon');
    expect(addons.map((a) => [a.addon_name, a.addon_version]).sort()).toEqual(
      Object.entries(EKS_ADDON_VERSIONS['1.35']).sort(),
    );
    for (const addon of addons) expect(addon.depends_on).toEqual([expect.stringMatching(/^aws_eks_node_group\./)]);
    const cni = addons.find((a) => a.addon_name === 'vpc-cni');
    expect(JSON.parse(String(cni?.configuration_values))).toEqual({ enableNetworkPolicy: 'true' });
  });

  it('describes the cluster through the contract', () => {
    const { description } = buildEnvironment().cluster;
    expect(description).toMatchObject({
      environment: 'aws-prod',
      cloud: 'aws',
      clusterName: 'aws-prod',
      kubernetesVersion: '1.35',
      nodePools: {
        core: { labels: { 'node-type': 'core' }, taints: [] },
        worker: { labels: { 'node-type': 'worker' }, taints: [] },
        gpu: {
          labels: { 'node-type': 'gpu' },
          taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
        },
      },
      dns: { provider: 'aws', baseDomain: 'aws-prod.k8s.hotosm.org', zoneId: expect.any(String) },
      objectStorage: {
        endpoint: 'https://s3.us-east-1.amazonaws.com',
        // S3 itself is public: browsers and pods use the same endpoint.
        publicEndpoint: 'https://s3.us-east-1.amazonaws.com',
        region: 'us-east-1',
      },
    });
    expect(description.storage.classes.map((c) => [c.name, c.reclaimPolicy, c.isDefault])).toEqual([
      ['standard', 'Retain', true],
      ['ephemeral', 'Delete', false],
    ]);
  });
});

describe('Pod Identity roles', () => {
  it('refuses a role no ServiceAccount may assume', () => {
    const stack = new TerraformStack(Testing.app(), 'roles');
    expect(
      () =>
        new PodIdentityRole(stack, 'orphan', {
          clusterName: 'aws-prod',
          clusterArn: 'arn:aws:eks:us-east-1:123456789012:cluster/aws-prod',
          roleName: 'aws-prod-orphan',
          partition: 'aws',
        }),
    ).toThrow(
      'Pod Identity role aws-prod-orphan = []: trusts no ServiceAccount; name the ServiceAccounts (serviceAccounts or addOnServiceAccounts) that use it',
    );
  });
});

describe('network plan and node images', () => {
  it('carves /19 node subnets and /22 public subnets from a /16', () => {
    expect(planSubnets('10.0.0.0/16', 2)).toEqual({
      privateCidrs: ['10.0.0.0/19', '10.0.32.0/19'],
      publicCidrs: ['10.0.224.0/22', '10.0.228.0/22'],
    });
  });

  it('picks the arm64 image only when every instance type is Graviton', () => {
    expect(amiTypeFor(['m7g.large', 'c7gn.xlarge'])).toBe('AL2023_ARM_64_STANDARD');
    expect(amiTypeFor(['m7g.large', 'm7i.large'])).toBe('AL2023_x86_64_STANDARD');
    expect(amiTypeFor(['g5.xlarge'])).toBe('AL2023_x86_64_STANDARD');
  });
});
