/**
 * The part of the Talos v1alpha1 machine configuration (talos.dev/v1.13/reference/configuration/v1alpha1)
 * this flavour patches. Field names are Talos' own; patches are strategic merges over the generated config.
 */
export interface TalosConfigPatch {
  readonly machine?: MachinePatch;
  readonly cluster?: ClusterPatch;
}

export interface MachinePatch {
  readonly certSANs?: readonly string[];
  readonly nodeLabels?: Readonly<Record<string, string>>;
  readonly install?: { readonly image: string; readonly wipe?: boolean };
  readonly kubelet?: {
    readonly extraArgs?: Readonly<Record<string, string>>;
    readonly nodeIP?: { readonly validSubnets: readonly string[] };
  };
  readonly features?: { readonly hostDNS?: { readonly enabled: boolean; readonly forwardKubeDNSToHost: boolean } };
}

/** A typed document of the machine configuration (Talos 1.13 multi-document config). */
export type TalosDocument = VolumeConfig | HostnameConfig;

export interface VolumeConfig {
  readonly apiVersion: 'v1alpha1';
  readonly kind: 'VolumeConfig';
  readonly name: 'STATE' | 'EPHEMERAL';
  readonly encryption: {
    readonly provider: 'luks2';
    readonly keys: readonly { readonly slot: number; readonly nodeID: Record<string, never> }[];
  };
}

export interface HostnameConfig {
  readonly apiVersion: 'v1alpha1';
  readonly kind: 'HostnameConfig';
  readonly hostname: string;
  /** `off`: the static `hostname` above, never one Talos derives. */
  readonly auto: 'off';
}

export interface ClusterPatch {
  readonly allowSchedulingOnControlPlanes?: boolean;
  readonly externalCloudProvider?: { readonly enabled: boolean };
  readonly network?: {
    readonly cni?: { readonly name: 'none' | 'flannel' };
    readonly podSubnets: readonly string[];
    readonly serviceSubnets: readonly string[];
  };
  readonly proxy?: { readonly disabled: boolean };
  readonly apiServer?: {
    readonly certSANs?: readonly string[];
    readonly extraArgs?: Readonly<Record<string, string>>;
    readonly admissionControl?: readonly { readonly name: string; readonly configuration: Record<string, unknown> }[];
    readonly auditPolicy?: Record<string, unknown>;
  };
  readonly etcd?: { readonly advertisedSubnets: readonly string[] };
  readonly extraManifests?: readonly string[];
  readonly inlineManifests?: readonly { readonly name: string; readonly contents: string }[];
}
