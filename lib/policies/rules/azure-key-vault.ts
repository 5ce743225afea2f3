import { block, truthy } from '../read';
import type { PolicyRule } from '../types';

const VAULT = ['resource.azurerm_key_vault'];
const KEY = ['resource.azurerm_key_vault_key'];

export const azureKeyVaultRules: PolicyRule[] = [
  {
    id: 'HOT-AKV-001',
    title: 'Key Vaults have purge protection, so a deleted key can be recovered',
    checkov: ['CKV_AZURE_42', 'CKV_AZURE_110'],
    trivy: ['AVD-AZU-0016'],
    appliesTo: VAULT,
    check: ({ config }) => {
      if (!truthy(config.purge_protection_enabled)) return 'purge_protection_enabled must be true';
      // AVD-AZU-0016 also wants the soft-delete window that purge protection guards to be 7-90 days.
      const days = config.soft_delete_retention_days;
      return days === undefined || (Number(days) >= 7 && Number(days) <= 90)
        ? undefined
        : `soft_delete_retention_days is ${String(days)}; it must be 7-90`;
    },
  },
  {
    id: 'HOT-AKV-002',
    title: 'Key Vault firewalls deny by default',
    checkov: ['CKV_AZURE_109'],
    trivy: ['AVD-AZU-0013'],
    appliesTo: VAULT,
    check: ({ config }) =>
      block(config.network_acls)?.default_action === 'Deny' ? undefined : 'network_acls.default_action must be "Deny"',
  },
  {
    id: 'HOT-AKV-003',
    title: 'Key Vaults authorize with Azure RBAC, not access policies',
    checkov: [],
    trivy: [],
    appliesTo: VAULT,
    check: ({ config }) =>
      truthy(config.rbac_authorization_enabled) || truthy(config.enable_rbac_authorization)
        ? undefined
        : 'rbac_authorization_enabled must be true',
  },
  {
    id: 'HOT-AKV-004',
    title: 'Key Vault keys are HSM-backed',
    checkov: ['CKV_AZURE_112'],
    trivy: [],
    appliesTo: KEY,
    check: ({ config }) =>
      ['RSA-HSM', 'EC-HSM'].includes(String(config.key_type)) ? undefined : 'key_type must be RSA-HSM or EC-HSM',
  },
  {
    id: 'HOT-AKV-005',
    title: 'Key Vault keys rotate automatically and expire',
    // Not CKV_AZURE_40 / AVD-AZU-0014: both read a fixed expiration_date, which the rotation policy replaces
    // (lib/policies/README.md, "Ids left out").
    checkov: [],
    trivy: [],
    appliesTo: KEY,
    check: ({ config }) => {
      const policy = block(config.rotation_policy);
      if (!policy?.expire_after) return 'rotation_policy.expire_after must be set';
      const automatic = block(policy.automatic);
      return automatic?.time_before_expiry || automatic?.time_after_creation
        ? undefined
        : 'rotation_policy.automatic must rotate the key before it expires';
    },
  },
];
