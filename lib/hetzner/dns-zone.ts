import { Token } from 'cdktf';
import { Construct } from 'constructs';
import type { HcloudProvider } from '../../.gen/providers/hcloud/provider';
import { Zone } from '../../.gen/providers/hcloud/zone';
import type { EnvironmentZone } from '../core/dns-zone';

export interface HetznerDnsZoneProps {
  /** The environment's `dns.baseDomain`: a registrable domain (Hetzner Cloud DNS hosts no subdomain zones). */
  readonly name: string;
  /** The hcloud provider of the project that holds only DNS zones. */
  readonly provider: HcloudProvider;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The environment's primary zone on Hetzner Cloud DNS. Hetzner's delete protection and Terraform's
 * prevent_destroy both guard it: losing it orphans the registrar's delegation and every record in it.
 */
export class HetznerDnsZone extends Construct {
  public readonly zone: EnvironmentZone;

  constructor(scope: Construct, id: string, props: HetznerDnsZoneProps) {
    super(scope, id);
    const zone = new Zone(this, 'zone', {
      provider: props.provider,
      name: props.name,
      mode: 'primary',
      deleteProtection: true,
      labels: { ...props.labels },
      lifecycle: { preventDestroy: true },
    });
    this.zone = {
      name: props.name,
      id: Token.asString(zone.id),
      nameServers: zone.authoritativeNameservers.assigned,
    };
  }
}
