import { NetworkPolicyV1, type NetworkPolicyV1Spec } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { AddressedPort, NetworkDescription } from '../contracts/cluster';

/** Namespaces whose pods reach into every namespace: Prometheus scrapes, the ingress controller serves. */
export const MONITORING_NAMESPACE = 'monitoring';
export const INGRESS_NAMESPACE = 'ingress';
/** Traefik's entrypoints behind the load balancer's 80 and 443. */
export const INGRESS_ENTRYPOINT_PORTS = { web: 8000, websecure: 8443 } as const;

/** Private, shared and link-local ranges: "the internet" excludes them, so cloud metadata stays unreachable. */
export const NON_PUBLIC_RANGES = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16',
] as const;

/**
 * The traffic a namespace's pods need beyond what every namespace gets (DNS, its own pods, Prometheus scrapes
 * from `monitoring`). Each add-on declares its own; anything not listed is refused both ways.
 */
export interface NetworkAllowances {
  /** Egress to the Kubernetes API. @default true */
  readonly apiServer?: boolean;
  /** Egress to public addresses (ACME, cloud APIs, object storage, git hosts); never private or link-local. @default false */
  readonly internet?: boolean;
  /** Egress to the cloud's identity endpoint (EKS Pod Identity agent) for workloads with cloud access. @default false */
  readonly cloudIdentity?: boolean;
  /** Ingress from the control plane on these ports: webhooks and aggregated APIs. @default [] */
  readonly webhookPorts?: readonly number[];
  /**
   * Ingress from the ingress controller: published services and the ACME HTTP-01 solvers of their certificates.
   * A list of ports admits only those, for a namespace that also runs services nobody may publish. @default false
   */
  readonly fromIngressController?: boolean | readonly number[];
  /**
   * Egress to the ingress controller's entrypoints: pods that call the cluster's own public hosts (an app's
   * public URL, the S3 gateway's), which the network plugin may hand straight to Traefik's pods instead of
   * sending them out to the load balancer. @default false
   */
  readonly toIngressController?: boolean;
  /** Ingress from anywhere on these ports: the ingress controller's own entrypoints. @default [] */
  readonly publicPorts?: readonly number[];
  /** Egress to every pod of the cluster: the ingress controller's backends, Prometheus's targets. @default false */
  readonly toAllPods?: boolean;
  /** Egress to these namespaces (e.g. OpenCost to Prometheus). @default [] */
  readonly toNamespaces?: readonly string[];
  /** Egress to the in-cluster object store's S3 port, where the contract's store runs in the cluster. @default undefined */
  readonly objectStore?: { readonly namespace: string; readonly port: number };
  /** Ingress from these namespaces (e.g. Prometheus's API for OpenCost). @default [] */
  readonly fromNamespaces?: readonly string[];
  /** Ingress from every namespace on these ports: a shared in-cluster service (the S3 endpoint). @default [] */
  readonly fromAllNamespacesPorts?: readonly number[];
  /** Egress on these ports to any address: kubelets and host-network exporters on the nodes. @default [] */
  readonly nodePorts?: readonly number[];
}

export interface NamespaceNetworkProps {
  readonly namespace: string;
  readonly allowances: NetworkAllowances;
  readonly network: NetworkDescription;
  readonly dependsOn: ITerraformDependable[];
}

const byName = (namespace: string) => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
});
const tcp = (port: number) => ({ port: String(port), protocol: 'TCP' });
const toAddress = ({ cidr, port }: AddressedPort) => ({ to: [{ ipBlock: { cidr } }], ports: [tcp(port)] });

/** The ingress controller's way in: to every port, or only to the listed ones. */
function fromIngressController(ports: true | readonly number[]) {
  const from = [byName(INGRESS_NAMESPACE)];
  return ports === true ? { from } : { from, ports: ports.map(tcp) };
}

/**
 * Default-deny in both directions for every pod of a namespace, then the allowances it declares, one
 * NetworkPolicy each (their ids are addresses: the set only grows).
 */
export class NamespaceNetworkPolicies extends Construct {
  public readonly policies: NetworkPolicyV1[] = [];

  constructor(scope: Construct, id: string, props: NamespaceNetworkProps) {
    super(scope, id);
    const { allowances: a, network, namespace } = props;
    const policy = (policyId: string, spec: NetworkPolicyV1Spec) => {
      const created = new NetworkPolicyV1(this, policyId, {
        metadata: { name: policyId, namespace },
        spec,
        dependsOn: props.dependsOn,
      });
      this.policies.push(created);
      return created;
    };
    const egress = (policyId: string, rules: NonNullable<NetworkPolicyV1Spec['egress']>) =>
      policy(policyId, { podSelector: {}, policyTypes: ['Egress'], egress: rules });
    const ingress = (policyId: string, rules: NonNullable<NetworkPolicyV1Spec['ingress']>) =>
      policy(policyId, { podSelector: {}, policyTypes: ['Ingress'], ingress: rules });

    policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    egress('allow-dns', [
      {
        to: [{ ...byName('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [
          { port: '53', protocol: 'UDP' },
          { port: '53', protocol: 'TCP' },
        ],
      },
    ]);
    policy('allow-same-namespace', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    });
    ingress('allow-monitoring', [{ from: [byName(MONITORING_NAMESPACE)] }]);

    if (a.apiServer ?? true) egress('allow-api-server', network.apiServer.map(toAddress));
    if (a.internet)
      egress('allow-internet', [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [...NON_PUBLIC_RANGES] } }] }]);
    if (a.cloudIdentity && network.identityEndpoints.length > 0) {
      egress('allow-cloud-identity', network.identityEndpoints.map(toAddress));
    }
    if (a.webhookPorts?.length) {
      ingress('allow-control-plane', [
        { from: network.controlPlaneCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: a.webhookPorts.map(tcp) },
      ]);
    }
    // An empty port list would mean every port to the API: it admits nothing here.
    const viaIngress = a.fromIngressController;
    if (viaIngress === true || (viaIngress && viaIngress.length > 0)) {
      ingress('allow-ingress-controller', [fromIngressController(viaIngress)]);
    }
    if (a.publicPorts?.length) {
      ingress('allow-public', [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: a.publicPorts.map(tcp) }]);
    }
    if (a.toAllPods) egress('allow-all-pods', [{ to: [{ namespaceSelector: {} }] }]);
    if (a.toIngressController) {
      egress('allow-to-ingress-controller', [
        { to: [byName(INGRESS_NAMESPACE)], ports: Object.values(INGRESS_ENTRYPOINT_PORTS).map(tcp) },
      ]);
    }
    if (a.toNamespaces?.length) egress('allow-to-namespaces', [{ to: a.toNamespaces.map(byName) }]);
    if (a.objectStore) {
      egress('allow-object-store', [{ to: [byName(a.objectStore.namespace)], ports: [tcp(a.objectStore.port)] }]);
    }
    if (a.fromNamespaces?.length) ingress('allow-from-namespaces', [{ from: a.fromNamespaces.map(byName) }]);
    if (a.fromAllNamespacesPorts?.length) {
      ingress('allow-from-all-namespaces', [
        { from: [{ namespaceSelector: {} }], ports: a.fromAllNamespacesPorts.map(tcp) },
      ]);
    }

    // No `to`: these ports at any address. Not every plugin lets an ipBlock select a node (AKS's Cilium does
    // not), and the ports are the kubelet's and exporters', never the metadata service's.
    if (a.nodePorts?.length) egress('allow-node-ports', [{ ports: a.nodePorts.map(tcp) }]);
  }
}
