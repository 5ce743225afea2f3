import { DnsZone } from '@cdktf/provider-azurerm/lib/dns-zone';
import { Construct } from 'constructs';
import type { EnvironmentZone } from '../core/dns-zone';
import { parseDnsZoneId } from './contract-values';

export interface AzureDnsZoneProps {
  /** The environment's `dns.baseDomain`. */
  readonly name: string;
  /** An existing zone's resource id (`dns.zoneId`): nothing is created. @default undefined (a new zone) */
  readonly existingZoneId?: string;
  /** Where a new zone goes: the environment's resource group. */
  readonly resourceGroupName: string;
  readonly subscriptionId: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** Where external-dns and cert-manager find the zone: Azure DNS addresses a zone by these three. */
export interface AzureZoneLocation {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly zoneName: string;
}

/** The zone an existing id names, or the new zone in the environment's resource group. */
export function azureZoneLocation(props: AzureDnsZoneProps): AzureZoneLocation {
  return (
    parseDnsZoneId(props.existingZoneId) ?? {
      subscriptionId: props.subscriptionId,
      resourceGroup: props.resourceGroupName,
      zoneName: props.name,
    }
  );
}

/**
 * The environment's public Azure DNS zone, in the environment's resource group, protected like every stateful
 * resource (its loss orphans the parent's delegation and every record in it).
 */
export class AzureDnsZone extends Construct {
  public readonly zone: EnvironmentZone;

  constructor(scope: Construct, id: string, props: AzureDnsZoneProps) {
    super(scope, id);
    if (props.existingZoneId) {
      this.zone = { name: props.name, id: props.existingZoneId };
      return;
    }
    const zone = new DnsZone(this, 'zone', {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      tags: { ...props.tags },
      lifecycle: { preventDestroy: true },
    });
    this.zone = { name: props.name, id: zone.id, nameServers: zone.nameServers };
  }
}
