import type { ClusterDescription, NodePoolSelector, Taint } from '../contracts/cluster';
import type { WorkloadName } from '../contracts/workloads';
import { WORKLOADS } from '../contracts/workloads';

/** The IngressClass (and GatewayClass) every HOT chart's Ingress uses. */
export const INGRESS_CLASS = 'traefik';
export const CLUSTER_ISSUER_PROD = 'letsencrypt-prod';
export const CLUSTER_ISSUER_STAGING = 'letsencrypt-staging';
/** Where cert-manager's HTTP-01 solver pods listen, in the namespace of the certificate's Ingress. */
export const ACME_SOLVER_PORT = 8089;
/** Where the ingress controller and Prometheus run: every namespace's NetworkPolicies name them. */
export { INGRESS_NAMESPACE, MONITORING_NAMESPACE } from '../core/namespace-network';

export interface Toleration {
  readonly key: string;
  readonly operator: 'Equal' | 'Exists';
  readonly value?: string;
  readonly effect: Taint['effect'];
}

export function tolerationsFor(pool: NodePoolSelector): Toleration[] {
  return pool.taints.map((t) =>
    t.value === undefined
      ? { key: t.key, operator: 'Exists', effect: t.effect }
      : { key: t.key, operator: 'Equal', value: t.value, effect: t.effect },
  );
}

/** Platform controllers run on the on-demand `core` pool, never on spot workers. */
export function onCorePool(cluster: ClusterDescription): {
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
} {
  return { nodeSelector: { ...cluster.nodePools.core.labels }, tolerations: tolerationsFor(cluster.nodePools.core) };
}

/** ServiceAccount settings of a workload from the WORKLOADS table, with the cloud's identity annotations. */
export function serviceAccountFor(cluster: ClusterDescription, workload: WorkloadName) {
  return {
    name: WORKLOADS[workload].serviceAccount,
    annotations: { ...(cluster.workloads[workload]?.serviceAccountAnnotations ?? {}) },
  };
}

/** Pod labels a workload identity needs (Azure's `azure.workload.identity/use`), or none. */
export function podLabelsFor(cluster: ClusterDescription, workload: WorkloadName): Record<string, string> {
  return { ...(cluster.workloads[workload]?.podLabels ?? {}) };
}

/** A TLS Ingress on the shared class, with a certificate from the production issuer. */
export function tlsIngressValues(host: string, secretName: string) {
  return {
    ingressClassName: INGRESS_CLASS,
    annotations: { 'cert-manager.io/cluster-issuer': CLUSTER_ISSUER_PROD },
    hosts: [host],
    tls: [{ secretName, hosts: [host] }],
  };
}

/** A node affinity that requires every one of these labels: for charts that take no nodeSelector, or both. */
export function requiredNodeAffinity(labels: Readonly<Record<string, string>>) {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          {
            matchExpressions: Object.entries(labels).map(([key, value]) => ({ key, operator: 'In', values: [value] })),
          },
        ],
      },
    },
  };
}

/** Requests and limits in the shape every chart takes. */
export function resources(cpu: string, memory: string, memoryLimit = memory) {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

/** The container security context of the restricted Pod Security level. */
export const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
} as const;
