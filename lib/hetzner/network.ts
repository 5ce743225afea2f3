import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Network } from '../../.gen/providers/hcloud/network';
import { NetworkSubnet } from '../../.gen/providers/hcloud/network-subnet';

export interface HetznerNetworkProps {
  readonly name: string;
  readonly networkCidr: string;
  readonly networkZone: string;
  /** The /22 the servers and the load balancer live in. */
  readonly nodeSubnet: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** The private network every node and the API load balancer sit on; protected against deletion. */
export class HetznerNetwork extends Construct {
  public readonly network: Network;
  public readonly nodeSubnet: NetworkSubnet;

  constructor(scope: Construct, id: string, props: HetznerNetworkProps) {
    super(scope, id);
    this.network = new Network(this, 'network', {
      name: props.name,
      ipRange: props.networkCidr,
      labels: { ...props.labels },
      deleteProtection: true,
      lifecycle: { preventDestroy: true },
    });
    this.nodeSubnet = new NetworkSubnet(this, 'nodes', {
      networkId: Token.asNumber(this.network.id),
      type: 'cloud',
      networkZone: props.networkZone,
      ipRange: props.nodeSubnet,
    });
  }
}
