import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Construct } from 'constructs';
import { formatCidr, parseCidr, subnet } from '../core/cidr';

export interface AzureNetworkProps {
  readonly name: string;
  readonly location: string;
  readonly vnetCidr: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The environment's resource group (locked against deletion) and a VNet whose first half is the node subnet.
 * Pods use the overlay CIDR, so the subnet only needs node addresses; the other half stays free for private
 * endpoints and an API server subnet later.
 */
export class AzureNetwork extends Construct {
  public readonly resourceGroup: ResourceGroup;
  public readonly vnet: VirtualNetwork;
  public readonly nodeSubnet: Subnet;
  public readonly nodeSubnetCidr: string;

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id);
    this.resourceGroup = new ResourceGroup(this, 'resource-group', {
      name: `rg-${props.name}`,
      location: props.location,
      tags: { ...props.tags },
    });
    new ManagementLock(this, 'resource-group-lock', {
      name: `${props.name}-cannot-delete`,
      scope: this.resourceGroup.id,
      lockLevel: 'CanNotDelete',
      notes: 'Holds the cluster, its KMS key and the backups; remove this lock on purpose before a teardown.',
    });
    this.vnet = new VirtualNetwork(this, 'vnet', {
      name: `vnet-${props.name}`,
      location: props.location,
      resourceGroupName: this.resourceGroup.name,
      addressSpace: [props.vnetCidr],
      tags: { ...props.tags },
    });
    const vnet = parseCidr(props.vnetCidr);
    if (!vnet) throw new Error(`vnetCidr ${props.vnetCidr} passed validation but does not parse`);
    this.nodeSubnetCidr = formatCidr(subnet(vnet, 1, 0));
    this.nodeSubnet = new Subnet(this, 'node-subnet', {
      name: 'nodes',
      resourceGroupName: this.resourceGroup.name,
      virtualNetworkName: this.vnet.name,
      addressPrefixes: [this.nodeSubnetCidr],
      // Outbound goes through the cluster's load balancer; Azure's implicit default outbound is retired.
      defaultOutboundAccessEnabled: false,
      serviceEndpoints: ['Microsoft.Storage', 'Microsoft.KeyVault'],
    });
  }
}
