import { isReference, lifecycleOf, truthy } from '../read';
import type { PolicyRule } from '../types';

/**
 * Resource types whose loss loses data or identity. Flavours add their own types here in the change that
 * first creates them.
 */
export const STATEFUL_TYPES = [
  'aws_eks_cluster',
  'aws_kms_key',
  'aws_s3_bucket',
  'aws_ebs_volume',
  'aws_db_instance',
  'aws_efs_file_system',
  'aws_cloudwatch_log_group',
  'aws_route53_zone',
  'azurerm_kubernetes_cluster',
  'azurerm_key_vault',
  'azurerm_key_vault_key',
  'azurerm_storage_account',
  'azurerm_storage_container',
  'azurerm_dns_zone',
  'hcloud_network',
  'hcloud_load_balancer',
  'hcloud_zone',
  'talos_machine_secrets',
] as const;

const SECRET_NAME = /(password|passwd|secret|token|private_key|client_key|kubeconfig|talosconfig|credentials?)$/i;

/** Keys that hold secrets by name but are references or non-secret by design. */
const NOT_SECRET_KEYS = new Set(['secret_name', 'token_ttl', 'existing_secret']);

export const stateRules: PolicyRule[] = [
  {
    id: 'HOT-STATE-001',
    title: 'Stateful resources are protected from terraform destroy',
    checkov: [],
    trivy: [],
    appliesTo: STATEFUL_TYPES.map((type) => `resource.${type}`),
    check: ({ config }) =>
      truthy(lifecycleOf(config).prevent_destroy) ? undefined : 'lifecycle.prevent_destroy must be true',
  },
  {
    id: 'HOT-STATE-002',
    title: 'Outputs and variables that carry credentials are marked sensitive',
    checkov: [],
    trivy: [],
    appliesTo: ['output', 'variable'],
    check: ({ address, config }) => {
      const name = address.split('.').pop() ?? '';
      return SECRET_NAME.test(name.replace(/-/g, '_')) && config.sensitive !== true
        ? 'its name says it holds a secret; set sensitive = true'
        : undefined;
    },
  },
  {
    id: 'HOT-STATE-003',
    title: 'No secret is written into the configuration as a literal',
    checkov: ['CKV_SECRET_6'],
    trivy: [],
    appliesTo: ['provider', 'resource.*'],
    check: ({ config }) => literalSecret(config),
  },
  {
    id: 'HOT-STATE-004',
    title: 'The backend is local or Terraform Cloud, the two this project supports',
    checkov: [],
    trivy: [],
    appliesTo: ['terraform'],
    check: ({ config }) => {
      const backends = Object.keys((config.backend as Record<string, unknown> | undefined) ?? {});
      if (config.cloud !== undefined) return backends.length === 0 ? undefined : 'has both a cloud block and a backend';
      return backends.length === 1 && backends[0] === 'local'
        ? undefined
        : `backend ${backends.join(', ') || 'none'} is not supported`;
    },
  },
];

/** Finds a key named like a secret whose value is a plain string, anywhere in a block. */
export function literalSecret(value: unknown, path = ''): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = literalSecret(item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (
      SECRET_NAME.test(key) &&
      !NOT_SECRET_KEYS.has(key) &&
      typeof item === 'string' &&
      item !== '' &&
      !isReference(item)
    ) {
      return `${here} is a literal; take it from a sensitive variable or a generated value`;
    }
    const found = literalSecret(item, here);
    if (found) return found;
  }
  return undefined;
}
