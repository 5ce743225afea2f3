import { TerraformOutput, type TerraformStack } from 'cdktf';

/**
 * The environment's DNS zone, `<baseDomain>`: every service is `<service>.<baseDomain>`. The cluster stack
 * creates it (a subdomain the organisation's zone delegates to it, or on Hetzner, which hosts no subdomain zones,
 * a domain its registrar delegates), or takes an existing one by id.
 */
export interface EnvironmentZone {
  /** The zone's name, the environment's `dns.baseDomain`. */
  readonly name: string;
  /** The cloud's id of the zone: a reference when this stack creates it, the setting when it is taken by id. */
  readonly id: string;
  /** The servers the parent zone must delegate to, when this stack creates the zone. @default undefined */
  readonly nameServers?: string[];
}

/** The output that says where to delegate the zone, the one manual step of a new environment. */
export const ZONE_DELEGATION_OUTPUT = 'dns-zone-delegation';

/**
 * What the organisation's zone must hold: NS records for the environment's zone, pointing at these servers
 * (`npx cdktf output <env>`). A zone taken by id is delegated already, so it gets no output.
 */
export function zoneDelegationOutput(stack: TerraformStack, zone: EnvironmentZone): void {
  if (!zone.nameServers) return;
  new TerraformOutput(stack, ZONE_DELEGATION_OUTPUT, {
    staticId: true,
    description: `NS records the parent zone must hold for ${zone.name}; check with: dig +short NS ${zone.name}`,
    value: { zone: zone.name, name_servers: zone.nameServers },
  });
}
