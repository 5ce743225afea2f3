import type { StackDocument } from '../../lib/policies/types';
import type { FixturePair } from './fixtures';

/** Fixtures of the in-cluster rules (lib/policies/rules/kubernetes.ts), shaped like aws-prod-apps. */
export const K8S_NAMES = {
  release: 'keda_release_5D2A9C1E',
  namespace: 'field-tm_namespace_namespace_0B7C2E41',
  denyAll: 'field-tm_default-deny_3F9A7D20',
  role: 'field-tm_team-role_9E4B1C77',
  clusterRole: 'tenancy_read-only_6C3D8E12',
  binding: 'tenancy_read-only-binding_A8E1F4B3',
} as const;

type Block = Record<string, unknown>;

function release(patch: Block): StackDocument {
  return {
    resource: {
      helm_release: {
        [K8S_NAMES.release]: {
          atomic: true,
          chart: 'keda',
          cleanup_on_fail: true,
          create_namespace: false,
          name: 'keda',
          namespace: 'keda',
          repository: 'https://kedacore.github.io/charts',
          timeout: 600,
          values: ['{}'],
          version: '2.20.2',
          wait: true,
          ...patch,
        },
      },
    },
  };
}

/** A release with an Ingress for `host` and, if `guards` is given, the host declared with them. */
export function publishing(host: string, guards?: string[], reason?: string): StackDocument {
  const values = JSON.stringify({ server: { ingress: { enabled: true, hostname: host } } });
  const base = release({ name: 'argocd', chart: 'argo-cd', namespace: 'argocd', values: [values] });
  if (!guards) return base;
  return {
    ...base,
    output: {
      'published-hosts': {
        value: [{ host, service: 'argocd/argocd-server', guards, unauthenticated_reason: reason ?? null }],
      },
    },
  };
}

function tenant(level: string, annotations: Block | undefined, withDenyAll: boolean): StackDocument {
  return {
    resource: {
      kubernetes_namespace_v1: {
        [K8S_NAMES.namespace]: {
          metadata: {
            name: 'field-tm',
            labels: {
              'app.kubernetes.io/part-of': 'hot',
              'hotosm.org/tenant': 'true',
              project: 'field-tm',
              tool: 'field-tm',
              'pod-security.kubernetes.io/enforce': level,
              'pod-security.kubernetes.io/audit': 'restricted',
              'pod-security.kubernetes.io/warn': 'restricted',
            },
            ...(annotations ? { annotations } : {}),
          },
        },
      },
      ...(withDenyAll
        ? {
            kubernetes_network_policy_v1: {
              [K8S_NAMES.denyAll]: {
                metadata: { name: 'default-deny', namespace: 'field-tm' },
                spec: { pod_selector: {}, policy_types: ['Ingress', 'Egress'] },
                depends_on: [`kubernetes_namespace_v1.${K8S_NAMES.namespace}`],
              },
            },
          }
        : {}),
    },
  };
}

function role(verbs: string[]): StackDocument {
  return {
    resource: {
      kubernetes_role_v1: {
        [K8S_NAMES.role]: {
          metadata: { name: 'namespace-admin', namespace: 'field-tm' },
          rule: [{ api_groups: ['apps'], resources: ['deployments'], verbs }],
        },
      },
    },
  };
}

function clusterRole(resources: string[]): StackDocument {
  return {
    resource: {
      kubernetes_cluster_role_v1: {
        [K8S_NAMES.clusterRole]: {
          metadata: { name: 'hot-read-only' },
          rule: [{ api_groups: [''], resources, verbs: ['get', 'list', 'watch'] }],
        },
      },
    },
  };
}

function binding(roleName: string): StackDocument {
  return {
    resource: {
      kubernetes_cluster_role_binding_v1: {
        [K8S_NAMES.binding]: {
          metadata: { name: 'hot-read-only' },
          role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
          subject: [{ api_group: 'rbac.authorization.k8s.io', kind: 'Group', name: 'hot:viewers' }],
        },
      },
    },
  };
}

export const KUBERNETES_FIXTURES: Record<string, FixturePair> = {
  'HOT-HELM-005': { pass: release({}), fail: release({ namespace: 'default' }) },
  'HOT-HELM-006': {
    pass: release({ name: 'karpenter', chart: 'karpenter', namespace: 'kube-system' }),
    fail: release({ namespace: 'kube-system' }),
  },
  'HOT-PSA-001': {
    pass: tenant('privileged', { 'hotosm.org/pod-security-exception': 'The node agent mounts host paths.' }, true),
    fail: tenant('privileged', undefined, true),
  },
  'HOT-NET-001': { pass: tenant('restricted', undefined, true), fail: tenant('restricted', undefined, false) },
  'HOT-ING-001': { pass: publishing('argocd.hotosm.org', ['sso']), fail: publishing('argocd.hotosm.org') },
  'HOT-RBAC-001': { pass: role(['get', 'list']), fail: role(['*']) },
  'HOT-RBAC-002': { pass: binding('hot-read-only'), fail: binding('cluster-admin') },
  'HOT-RBAC-003': { pass: clusterRole(['pods', 'services']), fail: clusterRole(['pods', 'secrets']) },
};

export const KUBERNETES_EXPECTED: Record<string, { readonly address: string; readonly reason: string }> = {
  'HOT-HELM-005': { address: `helm_release.${K8S_NAMES.release}`, reason: 'namespace must be set and not "default"' },
  'HOT-HELM-006': {
    address: `helm_release.${K8S_NAMES.release}`,
    reason: 'release keda is not a cluster-critical controller; give it its own namespace',
  },
  'HOT-PSA-001': {
    address: `kubernetes_namespace_v1.${K8S_NAMES.namespace}`,
    reason: 'enforces "privileged" without a hotosm.org/pod-security-exception annotation giving the reason',
  },
  'HOT-NET-001': {
    address: `kubernetes_namespace_v1.${K8S_NAMES.namespace}`,
    reason: 'tenant namespace field-tm has no NetworkPolicy denying all ingress and egress',
  },
  'HOT-ING-001': {
    address: `helm_release.${K8S_NAMES.release}`,
    reason:
      'publishes argocd.hotosm.org through an Ingress or route without declaring what guards it; declare it with publishHost()',
  },
  'HOT-RBAC-001': { address: `kubernetes_role_v1.${K8S_NAMES.role}`, reason: 'a rule uses "*" in verbs' },
  'HOT-RBAC-002': {
    address: `kubernetes_cluster_role_binding_v1.${K8S_NAMES.binding}`,
    reason: 'binds the cluster-admin ClusterRole',
  },
  'HOT-RBAC-003': {
    address: `kubernetes_cluster_role_v1.${K8S_NAMES.clusterRole}`,
    reason: 'a ClusterRole rule covers secrets',
  },
};
