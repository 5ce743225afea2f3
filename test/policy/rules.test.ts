import { evaluatePolicies, formatViolation } from '../../lib/policies/engine';
import { ALL_RULES } from '../../lib/policies/index';
import { statementsOf } from '../../lib/policies/rules/aws-iam';
import { literalSecret } from '../../lib/policies/rules/state';
import type { StackDocument, Subject, Suppression, Violation } from '../../lib/policies/types';
import { AZURE_NAMES, FAIL_ALSO_BREAKS, FIXTURES, NAMES } from './fixtures';
import { KUBERNETES_EXPECTED } from './fixtures-kubernetes';
import { AWS_PLATFORM_EXPECTED } from './fixtures-aws-platform';
import { HETZNER_EXPECTED } from './fixtures-hetzner';
import { APP_EXPECTED } from './fixtures-apps';

const STACK = 'fixture';

/** What the azure fixtures must produce. */
const AZURE_EXPECTED: Record<string, { readonly address: string; readonly reason: string }> = {
  'HOT-AKS-001': {
    address: `azurerm_kubernetes_cluster.${AZURE_NAMES.cluster}`,
    reason: 'oms_agent.log_analytics_workspace_id must name a Log Analytics workspace',
  },
  'HOT-AKS-002': {
    address: `azurerm_kubernetes_cluster.${AZURE_NAMES.cluster}`,
    reason: 'azure_active_directory_role_based_access_control.azure_rbac_enabled must be true',
  },
  'HOT-AKS-003': {
    address: `azurerm_kubernetes_cluster.${AZURE_NAMES.cluster}`,
    reason: 'authorized_ip_ranges opens the API to the internet',
  },
  'HOT-AKS-004': {
    address: `azurerm_kubernetes_cluster.${AZURE_NAMES.cluster}`,
    reason: 'network_profile.network_policy must be cilium, calico or azure',
  },
  'HOT-AKS-005': {
    address: `azurerm_kubernetes_cluster.${AZURE_NAMES.cluster}`,
    reason: 'azure_policy_enabled must be true',
  },
  'HOT-AKS-006': {
    address: `azurerm_kubernetes_cluster.${AZURE_NAMES.cluster}`,
    reason: 'local_account_disabled must be true',
  },
  'HOT-AKS-007': {
    address: `azurerm_kubernetes_cluster_node_pool.${AZURE_NAMES.nodePool}`,
    reason: 'node_public_ip_enabled must be false',
  },
  'HOT-AKS-008': {
    address: `azurerm_kubernetes_cluster.${AZURE_NAMES.cluster}`,
    reason: 'sku_tier must be Standard or Premium',
  },
  'HOT-AKS-009': {
    address: `azurerm_kubernetes_cluster.${AZURE_NAMES.cluster}`,
    reason: 'automatic_upgrade_channel must be set',
  },
  'HOT-AKS-010': {
    address: `azurerm_kubernetes_cluster.${AZURE_NAMES.cluster}`,
    reason: 'default_node_pool.only_critical_addons_enabled must be true',
  },
  'HOT-AKS-011': {
    address: `azurerm_kubernetes_cluster.${AZURE_NAMES.cluster}`,
    reason: 'key_management_service.key_vault_key_id must name a Key Vault key',
  },
  'HOT-AKS-013': {
    address: `azurerm_kubernetes_cluster.${AZURE_NAMES.cluster}`,
    reason:
      'key_management_service.key_vault_network_access must be "Private": AKS KMS in "Public" mode does not support a vault firewall',
  },
  'HOT-AKS-014': {
    address: `azurerm_kubernetes_cluster_node_pool.${AZURE_NAMES.nodePool}`,
    reason: 'node_labels must include kubernetes.azure.com/scalesetpriority: spot',
  },
  'HOT-AKS-012': {
    address: `azurerm_kubernetes_cluster.${AZURE_NAMES.cluster}`,
    reason: 'oidc_issuer_enabled and workload_identity_enabled must be true',
  },
  'HOT-AKV-001': {
    address: `azurerm_key_vault.${AZURE_NAMES.keyVault}`,
    reason: 'purge_protection_enabled must be true',
  },
  'HOT-AKV-002': {
    address: `azurerm_key_vault.${AZURE_NAMES.keyVault}`,
    reason: 'network_acls.default_action must be "Deny"',
  },
  'HOT-AKV-003': {
    address: `azurerm_key_vault.${AZURE_NAMES.keyVault}`,
    reason: 'rbac_authorization_enabled must be true',
  },
  'HOT-AKV-004': {
    address: `azurerm_key_vault_key.${AZURE_NAMES.kmsKey}`,
    reason: 'key_type must be RSA-HSM or EC-HSM',
  },
  'HOT-AKV-005': {
    address: `azurerm_key_vault_key.${AZURE_NAMES.kmsKey}`,
    reason: 'rotation_policy.expire_after must be set',
  },
  'HOT-STG-001': {
    address: `azurerm_storage_account.${AZURE_NAMES.storageAccount}`,
    reason: 'min_tls_version must be TLS1_2',
  },
  'HOT-STG-002': {
    address: `azurerm_storage_account.${AZURE_NAMES.storageAccount}`,
    reason: 'https_traffic_only_enabled must be true',
  },
  'HOT-STG-003': {
    address: `azurerm_storage_container.${AZURE_NAMES.container}`,
    reason: 'container_access_type is "blob"',
  },
  'HOT-STG-004': {
    address: `azurerm_storage_account.${AZURE_NAMES.storageAccount}`,
    reason: 'network_rules.default_action must be "Deny"',
  },
  'HOT-STG-005': {
    address: `azurerm_storage_account.${AZURE_NAMES.storageAccount}`,
    reason: 'blob_properties.versioning_enabled must be true',
  },
  'HOT-STG-006': {
    address: `azurerm_storage_account.${AZURE_NAMES.storageAccount}`,
    reason: 'shared_access_key_enabled must be false',
  },
  'HOT-STG-007': {
    address: `azurerm_storage_account.${AZURE_NAMES.storageAccount}`,
    reason: 'account_replication_type LRS loses data with one zone',
  },
  'HOT-STG-008': {
    address: `azurerm_storage_account.${AZURE_NAMES.storageAccount}`,
    reason: `no diagnostic setting sends StorageRead, StorageDelete of \${azurerm_storage_account.${AZURE_NAMES.storageAccount}.id}/blobServices/default to a Log Analytics workspace`,
  },
  'HOT-STG-009': {
    address: `azurerm_role_assignment.${AZURE_NAMES.blobRole}`,
    reason: `Storage Blob Data Contributor on \${azurerm_storage_account.${AZURE_NAMES.storageAccount}.id} reaches more than one container; scope it to the container's id`,
  },
};

/** What each failing fixture must produce, exactly as the rule words it. */
const EXPECTED: Record<string, { readonly address: string; readonly reason: string }> = {
  'HOT-EKS-001': {
    address: `aws_eks_cluster.${NAMES.cluster}`,
    reason: 'encryption_config must name a KMS key and resources ["secrets"]',
  },
  'HOT-EKS-002': {
    address: `aws_eks_cluster.${NAMES.cluster}`,
    reason: 'enabled_cluster_log_types lacks controllerManager, scheduler',
  },
  'HOT-EKS-003': {
    address: `aws_eks_cluster.${NAMES.cluster}`,
    reason: 'public_access_cidrs opens the API to the internet',
  },
  'HOT-EKS-004': {
    address: `aws_eks_cluster.${NAMES.cluster}`,
    reason: 'vpc_config.endpoint_private_access must be true',
  },
  'HOT-EKS-005': {
    address: `aws_eks_cluster.${NAMES.cluster}`,
    reason: 'access_config.authentication_mode must be "API"',
  },
  'HOT-EKS-008': {
    address: `aws_eks_cluster.${NAMES.cluster}`,
    reason:
      'access_config.bootstrap_cluster_creator_admin_permissions must be false; give the identity Terraform runs as an explicit access entry',
  },
  'HOT-EKS-006': {
    address: `aws_eks_node_group.${NAMES.nodeGroup}`,
    reason: 'remote_access opens SSH to nodes; use SSM Session Manager',
  },
  'HOT-KMS-001': { address: `aws_kms_key.${NAMES.key}`, reason: 'enable_key_rotation must be true' },
  'HOT-KMS-002': {
    address: `aws_kms_key.${NAMES.key}`,
    reason: 'deletion_window_in_days must be 30, the longest recovery window',
  },
  'HOT-LT-001': {
    address: `aws_launch_template.${NAMES.launchTemplate}`,
    reason: 'metadata_options.http_tokens must be "required"',
  },
  'HOT-LT-002': {
    address: `aws_launch_template.${NAMES.launchTemplate}`,
    reason: 'metadata_options.http_put_response_hop_limit must be 1',
  },
  'HOT-LT-003': {
    address: `aws_launch_template.${NAMES.launchTemplate}`,
    reason: 'ebs.encrypted is not true for /dev/xvda',
  },
  'HOT-VPC-001': { address: `aws_subnet.${NAMES.subnet}`, reason: 'map_public_ip_on_launch must be false' },
  'HOT-VPC-002': {
    address: `aws_vpc.${NAMES.vpc}`,
    reason: 'its aws_default_security_group still has rules; set ingress and egress to []',
  },
  'HOT-VPC-003': { address: `aws_vpc.${NAMES.vpc}`, reason: 'no aws_flow_log records this VPC' },
  'HOT-CWL-001': {
    address: `aws_cloudwatch_log_group.${NAMES.logGroup}`,
    reason: 'retention_in_days must be set to 365 or more',
  },
  'HOT-CWL-002': {
    address: `aws_cloudwatch_log_group.${NAMES.logGroup}`,
    reason: 'kms_key_id must name a KMS key (CloudWatch would otherwise use its own, which we cannot audit or revoke)',
  },
  'HOT-IAM-001': {
    address: `data.aws_iam_policy_document.${NAMES.keyUsePolicy}`,
    reason: 'a statement allows action "*" on resource "*"',
  },
  'HOT-IAM-002': {
    address: `data.aws_iam_policy_document.${NAMES.keyUsePolicy}`,
    reason: 'allows wildcard actions kms:*; list the actions needed',
  },
  'HOT-IAM-003': {
    address: `data.aws_iam_policy_document.${NAMES.trustPolicy}`,
    reason: 'a statement trusts principal "*"',
  },
  'HOT-IAM-004': {
    address: `aws_iam_user.${NAMES.user}`,
    reason: 'aws_iam_user creates IAM user credentials; use a role with EKS Pod Identity or SSO instead',
  },
  'HOT-STATE-001': { address: `aws_s3_bucket.${NAMES.bucket}`, reason: 'lifecycle.prevent_destroy must be true' },
  'HOT-STATE-002': { address: 'output.kubeconfig', reason: 'its name says it holds a secret; set sensitive = true' },
  'HOT-STATE-003': {
    address: 'provider.helm[0]',
    reason: 'kubernetes.token is a literal; take it from a sensitive variable or a generated value',
  },
  'HOT-STATE-004': { address: 'terraform', reason: 'backend s3 is not supported' },
  'HOT-HELM-001': {
    address: `helm_release.${NAMES.release}`,
    reason: 'version "~1.18" is not an exact chart version like "1.2.3"',
  },
  'HOT-HELM-002': {
    address: `helm_release.${NAMES.release}`,
    reason: 'repository http://charts.jetstack.io is not https:// or oci://',
  },
  'HOT-HELM-003': { address: `helm_release.${NAMES.release}`, reason: 'atomic must be true' },
  'HOT-HELM-004': { address: `helm_release.${NAMES.release}`, reason: 'name is 61 characters; Helm allows 53' },
  'HOT-HELM-007': {
    address: `helm_release.${NAMES.release}`,
    reason:
      'set_sensitive configs.secret.extra.accounts\\.viewer\\.password has an escaped dot and would be stored in clear in the release metadata; put the secret in a Kubernetes Secret the chart reads',
  },
  ...KUBERNETES_EXPECTED,
  ...AZURE_EXPECTED,
  ...AWS_PLATFORM_EXPECTED,
  ...HETZNER_EXPECTED,
  ...APP_EXPECTED,
};

const ruleIds = ALL_RULES.map((rule) => rule.id);
const of = (violations: Violation[], id: string) => violations.filter((v) => v.ruleId === id);

describe('policy fixtures', () => {
  it('covers every rule with a fixture pair and an expected reason, and names no unknown rule', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual([...ruleIds].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...ruleIds].sort());
    for (const [id, others] of Object.entries(FAIL_ALSO_BREAKS)) {
      expect(ruleIds).toContain(id);
      for (const other of others) expect(ruleIds).toContain(other);
    }
  });
});

describe.each(ALL_RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  const fixture = FIXTURES[id];

  it('passes its passing fixture', () => {
    expect(of(evaluatePolicies(STACK, fixture.pass, [rule]), id)).toEqual([]);
  });

  it('fails its failing fixture with the expected reason', () => {
    const violations = of(evaluatePolicies(STACK, fixture.fail, [rule]), id);
    expect(violations.length).toBeGreaterThanOrEqual(1);
    expect(violations.map((v) => v.reason)).toEqual([EXPECTED[id].reason]);
    expect(violations.map((v) => v.address)).toEqual([EXPECTED[id].address]);
    expect(violations[0]).toEqual({ ruleId: id, title: rule.title, stack: STACK, ...EXPECTED[id] });
  });

  it('has a passing fixture that every rule accepts', () => {
    expect(evaluatePolicies(STACK, fixture.pass, ALL_RULES).map(formatViolation)).toEqual([]);
  });

  it('has a failing fixture that breaks no other rule', () => {
    const broken = new Set(evaluatePolicies(STACK, fixture.fail, ALL_RULES).map((v) => v.ruleId));
    expect([...broken].sort()).toEqual([id, ...(FAIL_ALSO_BREAKS[id] ?? [])].sort());
  });

  it('reads nested blocks written as one-element lists the same way', () => {
    expect(of(evaluatePolicies(STACK, nestedAsLists(fixture.pass), [rule]), id)).toEqual([]);
    expect(of(evaluatePolicies(STACK, nestedAsLists(fixture.fail), [rule]), id)).toHaveLength(1);
  });
});

describe('rule metadata', () => {
  it('has unique ids in the HOT-<AREA>-<nnn> form', () => {
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    for (const id of ruleIds) expect(id).toMatch(/^HOT-[A-Z]+-\d{3}$/);
  });

  it.each(ALL_RULES.map((rule) => [rule.id, rule] as const))('%s has a title and targets', (_id, rule) => {
    expect(rule.title.trim()).not.toBe('');
    expect(rule.appliesTo.length).toBeGreaterThanOrEqual(1);
    for (const target of rule.appliesTo) {
      expect(target).toMatch(/^(resource\.[a-z0-9_*]+|data\.[a-z0-9_*]+|output|variable|provider|terraform)$/);
    }
  });

  it('has at least 20 rules', () => {
    expect(ALL_RULES.length).toBeGreaterThanOrEqual(20);
  });
});

describe('evaluatePolicies', () => {
  const kms001 = ALL_RULES.filter((rule) => rule.id === 'HOT-KMS-001');
  const failing = FIXTURES['HOT-KMS-001'].fail;
  const address = `aws_kms_key.${NAMES.key}`;
  const suppression = (patch: Partial<Suppression> = {}): Suppression => ({
    ruleId: 'HOT-KMS-001',
    stack: STACK,
    address,
    reason: 'imported key, rotation managed by the security account',
    ...patch,
  });

  it('reports a violation without suppressions', () => {
    expect(evaluatePolicies(STACK, failing, kms001)).toHaveLength(1);
  });

  it('drops a violation a suppression names by rule, stack and address', () => {
    expect(evaluatePolicies(STACK, failing, kms001, [suppression()])).toEqual([]);
  });

  it('does not suppress a different rule or address', () => {
    const violations = evaluatePolicies(STACK, failing, kms001, [suppression({ address: 'aws_kms_key.other' })]);
    expect(violations.map((v) => [v.ruleId, v.title, v.address])).toEqual([
      ['HOT-KMS-001', 'KMS keys rotate yearly', address],
      ['HOT-KMS-001', 'unused suppression', 'aws_kms_key.other'],
    ]);
  });

  it('reports a suppression of this stack that suppresses nothing', () => {
    const passing = FIXTURES['HOT-KMS-001'].pass;
    expect(evaluatePolicies(STACK, passing, kms001, [suppression()])).toEqual([
      {
        ruleId: 'HOT-KMS-001',
        title: 'unused suppression',
        stack: STACK,
        address,
        reason: 'suppresses nothing; remove the suppress() call on this resource',
      },
    ]);
  });

  it('ignores suppressions of other stacks, both for suppressing and for reporting them unused', () => {
    const other = suppression({ stack: 'aws-staging' });
    expect(evaluatePolicies(STACK, failing, kms001, [other])).toEqual([
      {
        ruleId: 'HOT-KMS-001',
        title: 'KMS keys rotate yearly',
        stack: STACK,
        address,
        reason: 'enable_key_rotation must be true',
      },
    ]);
    expect(evaluatePolicies(STACK, FIXTURES['HOT-KMS-001'].pass, kms001, [other])).toEqual([]);
  });

  it('only runs a rule on the blocks it applies to', () => {
    const helmOnly = ALL_RULES.filter((rule) => rule.id.startsWith('HOT-HELM-'));
    expect(evaluatePolicies(STACK, failing, helmOnly)).toEqual([]);
  });
});

describe('formatViolation', () => {
  it('prints rule, stack, address, reason and title on one line', () => {
    const violation: Violation = {
      ruleId: 'HOT-KMS-001',
      title: 'KMS keys rotate yearly',
      stack: 'aws-prod',
      address: 'aws_kms_key.control-plane_secrets-key_4B5C69FD',
      reason: 'enable_key_rotation must be true',
    };
    expect(formatViolation(violation)).toBe(
      'HOT-KMS-001 aws-prod aws_kms_key.control-plane_secrets-key_4B5C69FD: enable_key_rotation must be true (KMS keys rotate yearly)',
    );
  });
});

describe('statementsOf', () => {
  const policy = (config: Record<string, unknown>, type = 'aws_iam_policy'): Subject => ({
    address: `${type}.p`,
    type,
    config,
  });

  it('reads a Statement array from a literal JSON policy', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::hot-backups/*' },
        { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: ['arn:aws:s3:::hot-backups'] },
      ],
    });
    expect(statementsOf(policy({ policy: text }))).toEqual([
      {
        effect: 'Allow',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: ['arn:aws:s3:::hot-backups/*'],
        principals: [],
        conditions: [],
      },
      {
        effect: 'Deny',
        actions: ['s3:DeleteBucket'],
        resources: ['arn:aws:s3:::hot-backups'],
        principals: [],
        conditions: [],
      },
    ]);
  });

  it('reads a single Statement object with Principal "*" from a trust policy', () => {
    const text = JSON.stringify({ Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: '*' } });
    expect(statementsOf(policy({ assume_role_policy: text, name: 'open' }, 'aws_iam_role'))).toEqual([
      { effect: 'Allow', actions: ['sts:AssumeRole'], resources: [], principals: ['*'], conditions: [] },
    ]);
  });

  it('reads Principal {AWS: [...]} and defaults Effect to Allow', () => {
    const text = JSON.stringify({
      Statement: [
        {
          Action: 'sts:AssumeRole',
          Principal: { AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:role/ci'] },
        },
      ],
    });
    expect(statementsOf(policy({ assume_role_policy: text }, 'aws_iam_role'))).toEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        resources: [],
        principals: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:role/ci'],
        conditions: [],
      },
    ]);
  });

  it('ignores a policy that is a reference to a policy document or an expression', () => {
    expect(statementsOf(policy({ policy: `\${data.aws_iam_policy_document.${NAMES.keyUsePolicy}.json}` }))).toEqual([]);
    expect(
      statementsOf(policy({ policy: '${jsonencode({ Statement = [{ Action = "*", Resource = "*" }] })}' })),
    ).toEqual([]);
    expect(statementsOf(policy({ name: 'no-policy' }))).toEqual([]);
  });

  it('still reads a literal JSON policy that embeds a reference', () => {
    const text = JSON.stringify({
      Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: `\${aws_kms_key.${NAMES.key}.arn}` }],
    });
    expect(statementsOf(policy({ policy: text }))).toEqual([
      {
        effect: 'Allow',
        actions: ['kms:*'],
        resources: [`\${aws_kms_key.${NAMES.key}.arn}`],
        principals: [],
        conditions: [],
      },
    ]);
    const iam002 = ALL_RULES.filter((rule) => rule.id === 'HOT-IAM-002');
    const document: StackDocument = { resource: { aws_iam_policy: { p: { policy: text } } } };
    expect(evaluatePolicies(STACK, document, iam002).map((v) => v.reason)).toEqual([
      'allows wildcard actions kms:*; list the actions needed',
    ]);
  });

  it('flags a policy string that is neither JSON nor a reference', () => {
    expect(statementsOf(policy({ policy: '{"Statement": [' }))).toEqual([
      { effect: 'Allow', actions: ['<unparseable policy>'], resources: [], principals: [], conditions: [] },
    ]);
  });

  it('reads statements and principals of an aws_iam_policy_document data block', () => {
    const subject: Subject = {
      address: `data.aws_iam_policy_document.${NAMES.trustPolicy}`,
      type: 'aws_iam_policy_document',
      config: {
        statement: [
          { actions: ['sts:AssumeRole'], principals: [{ identifiers: ['eks.amazonaws.com'], type: 'Service' }] },
        ],
      },
    };
    expect(statementsOf(subject)).toEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        resources: [],
        principals: ['eks.amazonaws.com'],
        conditions: [],
      },
    ]);
  });
});

describe('literalSecret', () => {
  it('finds a literal password nested in lists and objects', () => {
    const config = {
      name: 'grafana',
      set_sensitive: [
        { name: 'image.tag', value: '11.2.0' },
        { name: 'adminPassword', settings: { admin_password: 'hunter2' } },
      ],
    };
    expect(literalSecret(config)).toBe(
      'set_sensitive[1].settings.admin_password is a literal; take it from a sensitive variable or a generated value',
    );
  });

  it('finds a literal at the top level', () => {
    expect(literalSecret({ username: 'hot', password: 'correct horse battery staple' })).toBe(
      'password is a literal; take it from a sensitive variable or a generated value',
    );
  });

  it('ignores references, empty strings and non-strings', () => {
    expect(
      literalSecret({
        password: '${var.db_password}',
        master_password: '${random_password.db.result}',
        auth: [{ token: '${data.aws_eks_cluster_auth.cluster-auth.token}' }],
        client_key: '',
        credentials: { file: '${file(var.credentials_path)}' },
      }),
    ).toBeUndefined();
  });

  it('ignores keys on its allow-list', () => {
    expect(
      literalSecret({ secret_name: 'grafana-admin', token_ttl: '1h', values: [{ existing_secret: 'grafana-admin' }] }),
    ).toBeUndefined();
  });

  it('ignores non-object values', () => {
    expect(literalSecret('password')).toBeUndefined();
    expect(literalSecret(null)).toBeUndefined();
  });
});

describe('azure rules beyond their fixtures', () => {
  const reasons = (id: string, document: StackDocument) =>
    of(evaluatePolicies(STACK, document, ALL_RULES), id).map((v) => v.reason);
  const withConfig = (document: StackDocument, type: string, name: string, patch: Record<string, unknown>) => {
    const resource = document.resource ?? {};
    return {
      ...document,
      resource: { ...resource, [type]: { ...resource[type], [name]: { ...resource[type][name], ...patch } } },
    };
  };

  it('HOT-AKV-001 refuses a soft-delete window outside 7-90 days (AVD-AZU-0016)', () => {
    const vault = FIXTURES['HOT-AKV-001'].pass;
    expect(reasons('HOT-AKV-001', vault)).toEqual([]);
    expect(
      reasons(
        'HOT-AKV-001',
        withConfig(vault, 'azurerm_key_vault', AZURE_NAMES.keyVault, { soft_delete_retention_days: 120 }),
      ),
    ).toEqual(['soft_delete_retention_days is 120; it must be 7-90']);
  });

  it('HOT-STG-008 accepts the allLogs category group and refuses a setting without a workspace', () => {
    const account = FIXTURES['HOT-STG-008'].pass;
    const logs = (patch: Record<string, unknown>) =>
      withConfig(account, 'azurerm_monitor_diagnostic_setting', AZURE_NAMES.blobLogs, patch);
    expect(reasons('HOT-STG-008', logs({ enabled_log: [{ category_group: 'allLogs' }] }))).toEqual([]);
    expect(reasons('HOT-STG-008', logs({ log_analytics_workspace_id: undefined }))).toHaveLength(1);
    expect(reasons('HOT-STG-008', logs({ target_resource_id: '${azurerm_storage_account.other.id}' }))).toHaveLength(1);
  });

  it('HOT-STG-009 accepts a container resource id and leaves roles other than blob data alone', () => {
    const role = FIXTURES['HOT-STG-009'].fail;
    const grant = (patch: Record<string, unknown>) =>
      withConfig(role, 'azurerm_role_assignment', AZURE_NAMES.blobRole, patch);
    const containerId =
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/blobServices/default/containers/backups';
    expect(reasons('HOT-STG-009', grant({ scope: containerId }))).toEqual([]);
    expect(reasons('HOT-STG-009', grant({ role_definition_name: 'DNS Zone Contributor' }))).toEqual([]);
    expect(reasons('HOT-STG-009', grant({ role_definition_name: 'Storage Blob Data Reader' }))).toHaveLength(1);
  });
});

/** The same document with every nested block of a resource or data config wrapped in a one-element list. */
function nestedAsLists(document: StackDocument): StackDocument {
  const isBlock = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  const inner = (config: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(config).map(([key, value]) => [key, wrap(value)]));
  const wrap = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map((item) => (isBlock(item) ? inner(item) : item));
    return isBlock(value) ? [inner(value)] : value;
  };
  const configs = (kind: 'resource' | 'data') =>
    Object.fromEntries(
      Object.entries(document[kind] ?? {}).map(([type, byName]) => [
        type,
        Object.fromEntries(Object.entries(byName).map(([name, config]) => [name, inner(config)])),
      ]),
    );
  return { ...document, resource: configs('resource'), data: configs('data') };
}
