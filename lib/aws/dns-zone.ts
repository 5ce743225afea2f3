import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Construct } from 'constructs';
import type { EnvironmentZone } from '../core/dns-zone';

export interface AwsDnsZoneProps {
  /** The environment's `dns.baseDomain`. */
  readonly name: string;
  /** An existing hosted zone (`dns.zoneId`): nothing is created. @default undefined (a new public zone) */
  readonly existingZoneId?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The environment's public Route 53 hosted zone. Destroying it would orphan the parent's delegation and every
 * record external-dns keeps there, so it is protected and never force-destroyed with records in it.
 */
export class AwsDnsZone extends Construct {
  public readonly zone: EnvironmentZone;

  constructor(scope: Construct, id: string, props: AwsDnsZoneProps) {
    super(scope, id);
    if (props.existingZoneId) {
      this.zone = { name: props.name, id: props.existingZoneId };
    } else {
      const zone = new Route53Zone(this, 'zone', {
        name: props.name,
        comment: `HOT environment zone ${props.name}: records by external-dns and cert-manager`,
        forceDestroy: false,
        tags: { ...props.tags },
        lifecycle: { preventDestroy: true },
      });
      this.zone = { name: props.name, id: zone.zoneId, nameServers: zone.nameServers };
    }
  }
}
