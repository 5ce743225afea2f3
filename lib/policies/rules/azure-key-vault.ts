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
    check: ({ config }) =>
      truthy(config.purge_protection_enabled) ? undefined : 'purge_protection_enabled must be true',
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
    checkov: ['CKV_AZURE_40'],
    trivy: ['AVD-AZU-0014'],
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
