import { block, strings, truthy } from '../read';
import type { PolicyRule, StackDocument, Subject } from '../types';

const CLUSTER = ['resource.azurerm_kubernetes_cluster'];

/** The node pools of a subject: the cluster's default pool or a separate node pool resource. */
function poolOf({ type, config }: Subject): Record<string, unknown> {
  return type === 'azurerm_kubernetes_cluster' ? (block(config.default_node_pool) ?? {}) : config;
}

export const azureAksRules: PolicyRule[] = [
  {
    id: 'HOT-AKS-001',
    title: 'AKS sends logs and metrics to Azure Monitor (Container Insights)',
    checkov: ['CKV_AZURE_4'],
    trivy: ['AVD-AZU-0040'],
    appliesTo: CLUSTER,
    check: ({ config }) =>
      block(config.oms_agent)?.log_analytics_workspace_id
        ? undefined
        : 'oms_agent.log_analytics_workspace_id must name a Log Analytics workspace',
  },
  {
    id: 'HOT-AKS-002',
    title: 'AKS uses Kubernetes RBAC with Entra ID and Azure RBAC',
    checkov: ['CKV_AZURE_5'],
    trivy: ['AVD-AZU-0042'],
    appliesTo: CLUSTER,
    check: ({ config }) => {
      if (config.role_based_access_control_enabled === false) return 'role_based_access_control_enabled is false';
      return truthy(block(config.azure_active_directory_role_based_access_control)?.azure_rbac_enabled)
        ? undefined
        : 'azure_active_directory_role_based_access_control.azure_rbac_enabled must be true';
    },
  },
  {
    id: 'HOT-AKS-003',
    title: 'AKS API server is private or limited to authorized IP ranges',
    // Not CKV_AZURE_115: it fails every public cluster, also one limited to authorized ranges.
    checkov: ['CKV_AZURE_6'],
    trivy: ['AVD-AZU-0041'],
    appliesTo: CLUSTER,
    check: ({ config }) => {
      if (truthy(config.private_cluster_enabled)) return undefined;
      const ranges = strings(block(config.api_server_access_profile)?.authorized_ip_ranges);
      if (ranges.length === 0) return 'the API server is public with no authorized_ip_ranges';
      return ranges.some((r) => r.endsWith('/0')) ? 'authorized_ip_ranges opens the API to the internet' : undefined;
    },
  },
  {
    id: 'HOT-AKS-004',
    title: 'AKS enforces Kubernetes network policies',
    checkov: ['CKV_AZURE_7'],
    trivy: ['AVD-AZU-0043'],
    appliesTo: CLUSTER,
    check: ({ config }) =>
      ['azure', 'calico', 'cilium'].includes(String(block(config.network_profile)?.network_policy))
        ? undefined
        : 'network_profile.network_policy must be cilium, calico or azure',
  },
  {
    id: 'HOT-AKS-005',
    title: 'AKS runs the Azure Policy add-on',
    checkov: ['CKV_AZURE_116'],
    trivy: [],
    appliesTo: CLUSTER,
    check: ({ config }) => (truthy(config.azure_policy_enabled) ? undefined : 'azure_policy_enabled must be true'),
  },
  {
    id: 'HOT-AKS-006',
    title: 'AKS local accounts are disabled (Entra ID only)',
    checkov: ['CKV_AZURE_141'],
    trivy: [],
    appliesTo: CLUSTER,
    check: ({ config }) => (truthy(config.local_account_disabled) ? undefined : 'local_account_disabled must be true'),
  },
  {
    id: 'HOT-AKS-007',
    title: 'AKS nodes have no public IP addresses',
    checkov: ['CKV_AZURE_143'],
    trivy: [],
    appliesTo: [...CLUSTER, 'resource.azurerm_kubernetes_cluster_node_pool'],
    check: (subject) =>
      truthy(poolOf(subject).node_public_ip_enabled) ? 'node_public_ip_enabled must be false' : undefined,
  },
  {
    id: 'HOT-AKS-008',
    title: 'AKS runs on a paid tier with an uptime SLA',
    // Not CKV_AZURE_170: it accepts "Standard" only, and Premium (which carries the SLA too) passes here.
    checkov: [],
    trivy: [],
    appliesTo: CLUSTER,
    check: ({ config }) =>
      ['Standard', 'Premium'].includes(String(config.sku_tier)) ? undefined : 'sku_tier must be Standard or Premium',
  },
  {
    id: 'HOT-AKS-009',
    title: 'AKS upgrades Kubernetes and node images automatically',
    checkov: ['CKV_AZURE_171'],
    trivy: [],
    appliesTo: CLUSTER,
    check: ({ config }) => {
      const channel = config.automatic_upgrade_channel;
      if (typeof channel !== 'string' || channel === 'none') return 'automatic_upgrade_channel must be set';
      return ['NodeImage', 'SecurityPatch'].includes(String(config.node_os_upgrade_channel))
        ? undefined
        : 'node_os_upgrade_channel must be NodeImage or SecurityPatch';
    },
  },
  {
    id: 'HOT-AKS-010',
    title: 'The AKS system pool runs critical add-ons only',
    checkov: ['CKV_AZURE_232'],
    trivy: [],
    appliesTo: CLUSTER,
    check: (subject) =>
      truthy(poolOf(subject).only_critical_addons_enabled)
        ? undefined
        : 'default_node_pool.only_critical_addons_enabled must be true',
  },
  {
    id: 'HOT-AKS-011',
    title: 'AKS encrypts etcd with a Key Vault key (KMS)',
    checkov: [],
    trivy: [],
    appliesTo: CLUSTER,
    check: ({ config }) =>
      block(config.key_management_service)?.key_vault_key_id
        ? undefined
        : 'key_management_service.key_vault_key_id must name a Key Vault key',
  },
  {
    id: 'HOT-AKS-012',
    title: 'AKS has the OIDC issuer and workload identity on, so pods never hold cloud secrets',
    checkov: [],
    trivy: [],
    appliesTo: CLUSTER,
    check: ({ config }) =>
      truthy(config.oidc_issuer_enabled) && truthy(config.workload_identity_enabled)
        ? undefined
        : 'oidc_issuer_enabled and workload_identity_enabled must be true',
  },
  {
    id: 'HOT-AKS-013',
    title: 'AKS KMS uses a private Key Vault with API Server VNet Integration, the firewalled setup AKS supports',
    checkov: [],
    trivy: [],
    appliesTo: CLUSTER,
    check: ({ config }, document) => {
      const kms = block(config.key_management_service);
      if (!kms) return undefined;
      if (kms.key_vault_network_access !== 'Private') {
        return 'key_management_service.key_vault_network_access must be "Private": AKS KMS in "Public" mode does not support a vault firewall';
      }
      if (!truthy(block(config.api_server_access_profile)?.virtual_network_integration_enabled)) {
        return 'a private KMS vault needs api_server_access_profile.virtual_network_integration_enabled';
      }
      const vault = referenced(
        document,
        referenced(document, kms.key_vault_key_id, 'azurerm_key_vault_key')?.key_vault_id,
        'azurerm_key_vault',
      );
      return vault && vault.public_network_access_enabled !== false
        ? 'the KMS Key Vault must have public_network_access_enabled = false in private mode'
        : undefined;
    },
  },
  {
    id: 'HOT-AKS-014',
    title: 'Spot node pools declare the label and taint AKS puts on spot nodes (or every plan shows a change)',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.azurerm_kubernetes_cluster_node_pool'],
    check: ({ config }) => {
      if (config.priority !== 'Spot') return undefined;
      if (block(config.node_labels)?.[SPOT_KEY] !== 'spot') return `node_labels must include ${SPOT_KEY}: spot`;
      return strings(config.node_taints).includes(`${SPOT_KEY}=spot:NoSchedule`)
        ? undefined
        : `node_taints must include ${SPOT_KEY}=spot:NoSchedule`;
    },
  },
];

const SPOT_KEY = 'kubernetes.azure.com/scalesetpriority';

/** The block a reference like `${azurerm_key_vault.name.id}` points at, when it is in the document. */
function referenced(document: StackDocument, reference: unknown, type: string): Record<string, unknown> | undefined {
  const name = new RegExp(`^\\$\\{${type}\\.([^.}]+)\\.`).exec(String(reference ?? ''))?.[1];
  return name ? document.resource?.[type]?.[name] : undefined;
}
