import type { CloudName } from './clouds';

/**
 * The `HOT_*` environment variables synth reads. Every other `HOT_*` variable is refused, so a misspelt one
 * cannot leave a default in place without a word.
 */

/** `HOT_<ENV>_<suffix>` sets one field of environment `<env>`. */
export interface EnvironmentVariable {
  readonly suffix: string;
  /** The field it sets, e.g. `['dns', 'baseDomain']`. */
  readonly path: readonly string[];
  /** Comma- or space-separated; an empty value sets an empty list. @default false (an empty value is refused) */
  readonly list?: boolean;
  /** Clouds whose environments have the field. @default every cloud */
  readonly clouds?: readonly CloudName[];
}

export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariable[] = [
  { suffix: 'BASE_DOMAIN', path: ['dns', 'baseDomain'] },
  { suffix: 'DNS_ZONE_ID', path: ['dns', 'zoneId'] },
  { suffix: 'RESTORE_FROM', path: ['restoreFrom'] },
  { suffix: 'FAILOVER', path: ['failover'] },
  { suffix: 'API_ALLOWED_CIDRS', path: ['apiAccess', 'publicAccessCidrs'], list: true },
  { suffix: 'ADMIN_PRINCIPALS', path: ['aws', 'adminPrincipalArns'], list: true, clouds: ['aws'] },
  { suffix: 'AWS_ACCOUNT_ID', path: ['aws', 'accountId'], clouds: ['aws'] },
  { suffix: 'AWS_BUCKET_PREFIX', path: ['aws', 'bucketPrefix'], clouds: ['aws'] },
  { suffix: 'AWS_OIDC_ISSUER_URL', path: ['aws', 'oidc', 'issuerUrl'], clouds: ['aws'] },
  { suffix: 'AWS_OIDC_CLIENT_ID', path: ['aws', 'oidc', 'clientId'], clouds: ['aws'] },
  { suffix: 'AZURE_SUBSCRIPTION_ID', path: ['azure', 'subscriptionId'], clouds: ['azure'] },
  { suffix: 'AZURE_TENANT_ID', path: ['azure', 'tenantId'], clouds: ['azure'] },
  { suffix: 'AZURE_ADMIN_GROUPS', path: ['azure', 'adminGroupObjectIds'], list: true, clouds: ['azure'] },
  { suffix: 'HETZNER_BUCKET_PREFIX', path: ['hetzner', 'bucketPrefix'], clouds: ['hetzner'] },
  { suffix: 'HETZNER_IMAGE_SELECTOR', path: ['hetzner', 'imageSelector'], clouds: ['hetzner'] },
  { suffix: 'HETZNER_RESTORE_READER_PROJECT_ID', path: ['hetzner', 'restoreReader', 'projectId'], clouds: ['hetzner'] },
  {
    suffix: 'HETZNER_RESTORE_READER_ACCESS_KEY_ID',
    path: ['hetzner', 'restoreReader', 'accessKeyId'],
    clouds: ['hetzner'],
  },
  { suffix: 'HETZNER_OIDC_ISSUER_URL', path: ['hetzner', 'oidc', 'issuerUrl'], clouds: ['hetzner'] },
  { suffix: 'HETZNER_OIDC_CLIENT_ID', path: ['hetzner', 'oidc', 'clientId'], clouds: ['hetzner'] },
  { suffix: 'HETZNER_OIDC_ADMIN_GROUPS', path: ['hetzner', 'oidc', 'adminGroups'], list: true, clouds: ['hetzner'] },
];

/** Variables that move every environment's state to Terraform Cloud; the field of `backend` each sets. */
export const TERRAFORM_CLOUD_VARIABLES = {
  HOT_TFC_ORGANIZATION: 'organization',
  HOT_TFC_HOSTNAME: 'hostname',
  HOT_TFC_WORKSPACE_PREFIX: 'workspacePrefix',
} as const;

/** Read by the scripts and tests, never by synth; known, so never refused. */
export const TOOLING_VARIABLES = ['HOT_SOURCE_MAPS', 'HOT_CHART_SOURCES', 'HOT_HELM', 'HOT_TF_PLUGIN_MIRROR'] as const;

/** `aws-prod` -> `HOT_AWS_PROD_`. */
export function variablePrefix(environment: string): string {
  return `HOT_${environment.toUpperCase().replace(/-/g, '_')}_`;
}

export function appliesTo(variable: EnvironmentVariable, cloud: string): boolean {
  return variable.clouds === undefined || (variable.clouds as readonly string[]).includes(cloud);
}
