import { type ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { PlacementGroup } from '../../.gen/providers/hcloud/placement-group';
import { Server } from '../../.gen/providers/hcloud/server';

export type TalosRole = 'control-plane' | 'core';

export interface TalosServersProps {
  /** Server name prefix; servers are `<prefix>-<n>`. */
  readonly namePrefix: string;
  /** Also the `role` label, which the API load balancer selects control-plane targets by. */
  readonly role: TalosRole;
  readonly count: number;
  readonly serverType: string;
  /** Locations the servers go to, round robin. */
  readonly locations: readonly string[];
  readonly imageId: string;
  readonly networkId: string;
  /** Fixed private addresses, one per server; absent means DHCP. @default undefined */
  readonly privateIps?: readonly string[];
  readonly firewallId: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Control-plane servers are protected from deletion and rebuilds, in Hetzner and in Terraform. */
  readonly protect: boolean;
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * Servers booted from the Talos snapshot without user data: Talos waits in maintenance mode until
 * `talos_machine_configuration_apply` hands it its configuration, so later configuration changes reach the
 * running server instead of replacing it. One spread placement group per location keeps them on different
 * hosts.
 */
export class TalosServers extends Construct {
  public readonly servers: Server[];

  constructor(scope: Construct, id: string, props: TalosServersProps) {
    super(scope, id);
    const groups = new Map<string, PlacementGroup>();
    for (const location of new Set(props.locations.slice(0, props.count))) {
      groups.set(
        location,
        new PlacementGroup(this, `spread-${location}`, {
          name: `${props.namePrefix}-${location}`,
          type: 'spread',
          labels: { ...props.labels },
        }),
      );
    }
    this.servers = Array.from({ length: props.count }, (_, index) => {
      const location = props.locations[index % props.locations.length];
      const name = `${props.namePrefix}-${index + 1}`;
      return new Server(this, `server-${index + 1}`, {
        name,
        serverType: props.serverType,
        image: props.imageId,
        location,
        placementGroupId: Token.asNumber(groups.get(location)?.id),
        labels: { ...props.labels, role: props.role },
        firewallIds: [Token.asNumber(props.firewallId)],
        // ghcr.io (Talos' own kubelet image among others) has no IPv6 address: every node needs IPv4 egress. The
        // firewall keeps it closed inbound.
        publicNet: [{ ipv4Enabled: true, ipv6Enabled: true }],
        network: [{ networkId: Token.asNumber(props.networkId), ip: props.privateIps?.[index] }],
        deleteProtection: props.protect,
        rebuildProtection: props.protect,
        shutdownBeforeDeletion: true,
        lifecycle: {
          preventDestroy: props.protect,
          // A new snapshot is for new servers; Talos upgrades running ones in place.
          ignoreChanges: ['image'],
        },
        dependsOn: [...props.dependsOn],
      });
    });
  }
}
