import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';
import { formatCidr, parseCidr, subnet, type Ipv4Cidr } from '../core/cidr';

export interface AwsNetworkProps {
  readonly name: string;
  readonly vpcCidr: string;
  readonly zones: readonly string[];
  /** `one-per-zone` survives the loss of a zone; `single` saves about 32 USD a month per zone. */
  readonly natGateways: 'one-per-zone' | 'single';
  /** Tag value for `karpenter.sh/discovery` on node subnets. */
  readonly clusterName: string;
}

/** Subnet plan: 8 equal blocks; blocks 0-5 are private node subnets (one per zone), block 7 holds the public ones. */
export function planSubnets(vpcCidr: string, zoneCount: number): { privateCidrs: string[]; publicCidrs: string[] } {
  const vpc = parseCidr(vpcCidr) as Ipv4Cidr;
  const publicBlock = subnet(vpc, 3, 7);
  return {
    privateCidrs: range(zoneCount).map((i) => formatCidr(subnet(vpc, 3, i))),
    publicCidrs: range(zoneCount).map((i) => formatCidr(subnet(publicBlock, 3, i))),
  };
}

/**
 * A VPC across the configured zones: private subnets for nodes and pods (VPC CNI gives pods VPC addresses,
 * hence the large blocks), small public subnets for internet-facing load balancers and NAT, and the default
 * security group stripped of all rules. Every CIDR is computed here, so plan needs no data-source lookups.
 */
export class AwsNetwork extends Construct {
  public readonly vpc: Vpc;
  public readonly privateSubnets: Subnet[];
  public readonly publicSubnets: Subnet[];

  constructor(scope: Construct, id: string, props: AwsNetworkProps) {
    super(scope, id);
    const plan = planSubnets(props.vpcCidr, props.zones.length);

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.name },
    });
    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${props.name}-default-deny` },
    });
    const internetGateway = new InternetGateway(this, 'internet-gateway', {
      vpcId: this.vpc.id,
      tags: { Name: props.name },
    });

    const publicRoutes = new RouteTable(this, 'public-routes', {
      vpcId: this.vpc.id,
      tags: { Name: `${props.name}-public` },
    });
    new Route(this, 'public-default-route', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: internetGateway.id,
    });

    this.publicSubnets = props.zones.map((zone, i) => {
      const subnetResource = new Subnet(this, `public-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: plan.publicCidrs[i],
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-public-${zone}`, 'kubernetes.io/role/elb': '1' },
      });
      new RouteTableAssociation(this, `public-${zone}-routes`, {
        subnetId: subnetResource.id,
        routeTableId: publicRoutes.id,
      });
      return subnetResource;
    });

    const natZones = props.natGateways === 'single' ? props.zones.slice(0, 1) : props.zones;
    const natGateways = natZones.map((zone, i) => {
      const address = new Eip(this, `nat-${zone}-address`, {
        domain: 'vpc',
        tags: { Name: `${props.name}-nat-${zone}` },
      });
      return new NatGateway(this, `nat-${zone}`, {
        allocationId: address.allocationId,
        subnetId: this.publicSubnets[i].id,
        tags: { Name: `${props.name}-${zone}` },
        dependsOn: [internetGateway],
      });
    });

    this.privateSubnets = props.zones.map((zone, i) => {
      const subnetResource = new Subnet(this, `private-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: plan.privateCidrs[i],
        mapPublicIpOnLaunch: false,
        tags: {
          Name: `${props.name}-private-${zone}`,
          'kubernetes.io/role/internal-elb': '1',
          'karpenter.sh/discovery': props.clusterName,
        },
      });
      const routes = new RouteTable(this, `private-${zone}-routes`, {
        vpcId: this.vpc.id,
        tags: { Name: `${props.name}-private-${zone}` },
      });
      new Route(this, `private-${zone}-default-route`, {
        routeTableId: routes.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: natGateways[Math.min(i, natGateways.length - 1)].id,
      });
      new RouteTableAssociation(this, `private-${zone}-routes-association`, {
        subnetId: subnetResource.id,
        routeTableId: routes.id,
      });
      return subnetResource;
    });
  }
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}
