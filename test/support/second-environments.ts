import { DEFAULT_ENVIRONMENTS } from '../../lib/config/environments';
import type { EnvironmentInput } from '../../lib/config/schema';

type Networked = EnvironmentInput & { network: Record<string, string> };

const NODE_NETWORK_KEYS = ['vpcCidr', 'vnetCidr', 'networkCidr'];

/**
 * A second environment of each of `base`, made the way README's "Adding an environment" says: a copy with a name
 * and a domain of its own (its first label numbered, so a Hetzner domain stays registrable), its node network moved to a /16 no environment uses (blocks inside the network,
 * like Hetzner's pods, move with it), `restoreFrom` naming the copy of its source, everything else the same.
 */
export function secondEnvironments(base: readonly EnvironmentInput[] = DEFAULT_ENVIRONMENTS): EnvironmentInput[] {
  const names = new Set(base.map((e) => e.name));
  const octets = base.flatMap((e) => Object.values((e as Networked).network).map(secondOctet));
  let nextOctet = Math.max(...octets) + 1;
  const copies = new Map<string, string>();
  const seconds = base.map((defaults) => {
    const copy = structuredClone(defaults) as Networked;
    let n = 2;
    while (names.has(`${defaults.name}-${n}`)) n++;
    const name = `${defaults.name}-${n}`;
    names.add(name);
    copies.set(defaults.name, name);
    const key = Object.keys(copy.network).find((k) => NODE_NETWORK_KEYS.includes(k)) as string;
    const old = secondOctet(copy.network[key]);
    const moved = nextOctet++;
    for (const [k, block] of Object.entries(copy.network)) {
      if (block.startsWith(`10.${old}.`)) copy.network[k] = block.replace(`10.${old}.`, `10.${moved}.`);
    }
    return {
      ...copy,
      name,
      dns: { ...copy.dns, baseDomain: defaults.dns.baseDomain.replace(/^[^.]+/, (label) => `${label}-${n}`) },
      tags: { ...copy.tags, environment: name },
    } as EnvironmentInput;
  });
  // A copy restores from the copy of its source, as the pair would be set up side by side.
  return seconds.map((second) =>
    second.restoreFrom ? { ...second, restoreFrom: copies.get(second.restoreFrom) ?? second.restoreFrom } : second,
  );
}

function secondOctet(block: string): number {
  return Number(block.split('.')[1]);
}
