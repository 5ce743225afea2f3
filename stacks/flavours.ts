import type { Construct } from 'constructs';
import type { CloudName } from '../lib/config/clouds';
import type { Environment } from '../lib/config/schema';
import { AppsStack } from './apps-stack';
import { AwsEksClusterStack } from './aws-eks-cluster-stack';
import type { ClusterStack } from './cluster-stack';

type AnyClusterStack = ClusterStack<Environment, unknown, unknown>;

/** One cluster flavour per cloud; the schema only accepts clouds listed here (lib/config/clouds.ts). */
const FLAVOURS: {
  readonly [C in CloudName]: (scope: Construct, env: Extract<Environment, { cloud: C }>) => AnyClusterStack;
} = {
  aws: (scope, env) => new AwsEksClusterStack(scope, env),
};

export interface EnvironmentStacks {
  readonly cluster: AnyClusterStack;
  readonly apps: AppsStack;
}

/** The two stacks of an environment: `<name>` (the cluster) and `<name>-apps` (everything in it). */
export function addEnvironment(scope: Construct, environment: Environment): EnvironmentStacks {
  const cluster = FLAVOURS[environment.cloud](scope, environment);
  const apps = new AppsStack(scope, `${environment.name}-apps`, {
    backend: environment.backend,
    cluster: cluster.description,
  });
  apps.addDependency(cluster);
  return { cluster, apps };
}
