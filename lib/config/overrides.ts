import { parseList } from '../core/text';
import { HotError } from '../core/errors';
import { deepMerge, isPlainObject } from '../core/merge';
import type { EnvironmentInput } from './schema';

/**
 * Per-deployment settings that must not need a code change. Two sources, later wins:
 *  1. cdktf context key `hot` (cdktf.json "context", or CDKTF_CONTEXT_JSON): `{ "environments": { "aws-prod": {
 *     ...any environment fields... } }, "terraformCloud": { "organization": "hotosm" } }`
 *  2. environment variables (documented in lib/config/README.md), e.g. HOT_AWS_PROD_BASE_DOMAIN.
 * Secrets are never settings: they are sensitive Terraform variables or generated.
 */
export interface Overrides {
  readonly environments?: Readonly<Record<string, Record<string, unknown>>>;
  readonly terraformCloud?: Readonly<Record<string, unknown>>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Maps one environment variable suffix to the environment field it sets. */
const VARIABLES: ReadonlyArray<readonly [suffix: string, toPatch: (value: string) => Record<string, unknown>]> = [
  ['BASE_DOMAIN', (v) => ({ dns: { baseDomain: v } })],
  ['DNS_ZONE_ID', (v) => ({ dns: { zoneId: v } })],
  ['API_ALLOWED_CIDRS', (v) => ({ apiAccess: { publicAccessCidrs: parseList(v) } })],
  ['ADMIN_PRINCIPALS', (v) => ({ aws: { adminPrincipalArns: parseList(v) } })],
  ['AWS_ACCOUNT_ID', (v) => ({ aws: { accountId: v } })],
  ['AZURE_SUBSCRIPTION_ID', (v) => ({ azure: { subscriptionId: v } })],
  ['AZURE_TENANT_ID', (v) => ({ azure: { tenantId: v } })],
  ['AZURE_ADMIN_GROUPS', (v) => ({ azure: { adminGroupObjectIds: parseList(v) } })],
  ['AWS_BUCKET_PREFIX', (v) => ({ aws: { bucketPrefix: v } })],
];

export function applyOverrides(
  defaults: readonly EnvironmentInput[],
  context: unknown,
  env: Env,
): Record<string, unknown>[] {
  const overrides = readContext(context);
  const known = new Set(defaults.map((d) => d.name));
  for (const name of Object.keys(overrides.environments ?? {})) {
    if (!known.has(name)) {
      throw new HotError({
        setting: `context hot.environments.${name}`,
        fix: `names no environment; use one of ${[...known].join(', ')}`,
      });
    }
  }
  const organization = env.HOT_TFC_ORGANIZATION ?? overrides.terraformCloud?.organization;
  return defaults.map((defaults) => {
    let merged = deepMerge(
      defaults as unknown as Record<string, unknown>,
      overrides.environments?.[defaults.name] ?? {},
    );
    const prefix = `HOT_${defaults.name.toUpperCase().replace(/-/g, '_')}_`;
    for (const [suffix, toPatch] of VARIABLES) {
      const value = env[prefix + suffix];
      if (value !== undefined && value !== '') merged = deepMerge(merged, toPatch(value));
    }
    if (organization !== undefined && organization !== '') {
      merged = {
        ...merged,
        backend: {
          type: 'terraform-cloud',
          organization,
          ...(overrides.terraformCloud ?? {}),
          ...(env.HOT_TFC_HOSTNAME ? { hostname: env.HOT_TFC_HOSTNAME } : {}),
          ...(env.HOT_TFC_WORKSPACE_PREFIX !== undefined ? { workspacePrefix: env.HOT_TFC_WORKSPACE_PREFIX } : {}),
        },
      };
    }
    return merged;
  });
}

function readContext(context: unknown): Overrides {
  if (context === undefined || context === null) return {};
  if (!isPlainObject(context) || Object.keys(context).some((k) => k !== 'environments' && k !== 'terraformCloud')) {
    throw new HotError({
      setting: 'context hot',
      value: context,
      fix: 'must be an object with "environments" and/or "terraformCloud"; see lib/config/README.md',
    });
  }
  return context as Overrides;
}
