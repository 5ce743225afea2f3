import type { Construct } from 'constructs';
import type { CloudName } from '../lib/config/clouds';
import type { Environment } from '../lib/config/schema';
import type { PlatformSettings } from '../lib/addons/settings';
import { AppsStack } from './apps-stack';
import { AwsEksClusterStack } from './aws-eks-cluster-stack';
import { AzureAksClusterStack } from './azure-aks-cluster-stack';
import { HetznerTalosClusterStack } from './hetzner-talos-cluster-stack';
import type { ClusterStack } from './cluster-stack';

type AnyClusterStack = ClusterStack<Environment, unknown, unknown>;

/** One cluster flavour per cloud; the schema only accepts clouds listed here (lib/config/clouds.ts). */
const FLAVOURS: {
  readonly [C in CloudName]: (scope: Construct, env: Extract<Environment, { cloud: C }>) => AnyClusterStack;
} = {
  aws: (scope, env) => new AwsEksClusterStack(scope, env),
  azure: (scope, env) => new AzureAksClusterStack(scope, env),
  hetzner: (scope, env) => new HetznerTalosClusterStack(scope, env),
};

export interface EnvironmentStacks {
  readonly cluster: AnyClusterStack;
  readonly apps: AppsStack;
}

/** The two stacks of an environment: `<name>` (the cluster) and `<name>-apps` (everything in it). */
export function addEnvironment(scope: Construct, environment: Environment): EnvironmentStacks {
  // FLAVOURS pairs each cloud with its own environment type; TypeScript cannot correlate the two through
  // the union, so the lookup is widened once here.
  const build = FLAVOURS[environment.cloud] as (scope: Construct, env: Environment) => AnyClusterStack;
  const cluster = build(scope, environment);
  const apps = new AppsStack(scope, `${environment.name}-apps`, {
    backend: environment.backend,
    cluster: cluster.description,
    platform: platformSettingsOf(environment),
    apps: environment.apps,
  });
  apps.addDependency(cluster);
  return { cluster, apps };
}

/** The platform settings of an environment, with the RFC 2142 hostmaster mailbox as the ACME default. */
export function platformSettingsOf(environment: Environment): PlatformSettings {
  const { acmeEmail, ...rest } = environment.platform;
  return {
    ...rest,
    acmeEmail: acmeEmail ?? `hostmaster@${environment.dns.baseDomain}`,
    publicAliases: environment.dns.publicAliases,
  };
}
