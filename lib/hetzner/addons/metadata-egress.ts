import type { KubernetesObject } from '../../core/objects-release';

/** Hetzner's metadata service: instance id, location, networks, and a worker's user data (its join token). */
export const METADATA_SERVICE_CIDR = '169.254.169.254/32';
/** The pods that must read it: the CSI node plugin takes its server id and location from it at start. */
export const METADATA_READERS = { namespace: 'kube-system', name: 'hcloud-csi', component: 'node' } as const;

const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';

/** The part of Cilium's `cilium.io/v2` CiliumClusterwideNetworkPolicy this flavour writes. */
export interface CiliumClusterwideNetworkPolicy extends KubernetesObject {
  readonly apiVersion: 'cilium.io/v2';
  readonly kind: 'CiliumClusterwideNetworkPolicy';
  readonly metadata: { readonly name: string; readonly labels?: Readonly<Record<string, string>> };
  readonly spec: {
    readonly description: string;
    readonly endpointSelector: LabelSelector;
    readonly enableDefaultDeny: { readonly egress: boolean; readonly ingress: boolean };
    readonly egressDeny: readonly { readonly toCIDR: readonly string[] }[];
  };
}

interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: 'In' | 'NotIn';
    readonly values: readonly string[];
  }[];
}

/**
 * Every pod but the CSI node plugin is denied the metadata address, which serves any caller the user data of
 * its node, and a worker's user data is its Talos machine configuration with the cluster join token. A deny
 * rule alone would still put every selected pod into default-deny egress (Cilium's default for a direction a
 * policy has rules in), so `enableDefaultDeny` is off in both directions: tenants' own NetworkPolicies keep
 * deciding everything else. Host-network pods (the cloud controller, Cilium itself) are not endpoints that
 * policies select: they keep their node's access. A label selector cannot say "not (a and b)", so three
 * policies cover everything outside kube-system, kube-system but the CSI driver, and the CSI driver but its
 * node plugin.
 */
export function metadataEgressPolicies(): CiliumClusterwideNetworkPolicy[] {
  const policy = (name: string, description: string, selector: LabelSelector): CiliumClusterwideNetworkPolicy => ({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumClusterwideNetworkPolicy',
    metadata: { name, labels: { 'app.kubernetes.io/part-of': 'hot' } },
    spec: {
      description,
      endpointSelector: selector,
      enableDefaultDeny: { egress: false, ingress: false },
      egressDeny: [{ toCIDR: [METADATA_SERVICE_CIDR] }],
    },
  });
  const { namespace, name, component } = METADATA_READERS;
  return [
    policy('deny-metadata-service', 'No pod outside kube-system reads the node metadata service', {
      matchExpressions: [{ key: NAMESPACE_LABEL, operator: 'NotIn', values: [namespace] }],
    }),
    policy('deny-metadata-service-kube-system', 'kube-system pods but the CSI driver do not read it', {
      matchLabels: { [NAMESPACE_LABEL]: namespace },
      matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: [name] }],
    }),
    policy('deny-metadata-service-csi-controller', 'Of the CSI driver, only its node plugin reads it', {
      matchLabels: { [NAMESPACE_LABEL]: namespace, 'app.kubernetes.io/name': name },
      matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'NotIn', values: [component] }],
    }),
  ];
}
