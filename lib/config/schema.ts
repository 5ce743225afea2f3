import { z } from 'zod';
import { CLOUDS, type CloudName } from './clouds';
import { awsEnvironment } from './clouds/aws';
import { azureEnvironment } from './clouds/azure';
import { hetznerEnvironment } from './clouds/hetzner';
import { SUPPORTED_KUBERNETES_VERSIONS } from './kubernetes-versions';
import { custom, type Issues } from './schema-parts';

export { ENVIRONMENT_NAME, type BackendConfig, type NodePoolConfig } from './schema-parts';

/**
 * The environment model: one schema per cloud (lib/config/clouds/), chosen by `cloud`, plus the checks that
 * hold on every cloud. A cloud's schema joins the union in the change that adds its cluster flavour.
 */
export const environmentSchema = z
  .discriminatedUnion('cloud', [awsEnvironment, azureEnvironment, hetznerEnvironment], {
    error: `is not a cloud this app can build; use one of ${CLOUDS.join(', ')}`,
  })
  .check((ctx) => {
    // Cross-field checks only make sense once every field has the right shape.
    if (ctx.issues.length === 0) checkEnvironment(ctx.value, ctx.issues);
  });

export type Environment = z.output<typeof environmentSchema>;
export type EnvironmentInput = z.input<typeof environmentSchema>;

function checkEnvironment(env: Environment, issues: Issues): void {
  const supported = SUPPORTED_KUBERNETES_VERSIONS[env.cloud];
  if (!supported.includes(env.kubernetesVersion)) {
    issues.push(
      custom(
        ['kubernetesVersion'],
        env.kubernetesVersion,
        `is not supported on ${env.cloud}; use one of ${supported.join(', ')}`,
      ),
    );
  }
  for (const alias of Object.keys(env.dns.publicAliases)) {
    if (alias === env.dns.baseDomain || alias.endsWith(`.${env.dns.baseDomain}`)) {
      issues.push(
        custom(
          ['dns', 'publicAliases', alias],
          alias,
          `is inside the environment's own zone ${env.dns.baseDomain}; an alias is a name outside it (e.g. "tasks.hotosm.org"), services inside it need none`,
        ),
      );
    }
  }
  if (!env.apiAccess.privateEndpoint && env.apiAccess.publicAccessCidrs.length === 0) {
    issues.push(
      custom(
        ['apiAccess', 'privateEndpoint'],
        false,
        'with no publicAccessCidrs nothing could reach the API; set privateEndpoint to true or list public CIDRs',
      ),
    );
  }
}

const CLOUD_SCHEMAS: Readonly<Record<CloudName, z.ZodType>> = {
  aws: awsEnvironment,
  azure: azureEnvironment,
  hetzner: hetznerEnvironment,
};

/** The clouds whose environments have a setting at `path`, e.g. `['aws', 'accountId']` -> aws. */
export function cloudsWithSetting(path: readonly (string | number)[]): CloudName[] {
  return CLOUDS.filter((cloud) => hasPath(CLOUD_SCHEMAS[cloud], path));
}

interface SchemaDef {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
}

function hasPath(schema: z.ZodType, path: readonly (string | number)[]): boolean {
  const def = schema._zod.def as SchemaDef;
  if (def.innerType) return hasPath(def.innerType, path);
  if (def.type === 'pipe' && def.in) return hasPath(def.in, path);
  if (def.type === 'union') return (def.options ?? []).some((option) => hasPath(option, path));
  if (path.length === 0) return true;
  const [key, ...rest] = path;
  if (def.type === 'object') return def.shape?.[key] !== undefined && hasPath(def.shape[key], rest);
  if (def.type === 'array') return typeof key === 'number' && def.element !== undefined && hasPath(def.element, rest);
  return false;
}
