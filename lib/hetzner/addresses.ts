import { formatCidr, parseCidr, subnet } from '../core/cidr';

/**
 * The fixed addresses of a cluster inside its private network: the node subnet (a /22 at the start of the
 * network), the API load balancer, the control-plane and the core servers. Fixed so the cluster endpoint and the
 * certificate SANs are known before any server exists.
 */
export interface HetznerAddresses {
  readonly nodeSubnet: string;
  readonly loadBalancerIp: string;
  readonly controlPlaneIps: readonly string[];
  /** The /29 that holds every control-plane address (hosts 8-15) and nothing else: what NetworkPolicies name. */
  readonly controlPlaneBlock: string;
  readonly coreIps: readonly string[];
}

const NODE_SUBNET_PREFIX = 22;
const LOAD_BALANCER_HOST = 2;
const FIRST_CONTROL_PLANE_HOST = 10;
const FIRST_CORE_HOST = 20;
/** Hosts 8-15: the load balancer (2) and the core servers (20 on) lie outside, five control planes inside. */
const CONTROL_PLANE_BLOCK = { firstHost: 8, prefix: 29 } as const;
/** Autoscaled workers take DHCP addresses above the fixed ones. */
export const MAX_CORE_NODES = 100;

export function hetznerAddresses(networkCidr: string, controlPlaneCount: number, coreCount: number): HetznerAddresses {
  const network = parseCidr(networkCidr);
  if (!network) throw new RangeError(`${networkCidr} is not a CIDR`);
  const nodes = subnet(network, NODE_SUBNET_PREFIX - network.prefix, 0);
  const host = (n: number) => formatCidr({ network: nodes.network + n, prefix: 32 }).split('/')[0];
  return {
    nodeSubnet: formatCidr(nodes),
    loadBalancerIp: host(LOAD_BALANCER_HOST),
    controlPlaneIps: Array.from({ length: controlPlaneCount }, (_, i) => host(FIRST_CONTROL_PLANE_HOST + i)),
    controlPlaneBlock: formatCidr({
      network: nodes.network + CONTROL_PLANE_BLOCK.firstHost,
      prefix: CONTROL_PLANE_BLOCK.prefix,
    }),
    coreIps: Array.from({ length: Math.min(coreCount, MAX_CORE_NODES) }, (_, i) => host(FIRST_CORE_HOST + i)),
  };
}
