import type { Release } from '@cdktf/provider-helm/lib/release';
import type { Construct } from 'constructs';
import { HelmAddOn } from '../../addons/helm-addon';
import { onCorePool, resources } from '../../addons/common';
import type { ClusterDescription } from '../../contracts/cluster';
import { ObjectsRelease } from '../../core/objects-release';
import { CILIUM } from '../versions';
import { metadataEgressPolicies } from './metadata-egress';

export const CILIUM_ADDON_ID = 'cilium';
/** KubePrism: Talos' node-local load balancer for the API server, on every node. */
const KUBEPRISM = { host: 'localhost', port: 7445 } as const;

export interface CiliumAddOnProps {
  /** The private network's range: pod and node addresses in it are routed, not masqueraded. */
  readonly nativeRoutingCidr: string;
  /** Extra chart values, deep-merged. @default {} */
  readonly values?: Readonly<Record<string, unknown>>;
}

/**
 * Cilium as the CNI and kube-proxy replacement (Talos runs neither: `cni: none`, `proxy.disabled`), so
 * NetworkPolicies are enforced on Hetzner as on every other cloud. Pods route natively over the private
 * network (the cloud controller adds a route per node's pod CIDR) and node-to-node pod traffic is encrypted
 * with WireGuard. Values follow Talos' Cilium guide: the API through KubePrism, cgroups mounted by Talos, the
 * agent's capabilities listed instead of privileged. Once it runs (the operator registers Cilium's CRDs before
 * it reports ready), cluster-wide policies keep pods away from the node metadata service.
 */
export class CiliumAddOn extends HelmAddOn {
  private readonly cilium: CiliumAddOnProps;

  constructor(props: CiliumAddOnProps) {
    super({
      id: CILIUM_ADDON_ID,
      chart: CILIUM.chart,
      repository: CILIUM.repository,
      version: CILIUM.version,
      namespace: 'kube-system',
      manageNamespace: false,
      provides: ['pod-network'],
      values: props.values,
    });
    this.cilium = props;
  }

  /** Not in what other add-ons wait for: the chain of releases stays as long as it was. */
  protected override afterRelease(scope: Construct, _cluster: ClusterDescription, release: Release): void {
    new ObjectsRelease(scope, 'metadata-egress', {
      releaseName: 'cilium-metadata-egress',
      namespace: 'kube-system',
      objects: metadataEgressPolicies(),
      dependsOn: [release],
    });
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    return {
      ipam: { mode: 'kubernetes' },
      // Every node's pod CIDR comes from the controller manager; the agent waits for it rather than guess.
      k8s: { requireIPv4PodCIDR: true },
      kubeProxyReplacement: true,
      // The API server runs on the control-plane nodes: NetworkPolicies name it (and the webhook callers) by
      // their node addresses, which Cilium's ipBlocks select only in this mode.
      policyCIDRMatchMode: ['nodes'],
      k8sServiceHost: KUBEPRISM.host,
      k8sServicePort: KUBEPRISM.port,
      routingMode: 'native',
      ipv4NativeRoutingCIDR: this.cilium.nativeRoutingCidr,
      bpf: { masquerade: true },
      encryption: { enabled: true, type: 'wireguard' },
      securityContext: {
        capabilities: {
          ciliumAgent: [
            'CHOWN',
            'KILL',
            'NET_ADMIN',
            'NET_RAW',
            'IPC_LOCK',
            'SYS_ADMIN',
            'SYS_RESOURCE',
            'DAC_OVERRIDE',
            'FOWNER',
            'SETGID',
            'SETUID',
          ],
          cleanCiliumState: ['NET_ADMIN', 'SYS_ADMIN', 'SYS_RESOURCE'],
        },
      },
      cgroup: { autoMount: { enabled: false }, hostRoot: '/sys/fs/cgroup' },
      resources: resources('100m', '512Mi', '1Gi'),
      initResources: resources('10m', '32Mi', '256Mi'),
      envoy: { resources: resources('50m', '128Mi', '512Mi') },
      operator: { replicas: 2, resources: resources('50m', '128Mi', '256Mi'), ...onCorePool(cluster) },
      hubble: { relay: { enabled: false }, ui: { enabled: false } },
    };
  }
}
