import { cidrsOverlap, parseCidr } from '../core/cidr';
import { restoreProblems } from './restore';
import type { Environment } from './schema';

export interface CrossEnvironmentProblem {
  readonly environment: string;
  readonly path: readonly string[];
  readonly value: string;
  readonly fix: string;
}

/**
 * What two environments must not share. Names of clusters, IAM roles, resource groups and buckets all carry the
 * environment name, so they cannot collide; these can:
 *  - `dns.baseDomain`: both would publish the same hostnames (`argocd.<domain>`, the apps) and fight over the
 *    DNS records and certificates;
 *  - a public alias (`dns.publicAliases`): it points at one environment at a time, so only one may serve it and
 *    hold its certificate; a failover moves the alias from one environment's settings to the other's;
 *  - the node network (`vpcCidr`, `vnetCidr`, `networkCidr`): a failover rehearsal replicates data between
 *    environments and a runner reaches private APIs over VPN or peering, neither of which routes between
 *    overlapping ranges. Service and pod ranges stay inside their cluster and may repeat.
 */
export function crossEnvironmentProblems(
  environments: readonly Environment[],
  /** Every environment given, valid or not: one that failed has its own problems, not a missing-name one. */
  givenNames: readonly string[] = environments.map((e) => e.name),
): CrossEnvironmentProblem[] {
  const problems: CrossEnvironmentProblem[] = [];
  environments.forEach((env, index) => {
    for (const earlier of environments.slice(0, index)) {
      if (env.dns.baseDomain === earlier.dns.baseDomain) {
        problems.push({
          environment: env.name,
          path: ['dns', 'baseDomain'],
          value: env.dns.baseDomain,
          fix: `is also the baseDomain of ${earlier.name}; both would publish the same hostnames, give each environment its own domain (e.g. "${env.name}.${env.dns.baseDomain}")`,
        });
      }
      for (const [alias, service] of Object.entries(env.dns.publicAliases)) {
        if (alias in earlier.dns.publicAliases) {
          problems.push({
            environment: env.name,
            path: ['dns', 'publicAliases', alias],
            value: service,
            fix: `is also claimed by ${earlier.name}; an alias has one owner at a time, remove it from one of them (a failover moves it)`,
          });
        }
      }
      const [key, block] = nodeNetwork(env);
      const [earlierKey, earlierBlock] = nodeNetwork(earlier);
      const a = parseCidr(block);
      const b = parseCidr(earlierBlock);
      if (a && b && cidrsOverlap(a, b)) {
        problems.push({
          environment: env.name,
          path: ['network', key],
          value: block,
          fix: `overlaps ${earlier.name}'s network.${earlierKey} ${earlierBlock}; environments must not overlap so they can be connected for failover, pick another block (e.g. the next /16)`,
        });
      }
    }
  });
  problems.push(...restoreProblems(environments, givenNames));
  return problems;
}

function nodeNetwork(env: Environment): readonly [key: string, block: string] {
  switch (env.cloud) {
    case 'aws':
      return ['vpcCidr', env.network.vpcCidr];
    case 'azure':
      return ['vnetCidr', env.network.vnetCidr];
    case 'hetzner':
      return ['networkCidr', env.network.networkCidr];
  }
}
