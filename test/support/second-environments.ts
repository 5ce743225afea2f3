import { DEFAULT_ENVIRONMENTS } from '../../lib/config/environments';
import type { EnvironmentInput } from '../../lib/config/schema';

/**
 * A second environment of each default, made the way README's "Adding an environment" says: a copy with its
 * own name, domain and node network (the next /16), everything else the same.
 */
export function secondEnvironments(): EnvironmentInput[] {
  return DEFAULT_ENVIRONMENTS.map((defaults) => {
    const copy = structuredClone(defaults) as EnvironmentInput & { network: Record<string, string> };
    const name = `${defaults.name}2`;
    for (const [key, block] of Object.entries(copy.network)) {
      // Each 10.x block moves to the next /16: node networks must not overlap, and Hetzner's pods lie inside its.
      copy.network[key] = block.replace(/^10\.(\d+)\./, (_, second: string) => `10.${Number(second) + 1}.`);
    }
    return {
      ...copy,
      name,
      dns: { ...copy.dns, baseDomain: `two.${defaults.dns.baseDomain}` },
      tags: { ...copy.tags, environment: name },
    } as EnvironmentInput;
  });
}
