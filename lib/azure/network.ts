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

/** AKS puts the API server's internal load balancer in this subnet (API Server VNet Integration): /28 at least. */
const API_SERVER_SUBNET_PREFIX = 28;
const PRIVATE_ENDPOINT_SUBNET_PREFIX = 27;

/**
 * The environment's resource group (locked against deletion) and a VNet: the first half is the node subnet
 * (pods use the overlay CIDR, so it only needs node addresses); the second half starts with the API server
 * subnet (delegated to AKS) and the private endpoints subnet (the Key Vault's), the rest stays free.
 */
export class AzureNetwork extends Construct {
  public readonly resourceGroup: ResourceGroup;
  public readonly vnet: VirtualNetwork;
  public readonly nodeSubnet: Subnet;
  public readonly nodeSubnetCidr: string;
  public readonly apiServerSubnet: Subnet;
  public readonly apiServerSubnetCidr: string;
  public readonly privateEndpointSubnet: Subnet;

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
    const rest = subnet(vnet, 1, 1);
    this.apiServerSubnetCidr = formatCidr(subnet(rest, API_SERVER_SUBNET_PREFIX - rest.prefix, 0));
    this.apiServerSubnet = new Subnet(this, 'api-server-subnet', {
      name: 'api-server',
      resourceGroupName: this.resourceGroup.name,
      virtualNetworkName: this.vnet.name,
      addressPrefixes: [this.apiServerSubnetCidr],
      defaultOutboundAccessEnabled: false,
      delegation: [
        {
          name: 'aks-api-server',
          serviceDelegation: {
            name: 'Microsoft.ContainerService/managedClusters',
            actions: ['Microsoft.Network/virtualNetworks/subnets/join/action'],
          },
        },
      ],
    });
    this.privateEndpointSubnet = new Subnet(this, 'private-endpoint-subnet', {
      name: 'private-endpoints',
      resourceGroupName: this.resourceGroup.name,
      virtualNetworkName: this.vnet.name,
      addressPrefixes: [formatCidr(subnet(rest, PRIVATE_ENDPOINT_SUBNET_PREFIX - rest.prefix, 1))],
      defaultOutboundAccessEnabled: false,
    });
  }
}
