import { block, blocks } from '../read';
import type { PolicyRule } from '../types';

const ACCOUNT = ['resource.azurerm_storage_account'];

export const azureStorageRules: PolicyRule[] = [
  {
    id: 'HOT-STG-001',
    title: 'Storage accounts require TLS 1.2 or later',
    checkov: ['CKV_AZURE_44'],
    trivy: ['AVD-AZU-0011'],
    appliesTo: ACCOUNT,
    check: ({ config }) =>
      ['TLS1_2', 'TLS1_3'].includes(String(config.min_tls_version)) ? undefined : 'min_tls_version must be TLS1_2',
  },
  {
    id: 'HOT-STG-002',
    title: 'Storage accounts accept HTTPS only',
    checkov: ['CKV_AZURE_3'],
    trivy: ['AVD-AZU-0008'],
    appliesTo: ACCOUNT,
    check: ({ config }) =>
      config.https_traffic_only_enabled === false ? 'https_traffic_only_enabled must be true' : undefined,
  },
  {
    id: 'HOT-STG-003',
    title: 'Storage accounts and containers allow no anonymous blob access',
    checkov: ['CKV_AZURE_190', 'CKV_AZURE_34'],
    trivy: ['AVD-AZU-0007'],
    appliesTo: [...ACCOUNT, 'resource.azurerm_storage_container'],
    check: ({ type, config }) => {
      if (type === 'azurerm_storage_container') {
        const access = config.container_access_type;
        return access === undefined || access === 'private'
          ? undefined
          : `container_access_type is "${String(access)}"`;
      }
      return config.allow_nested_items_to_be_public === false
        ? undefined
        : 'allow_nested_items_to_be_public must be false';
    },
  },
  {
    id: 'HOT-STG-004',
    title: 'Storage account firewalls deny by default',
    checkov: ['CKV_AZURE_35'],
    trivy: ['AVD-AZU-0012'],
    appliesTo: ACCOUNT,
    check: ({ config }) =>
      block(config.network_rules)?.default_action === 'Deny'
        ? undefined
        : 'network_rules.default_action must be "Deny"',
  },
  {
    id: 'HOT-STG-005',
    title: 'Storage accounts keep blob versions and soft-deleted blobs and containers',
    checkov: ['CKV2_AZURE_38'],
    trivy: [],
    appliesTo: ACCOUNT,
    check: ({ config }) => {
      const blob = block(config.blob_properties);
      if (blob?.versioning_enabled !== true) return 'blob_properties.versioning_enabled must be true';
      const days = (policy: unknown) => Number(block(policy)?.days ?? 0);
      return days(blob.delete_retention_policy) >= 7 && days(blob.container_delete_retention_policy) >= 7
        ? undefined
        : 'blob and container soft delete must keep at least 7 days';
    },
  },
  {
    id: 'HOT-STG-006',
    title: 'Storage accounts accept Entra ID only (no shared keys)',
    checkov: ['CKV2_AZURE_40'],
    trivy: [],
    appliesTo: ACCOUNT,
    check: ({ config }) =>
      config.shared_access_key_enabled === false ? undefined : 'shared_access_key_enabled must be false',
  },
  {
    id: 'HOT-STG-007',
    title: 'Storage accounts survive the loss of a zone (no LRS)',
    // Not CKV_AZURE_206: that one accepts only geo-redundant types, and ZRS (staging's choice) passes here.
    checkov: [],
    trivy: [],
    appliesTo: ACCOUNT,
    check: ({ config }) =>
      config.account_replication_type === 'LRS' ? 'account_replication_type LRS loses data with one zone' : undefined,
  },
  {
    id: 'HOT-STG-008',
    title: 'Storage accounts log every blob read, write and delete to Log Analytics',
    // Not CKV2_AZURE_21: it wants azurerm_log_analytics_storage_insights, which signs in with an account key.
    checkov: [],
    trivy: [],
    appliesTo: ACCOUNT,
    check: ({ address }, document) => {
      const target = `\${${address}.id}/blobServices/default`;
      const settings = Object.values(document.resource?.azurerm_monitor_diagnostic_setting ?? {}).filter(
        (setting) => setting.target_resource_id === target && setting.log_analytics_workspace_id,
      );
      const logged = new Set(settings.flatMap((setting) => blocks(setting.enabled_log).map(logCategory)));
      const missing = logged.has('allLogs') ? [] : BLOB_LOGS.filter((category) => !logged.has(category));
      return missing.length === 0
        ? undefined
        : `no diagnostic setting sends ${missing.join(', ')} of ${target} to a Log Analytics workspace`;
    },
  },
  {
    id: 'HOT-STG-009',
    title: 'Blob data roles are granted on one container, never on a whole account or wider',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.azurerm_role_assignment'],
    check: ({ config }) => {
      const role = String(config.role_definition_name ?? '');
      if (!role.startsWith('Storage Blob Data')) return undefined;
      const scope = String(config.scope ?? '');
      return CONTAINER_SCOPE.test(scope) || /\/blobServices\/default\/containers\/[^/]+$/.test(scope)
        ? undefined
        : `${role} on ${scope} reaches more than one container; scope it to the container's id`;
    },
  },
];

const BLOB_LOGS = ['StorageRead', 'StorageWrite', 'StorageDelete'];

/** A reference to a container's id, as the stacks write role scopes. */
const CONTAINER_SCOPE = /^\$\{azurerm_storage_container\.[^.}]+\.id\}$/;

function logCategory(log: Record<string, unknown>): string {
  return String(log.category ?? log.category_group ?? '');
}
