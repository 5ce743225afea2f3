import { stringify } from 'yaml';
import type { TalosConfigPatch } from './config-types';

/** Approves the kubelets' serving-certificate requests, which rotate-server-certificates makes them send. */
export const KUBELET_SERVING_CERT_APPROVER =
  'https://raw.githubusercontent.com/alex1989hu/kubelet-serving-cert-approver/v0.12.1/deploy/standalone-install.yaml';

/** Namespaces below `restricted` by nature: node-level agents (CSI node plugin, CNI). */
const POD_SECURITY_EXEMPT_NAMESPACES = ['kube-system'];

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

/** Every node: external cloud provider, kubelet serving-cert rotation, node IPs on the private network, LUKS2. */
export function commonPatch(props: CommonPatchProps): TalosConfigPatch {
  const luks = { provider: 'luks2' as const, keys: [{ slot: 0, nodeID: {} }] };
  return {
    machine: {
      install: { image: props.installerImage, wipe: false },
      kubelet: {
        extraArgs: { 'rotate-server-certificates': 'true' },
        nodeIP: { validSubnets: [props.nodeSubnet] },
      },
      systemDiskEncryption: { state: luks, ephemeral: luks },
    },
    cluster: {
      externalCloudProvider: { enabled: true },
      network: { podSubnets: [props.podCidr], serviceSubnets: [props.serviceCidr] },
    },
  };
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

export function hostnamePatch(hostname: string): TalosConfigPatch {
  return { machine: { network: { hostname } } };
}

/** `restricted` everywhere by default; namespaces that need less say so through their own labels. */
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
    exemptions: { usernames: [], runtimeClasses: [], namespaces: POD_SECURITY_EXEMPT_NAMESPACES },
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

/** YAML the talos provider takes as a config patch. Key order is kept, so the output is deterministic. */
export function renderPatch(patch: TalosConfigPatch): string {
  return stringify(patch, { lineWidth: 0, aliasDuplicateObjects: false });
}
