import { POD_SECURITY_EXCEPTION_ANNOTATION } from '../../core/namespace';
import { TENANT_LABEL } from '../../core/tenant-namespace';
import { block, blocks, strings } from '../read';
import type { PolicyRule, StackDocument } from '../types';

/**
 * Cluster-critical controllers that belong in kube-system by design (their charts and docs assume it), and
 * releases of cluster-scoped objects only (CRDs, the namespace admission policy), which belong to no app. Every other release gets a namespace of its own.
 */
export const KUBE_SYSTEM_RELEASES = [
  'pod-security-policy',
  'gateway-api-crds',
  'prometheus-operator-crds',
  'aws-load-balancer-controller',
  'karpenter',
  'karpenter-crd',
  'cilium',
  // Cilium's cluster-wide policies (the metadata service deny): cluster-scoped objects of the CNI.
  'cilium-metadata-egress',
  'hcloud-cloud-controller-manager',
  'hcloud-csi',
  'cluster-autoscaler',
] as const;

/** The label every namespace the project creates carries (HotNamespace). */
const PART_OF = 'app.kubernetes.io/part-of';

const metadataOf = (config: Readonly<Record<string, unknown>>) => block(config.metadata) ?? {};
const labelsOf = (config: Readonly<Record<string, unknown>>) => block(metadataOf(config).labels) ?? {};

function networkPoliciesIn(document: StackDocument, namespace: string): Record<string, unknown>[] {
  return Object.values(document.resource?.kubernetes_network_policy_v1 ?? {}).filter(
    (p) => metadataOf(p).namespace === namespace,
  );
}

function isDefaultDeny(policy: Record<string, unknown>): boolean {
  const spec = block(policy.spec) ?? {};
  const selector = block(spec.pod_selector) ?? {};
  const selectsAll =
    Object.keys(block(selector.match_labels) ?? {}).length === 0 && blocks(selector.match_expressions).length === 0;
  const types = strings(spec.policy_types);
  return (
    selectsAll &&
    types.includes('Ingress') &&
    types.includes('Egress') &&
    blocks(spec.ingress).length === 0 &&
    blocks(spec.egress).length === 0
  );
}

export const kubernetesRules: PolicyRule[] = [
  {
    id: 'HOT-HELM-005',
    title: 'No release goes into the default namespace',
    checkov: ['CKV_K8S_21'],
    trivy: ['AVD-KSV-0110'],
    appliesTo: ['resource.helm_release'],
    check: ({ config }) =>
      config.namespace === undefined || config.namespace === 'default'
        ? 'namespace must be set and not "default"'
        : undefined,
  },
  {
    id: 'HOT-HELM-006',
    title: 'Only cluster-critical controllers are released into kube-system',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.helm_release'],
    check: ({ config }) =>
      config.namespace === 'kube-system' && !(KUBE_SYSTEM_RELEASES as readonly string[]).includes(String(config.name))
        ? `release ${String(config.name)} is not a cluster-critical controller; give it its own namespace`
        : undefined,
  },
  {
    id: 'HOT-PSA-001',
    title: 'Namespaces enforce a Pod Security level, and any level below restricted says why',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.kubernetes_namespace_v1', 'resource.kubernetes_namespace'],
    check: ({ config }) => {
      const level = labelsOf(config)['pod-security.kubernetes.io/enforce'];
      if (level === undefined) return 'label pod-security.kubernetes.io/enforce is missing';
      const annotations = block(metadataOf(config).annotations) ?? {};
      return level !== 'restricted' && !annotations[POD_SECURITY_EXCEPTION_ANNOTATION]
        ? `enforces "${level}" without a ${POD_SECURITY_EXCEPTION_ANNOTATION} annotation giving the reason`
        : undefined;
    },
  },
  {
    id: 'HOT-NET-001',
    title: 'Every namespace the project creates has a default-deny NetworkPolicy',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.kubernetes_namespace_v1'],
    check: ({ config }, document) => {
      if (labelsOf(config)[PART_OF] !== 'hot') return undefined;
      const name = String(metadataOf(config).name);
      const kind = labelsOf(config)[TENANT_LABEL] === 'true' ? 'tenant namespace' : 'namespace';
      return networkPoliciesIn(document, name).some(isDefaultDeny)
        ? undefined
        : `${kind} ${name} has no NetworkPolicy denying all ingress and egress`;
    },
  },
  {
    id: 'HOT-RBAC-001',
    title: 'Roles we write name their API groups, resources and verbs (no "*")',
    checkov: ['CKV_K8S_49', 'CKV_K8S_155'],
    trivy: ['AVD-KSV-0044', 'AVD-KSV-0045', 'AVD-KSV-0046'],
    appliesTo: ['resource.kubernetes_role_v1', 'resource.kubernetes_cluster_role_v1'],
    check: ({ config }) => {
      const wild = blocks(config.rule).flatMap((rule) =>
        (['api_groups', 'resources', 'verbs'] as const).filter((field) => strings(rule[field]).includes('*')),
      );
      return wild.length > 0 ? `a rule uses "*" in ${[...new Set(wild)].join(', ')}` : undefined;
    },
  },
  {
    id: 'HOT-RBAC-002',
    title: "Nothing we write binds cluster-admin; admins come through the cloud's access mapping",
    checkov: [],
    trivy: ['AVD-KSV-0111'],
    appliesTo: ['resource.kubernetes_cluster_role_binding_v1', 'resource.kubernetes_role_binding_v1'],
    check: ({ config }) =>
      block(config.role_ref)?.name === 'cluster-admin' ? 'binds the cluster-admin ClusterRole' : undefined,
  },
  {
    id: 'HOT-RBAC-003',
    title: 'Roles we write never grant reading Secrets cluster-wide',
    checkov: ['CKV_K8S_157'],
    trivy: ['AVD-KSV-0041'],
    appliesTo: ['resource.kubernetes_cluster_role_v1'],
    check: ({ config }) =>
      blocks(config.rule).some((rule) => strings(rule.resources).includes('secrets'))
        ? 'a ClusterRole rule covers secrets'
        : undefined,
  },
];
