import { OIDC_PREFIX } from '../../core/kubernetes-oidc';
import { stringify } from 'yaml';
import type { HostnameConfig, TalosConfigPatch, TalosDocument, VolumeConfig } from './config-types';

/** Approves the kubelets' serving-certificate requests, which rotate-server-certificates makes them send. */
export const KUBELET_SERVING_CERT_APPROVER =
  'https://raw.githubusercontent.com/alex1989hu/kubelet-serving-cert-approver/v0.12.1/deploy/standalone-install.yaml';

export interface CommonPatchProps {
  readonly installerImage: string;
  readonly nodeSubnet: string;
  readonly podCidr: string;
  readonly serviceCidr: string;
}

export interface ControlPlanePatchProps {
  readonly nodeSubnet: string;
  /** Every name and address clients reach the API by: the load balancer first. */
  readonly certSans: readonly string[];
}

/**
 * Every node: external cloud provider, kubelet serving-cert rotation, node IPs on the private network, no CNI
 * and no kube-proxy from Talos (Cilium, a platform add-on, is both).
 */
export function commonPatch(props: CommonPatchProps): TalosConfigPatch {
  return {
    machine: {
      install: { image: props.installerImage, wipe: false },
      kubelet: {
        extraArgs: { 'rotate-server-certificates': 'true' },
        nodeIP: { validSubnets: [props.nodeSubnet] },
      },
      // Cilium masquerades in eBPF; CoreDNS forwarding to Talos' host DNS then breaks (Talos' Cilium guide,
      // known issues), so CoreDNS resolves upstream itself.
      features: { hostDNS: { enabled: true, forwardKubeDNSToHost: false } },
    },
    cluster: {
      externalCloudProvider: { enabled: true },
      network: { cni: { name: 'none' }, podSubnets: [props.podCidr], serviceSubnets: [props.serviceCidr] },
      proxy: { disabled: true },
    },
  };
}

/**
 * LUKS2 on STATE and EPHEMERAL with a key derived from the node id: `VolumeConfig` documents, which replace
 * the deprecated `machine.systemDiskEncryption` (Talos 1.11+).
 */
export function volumeEncryption(): VolumeConfig[] {
  return (['STATE', 'EPHEMERAL'] as const).map((name) => ({
    apiVersion: 'v1alpha1',
    kind: 'VolumeConfig',
    name,
    encryption: { provider: 'luks2', keys: [{ slot: 0, nodeID: {} }] },
  }));
}

/**
 * The node's hostname, as Talos 1.12+ sets it: a `HostnameConfig` document (setting `machine.network.hostname`
 * as well is refused: "static hostname is already set"). It is the server's name, which the hcloud cloud
 * controller looks the node up by.
 */
export function hostnameConfig(hostname: string): HostnameConfig {
  return { apiVersion: 'v1alpha1', kind: 'HostnameConfig', hostname, auto: 'off' };
}

/**
 * Control-plane nodes: API SANs, etcd on the private network, Pod Security and audit policy, the serving-cert
 * approver. No inline manifest carries a secret: the machine configuration is stored on every node.
 */
export function controlPlanePatch(props: ControlPlanePatchProps): TalosConfigPatch {
  return {
    machine: { certSANs: [...props.certSans] },
    cluster: {
      allowSchedulingOnControlPlanes: false,
      apiServer: {
        certSANs: [...props.certSans],
        admissionControl: [{ name: 'PodSecurity', configuration: podSecurityConfiguration() }],
        auditPolicy: auditPolicy(),
      },
      etcd: { advertisedSubnets: [props.nodeSubnet] },
      extraManifests: [KUBELET_SERVING_CERT_APPROVER],
    },
  };
}

export interface OidcSettings {
  readonly issuerUrl: string;
  readonly clientId: string;
  readonly usernameClaim: string;
  readonly groupsClaim: string;
  /** Issuer groups bound to cluster-admin. */
  readonly adminGroups: readonly string[];
}

/**
 * Human admins log in with the issuer's ID tokens (short-lived, revoked at the issuer) instead of the admin
 * certificate. The groups binding is an inline manifest: it holds no secret, and it must exist before anyone
 * can log in to create it.
 */
export function oidcPatch(oidc: OidcSettings): TalosConfigPatch {
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'hot-oidc-admins' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: oidc.adminGroups.map((group) => ({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Group',
      name: `${OIDC_PREFIX}${group}`,
    })),
  };
  return {
    cluster: {
      apiServer: {
        extraArgs: {
          'oidc-issuer-url': oidc.issuerUrl,
          'oidc-client-id': oidc.clientId,
          'oidc-username-claim': oidc.usernameClaim,
          'oidc-username-prefix': OIDC_PREFIX,
          'oidc-groups-claim': oidc.groupsClaim,
          'oidc-groups-prefix': OIDC_PREFIX,
        },
      },
      ...(oidc.adminGroups.length > 0
        ? { inlineManifests: [{ name: 'oidc-admins', contents: stringify(binding, { lineWidth: 0 }) }] }
        : {}),
    },
  };
}

/** The `node-type` label the contract promises, set by the kubelet itself. */
export function nodeLabelsPatch(labels: Readonly<Record<string, string>>): TalosConfigPatch {
  return { machine: { nodeLabels: { ...labels } } };
}

/**
 * `restricted` everywhere by default; namespaces that need less say so through their own labels. Talos'
 * generated entry already exempts kube-system, and lists merge by appending, so the patch names no namespace
 * (naming it again would list it twice).
 */
export function podSecurityConfiguration(): Record<string, unknown> {
  return {
    apiVersion: 'pod-security.admission.config.k8s.io/v1',
    kind: 'PodSecurityConfiguration',
    defaults: {
      enforce: 'restricted',
      'enforce-version': 'latest',
      audit: 'restricted',
      'audit-version': 'latest',
      warn: 'restricted',
      'warn-version': 'latest',
    },
    exemptions: {},
  };
}

/**
 * Resources whose request or response body can carry a credential: Secret and ConfigMap values, the token a
 * TokenRequest returns (`serviceaccounts/token`, every pod's projected token goes through it), the tokens a
 * TokenReview carries, and every pod-bearing kind, whose env may hold a literal password. Logged at Metadata
 * (who, what, when) and never with their bodies, whatever rule follows.
 */
export const CREDENTIAL_BEARING_RESOURCES: readonly AuditResources[] = [
  { group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token', 'pods', 'replicationcontrollers'] },
  { group: 'authentication.k8s.io', resources: ['tokenreviews', 'selfsubjectreviews'] },
  { group: 'certificates.k8s.io', resources: ['certificatesigningrequests'] },
  { group: 'apps', resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'controllerrevisions'] },
  { group: 'batch', resources: ['jobs', 'cronjobs'] },
];

/**
 * The only resources whose changes are logged with their bodies: who was granted what (RBAC), what admission
 * and the network allow, namespaces and quotas. None of them can hold a credential; everything else, custom
 * resources included (an Argo CD Application may inline Helm values), stays at Metadata.
 */
export const FULL_BODY_RESOURCES: readonly AuditResources[] = [
  { group: '', resources: ['namespaces', 'serviceaccounts', 'services', 'resourcequotas', 'limitranges', 'nodes'] },
  { group: 'rbac.authorization.k8s.io', resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'] },
  {
    group: 'admissionregistration.k8s.io',
    resources: [
      'mutatingwebhookconfigurations',
      'validatingwebhookconfigurations',
      'validatingadmissionpolicies',
      'validatingadmissionpolicybindings',
    ],
  },
  { group: 'networking.k8s.io', resources: ['networkpolicies', 'ingresses', 'ingressclasses'] },
  { group: 'cilium.io', resources: ['ciliumnetworkpolicies', 'ciliumclusterwidenetworkpolicies'] },
  { group: 'policy', resources: ['poddisruptionbudgets'] },
  { group: 'storage.k8s.io', resources: ['storageclasses'] },
];

export interface AuditResources {
  /** API group; "" is the core group. */
  readonly group: string;
  /** Resource names, `resource/subresource` for a subresource. */
  readonly resources: readonly string[];
}

/**
 * Rules match in order and the first wins: credential-bearing resources at Metadata come before the one
 * RequestResponse rule, which names its resources instead of matching every write.
 */
export function auditPolicy(): Record<string, unknown> {
  const copy = (list: readonly AuditResources[]) => list.map((r) => ({ group: r.group, resources: [...r.resources] }));
  return {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    omitStages: ['RequestReceived'],
    rules: [
      { level: 'None', nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version'] },
      { level: 'Metadata', resources: copy(CREDENTIAL_BEARING_RESOURCES) },
      {
        level: 'RequestResponse',
        verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'],
        resources: copy(FULL_BODY_RESOURCES),
      },
      { level: 'Metadata' },
    ],
  };
}

/**
 * YAML the talos provider takes as a config patch: one document per part (a v1alpha1 patch, then typed
 * documents such as VolumeConfig). Key order is kept, so the output is deterministic.
 */
export function renderPatch(...documents: readonly (TalosConfigPatch | TalosDocument)[]): string {
  return documents.map((document) => stringify(document, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}
