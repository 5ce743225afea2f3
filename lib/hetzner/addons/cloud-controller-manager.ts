import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { HelmAddOn } from '../../addons/helm-addon';
import type { ClusterDescription } from '../../contracts/cluster';
import { resources } from '../../addons/common';
import { HCLOUD_SECRET, hcloudControllersSecret } from '../hcloud-secret';
import { HCLOUD_CCM } from '../versions';
import { CILIUM_ADDON_ID } from './cilium';

export const HCLOUD_CCM_ADDON_ID = 'hcloud-cloud-controller-manager';

export interface CloudControllerManagerAddOnProps {
  readonly podCidr: string;
  /** Where Services of type LoadBalancer get their load balancer. */
  readonly loadBalancerLocation: string;
  /** The private network's id (a cluster-stack reference), for routes and load balancer targets. */
  readonly networkId: string;
  /** Extra chart values, deep-merged. @default {} */
  readonly values?: Readonly<Record<string, unknown>>;
}

/**
 * The Hetzner cloud controller: node addresses and provider ids (Talos runs the kubelet with an external cloud
 * provider, so nodes stay tainted until it runs), routes for the pod network on the private network, and load
 * balancers for `LoadBalancer` Services, reaching nodes over the private network. Creates the Secret with
 * the controllers' own token (the apps stack's `hcloud_cluster_token`) and the network id, which the CSI
 * driver and the autoscaler read too; they wait for this add-on, so for the Secret.
 */
export class CloudControllerManagerAddOn extends HelmAddOn {
  private readonly ccm: CloudControllerManagerAddOnProps;

  constructor(props: CloudControllerManagerAddOnProps) {
    super({
      id: HCLOUD_CCM_ADDON_ID,
      chart: HCLOUD_CCM.chart,
      repository: HCLOUD_CCM.repository,
      version: HCLOUD_CCM.version,
      namespace: 'kube-system',
      manageNamespace: false,
      // Host network, but a node becomes schedulable only once Cilium makes it Ready.
      dependsOn: [CILIUM_ADDON_ID],
      provides: ['node-lifecycle', 'load-balancers'],
      values: props.values,
    });
    this.ccm = props;
  }

  protected override beforeRelease(scope: Construct): ITerraformDependable[] {
    return [hcloudControllersSecret(scope, this.ccm.networkId)];
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    const fromSecret = (key: string) => ({ valueFrom: { secretKeyRef: { name: HCLOUD_SECRET.name, key } } });
    return {
      kind: 'Deployment',
      replicaCount: 2,
      image: { tag: `v${HCLOUD_CCM.appVersion}` },
      // Routes for every node's pod CIDR inside the private network, which Cilium's native routing uses.
      networking: { enabled: true, clusterCIDR: this.ccm.podCidr, network: fromSecret(HCLOUD_SECRET.network) },
      env: {
        HCLOUD_TOKEN: fromSecret(HCLOUD_SECRET.token),
        HCLOUD_LOAD_BALANCERS_LOCATION: { value: this.ccm.loadBalancerLocation },
        HCLOUD_LOAD_BALANCERS_USE_PRIVATE_IP: { value: 'true' },
        // KubePrism on the node: the API without the Service VIP, which only Cilium serves.
        KUBERNETES_SERVICE_HOST: { value: '127.0.0.1' },
        KUBERNETES_SERVICE_PORT: { value: '7445' },
      },
      nodeSelector: { ...cluster.nodePools.core.labels },
      resources: resources('100m', '64Mi', '256Mi'),
    };
  }
}
