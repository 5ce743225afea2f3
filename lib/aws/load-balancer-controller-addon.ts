import { HelmAddOn } from '../addons/helm-addon';
import type { ClusterDescription } from '../contracts/cluster';

export const LOAD_BALANCER_CONTROLLER_ADDON_ID = 'aws-load-balancer-controller';
export const LOAD_BALANCER_CONTROLLER_CHART_VERSION = '3.5.0';
/** The Pod Identity association in the cluster stack binds exactly this namespace and ServiceAccount. */
export const LOAD_BALANCER_CONTROLLER_NAMESPACE = 'aws-load-balancer-controller';
export const LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = 'aws-load-balancer-controller';

export interface LoadBalancerControllerAddOnProps {
  readonly clusterName: string;
  readonly region: string;
  /** The VPC id (a cluster-stack reference): pods cannot read it from IMDS with hop limit 1. */
  readonly vpcId: string;
  /** Extra chart values, deep-merged. @default {} */
  readonly values?: Readonly<Record<string, unknown>>;
}

/**
 * The AWS Load Balancer Controller, contributed by the EKS flavour: it turns the ingress controller's
 * `LoadBalancer` Service into an NLB (annotations in the contract's ingress profile). Runs on `core` nodes
 * with its own Pod Identity; WAF, Shield and the ALB IngressClass are off because only NLBs are used.
 */
export class LoadBalancerControllerAddOn extends HelmAddOn {
  private readonly lb: LoadBalancerControllerAddOnProps;

  constructor(props: LoadBalancerControllerAddOnProps) {
    super({
      id: LOAD_BALANCER_CONTROLLER_ADDON_ID,
      chart: 'aws-load-balancer-controller',
      repository: 'https://aws.github.io/eks-charts',
      version: LOAD_BALANCER_CONTROLLER_CHART_VERSION,
      namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
      // Its `mservice` webhook (failurePolicy Fail, no selector) intercepts every Service created in the
      // cluster, and `vingress` every Ingress: both fail while no controller pod is ready.
      provides: ['admission-webhooks', 'load-balancers'],
      // Its webhooks; the EC2 and ELB APIs with its Pod Identity.
      network: { webhookPorts: [9443], internet: true, cloudIdentity: true },
      values: props.values,
    });
    this.lb = props;
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    return {
      clusterName: this.lb.clusterName,
      region: this.lb.region,
      vpcId: this.lb.vpcId,
      serviceAccount: { create: true, name: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT },
      nodeSelector: { ...cluster.nodePools.core.labels },
      createIngressClassResource: false,
      enableShield: false,
      enableWaf: false,
      enableWafv2: false,
      // The chart's defaults miss seccomp and dropped capabilities, which Pod Security `restricted` requires.
      podSecurityContext: { fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
      securityContext: {
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      },
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    };
  }
}
