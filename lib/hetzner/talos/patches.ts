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
  /** The `hcloud` Secret (token and network id) the cloud controller, CSI driver and autoscaler read. */
  readonly hcloudSecretManifest: string;
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

/** Control-plane nodes: API SANs, etcd on the private network, Pod Security and audit policy, bootstrap manifests. */
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
      inlineManifests: [{ name: 'hcloud-secret', contents: props.hcloudSecretManifest }],
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

/** Secrets and ConfigMaps at Metadata level so their values never reach the log; other changes in full. */
export function auditPolicy(): Record<string, unknown> {
  return {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    omitStages: ['RequestReceived'],
    rules: [
      { level: 'None', users: ['system:kube-proxy'], verbs: ['watch'] },
      { level: 'None', nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version'] },
      { level: 'Metadata', resources: [{ group: '', resources: ['secrets', 'configmaps'] }] },
      { level: 'Metadata', resources: [{ group: 'authentication.k8s.io', resources: ['tokenreviews'] }] },
      { level: 'RequestResponse', verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'] },
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
