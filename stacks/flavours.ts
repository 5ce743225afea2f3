import type { Construct } from 'constructs';
import type { CloudName } from '../lib/config/clouds';
import type { Environment } from '../lib/config/schema';
import type { PlatformSettings } from '../lib/addons/settings';
import { awsRestoreSource } from '../lib/aws/restore-reader';
import { hetznerRestoreSource } from '../lib/hetzner/restore-reader';
import { servedPublicAliases } from '../lib/config/restore';
import type { RestoreSource } from '../lib/contracts/restore';
import { AppsStack } from './apps-stack';
import { AwsEksClusterStack } from './aws-eks-cluster-stack';
import { AzureAksClusterStack } from './azure-aks-cluster-stack';
import { HetznerTalosClusterStack } from './hetzner-talos-cluster-stack';
import type { ClusterStack, ClusterStackOptions } from './cluster-stack';

type AnyClusterStack = ClusterStack<Environment, unknown, unknown>;

/** One cluster flavour per cloud; the schema only accepts clouds listed here (lib/config/clouds.ts). */
const FLAVOURS: {
  readonly [C in CloudName]: (
    scope: Construct,
    env: Extract<Environment, { cloud: C }>,
    options: ClusterStackOptions,
  ) => AnyClusterStack;
} = {
  aws: (scope, env, options) => new AwsEksClusterStack(scope, env, options),
  azure: (scope, env, options) => new AzureAksClusterStack(scope, env, options),
  hetzner: (scope, env, options) => new HetznerTalosClusterStack(scope, env, options),
};

/** Where each cloud's backups are for a restore elsewhere (only clouds that can be a source: lib/config/restore.ts). */
const RESTORE_SOURCES: {
  readonly [C in CloudName]?: (env: Extract<Environment, { cloud: C }>) => RestoreSource;
} = {
  aws: awsRestoreSource,
  hetzner: hetznerRestoreSource,
};

/** The backups `environment` restores from, if it has `restoreFrom`. */
function restoreSourceFor(environment: Environment, environments: readonly Environment[]): RestoreSource | undefined {
  const source = environments.find((e) => e.name === environment.restoreFrom);
  if (!source) return undefined;
  const describe = RESTORE_SOURCES[source.cloud] as ((env: Environment) => RestoreSource) | undefined;
  if (!describe) throw new Error(`${source.cloud} cannot be a restore source; the settings should have refused it`);
  return describe(source);
}

export interface EnvironmentStacks {
  readonly cluster: AnyClusterStack;
  readonly apps: AppsStack;
}

/**
 * The two stacks of an environment: `<name>` (the cluster) and `<name>-apps` (everything in it). `environments`
 * are all the configured ones, for what one environment owes another (restore keys, public aliases).
 */
export function addEnvironment(
  scope: Construct,
  environment: Environment,
  environments: readonly Environment[] = [environment],
): EnvironmentStacks {
  // FLAVOURS pairs each cloud with its own environment type; TypeScript cannot correlate the two through
  // the union, so the lookup is widened once here.
  const build = FLAVOURS[environment.cloud] as (
    scope: Construct,
    env: Environment,
    options: ClusterStackOptions,
  ) => AnyClusterStack;
  const restoreTargets = environments.filter((e) => e.restoreFrom === environment.name).map((e) => e.name);
  const cluster = build(scope, environment, { restoreTargets });
  const platform = platformSettingsOf(environment, environments);
  const apps = new AppsStack(scope, `${environment.name}-apps`, {
    backend: environment.backend,
    cluster: cluster.description,
    platform,
    apps: { ...environment.apps, restoreFrom: platform.restoreFrom },
  });
  apps.addDependency(cluster);
  return { cluster, apps };
}

/**
 * The platform settings of an environment, with the RFC 2142 hostmaster mailbox as the ACME default, the public
 * aliases it serves (a failover moves them) and the source it restores from.
 */
export function platformSettingsOf(
  environment: Environment,
  environments: readonly Environment[] = [environment],
): PlatformSettings {
  const { acmeEmail, ...rest } = environment.platform;
  return {
    ...rest,
    acmeEmail: acmeEmail ?? `hostmaster@${environment.dns.baseDomain}`,
    publicAliases: servedPublicAliases(environment, environments),
    restoreFrom: restoreSourceFor(environment, environments),
  };
}
