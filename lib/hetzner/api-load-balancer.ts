import { type ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { LoadBalancer } from '../../.gen/providers/hcloud/load-balancer';
import { LoadBalancerNetwork } from '../../.gen/providers/hcloud/load-balancer-network';
import { LoadBalancerService } from '../../.gen/providers/hcloud/load-balancer-service';
import { LoadBalancerTarget } from '../../.gen/providers/hcloud/load-balancer-target';
import { KUBERNETES_API_PORT } from './firewall';

export interface ApiLoadBalancerProps {
  readonly name: string;
  readonly loadBalancerType: string;
  readonly location: string;
  readonly networkId: string;
  /** Its fixed address in the node subnet: the cluster endpoint. */
  readonly privateIp: string;
  /** Control-plane servers are targets by this label selector. */
  readonly targetSelector: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Resources that must exist first (the subnet the address lives in). */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * The Kubernetes API behind one private address. Hetzner load balancers take no firewall, so the public
 * interface is off: from outside, the API is reached on the control-plane servers, behind the firewall.
 */
export class ApiLoadBalancer extends Construct {
  public readonly loadBalancer: LoadBalancer;

  constructor(scope: Construct, id: string, props: ApiLoadBalancerProps) {
    super(scope, id);
    this.loadBalancer = new LoadBalancer(this, 'load-balancer', {
      name: props.name,
      loadBalancerType: props.loadBalancerType,
      location: props.location,
      labels: { ...props.labels },
      deleteProtection: true,
      lifecycle: { preventDestroy: true },
    });
    const lbId = Token.asNumber(this.loadBalancer.id);
    const attachment = new LoadBalancerNetwork(this, 'network', {
      loadBalancerId: lbId,
      networkId: Token.asNumber(props.networkId),
      ip: props.privateIp,
      enablePublicInterface: false,
      dependsOn: [...props.dependsOn],
    });
    new LoadBalancerService(this, 'kubernetes-api', {
      loadBalancerId: this.loadBalancer.id,
      protocol: 'tcp',
      listenPort: KUBERNETES_API_PORT,
      destinationPort: KUBERNETES_API_PORT,
      healthCheck: { protocol: 'tcp', port: KUBERNETES_API_PORT, interval: 5, timeout: 3, retries: 3 },
    });
    new LoadBalancerTarget(this, 'control-plane', {
      type: 'label_selector',
      loadBalancerId: lbId,
      labelSelector: props.targetSelector,
      usePrivateIp: true,
      dependsOn: [attachment],
    });
  }
}
