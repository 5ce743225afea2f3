/**
 * Everything the Hetzner + Talos flavour pins, in one place, with the compatibility rules between them.
 * `checkHetznerVersions` runs at synth and refuses combinations known to break.
 */

/** The Talos release the image and the machine configuration contract follow. */
export const TALOS_VERSION = 'v1.13.9';
/** The config contract given to the talos provider (`talos_version`): the minor of TALOS_VERSION. */
export const TALOS_CONTRACT = 'v1.13';
/**
 * Kubernetes minors offered on Talos v1.13, which runs its DefaultKubernetesVersion (1.36) and the five before
 * it (machinery constants: SupportedKubernetesVersions = 6). 1.31 is left out: upstream support has ended.
 */
export const TALOS_KUBERNETES_VERSIONS = ['1.32', '1.33', '1.34', '1.35', '1.36'] as const;
/** Kubernetes patch release per minor; kubelet and control-plane images follow it. */
export const KUBERNETES_PATCH: Readonly<Record<(typeof TALOS_KUBERNETES_VERSIONS)[number], string>> = {
  '1.32': '1.32.11',
  '1.33': '1.33.7',
  '1.34': '1.34.3',
  '1.35': '1.35.0',
  '1.36': '1.36.1',
};

export interface ChartPin {
  readonly chart: string;
  readonly repository: string;
  readonly version: string;
  /** The image version the chart runs by default. */
  readonly appVersion: string;
}

export const HCLOUD_CCM: ChartPin = {
  chart: 'hcloud-cloud-controller-manager',
  repository: 'https://charts.hetzner.cloud',
  version: '1.35.0',
  appVersion: '1.35.0',
};

export const HCLOUD_CSI: ChartPin = {
  chart: 'hcloud-csi',
  repository: 'https://charts.hetzner.cloud',
  version: '2.22.1',
  appVersion: '2.22.1',
};

export const CLUSTER_AUTOSCALER: ChartPin = {
  chart: 'cluster-autoscaler',
  repository: 'https://kubernetes.github.io/autoscaler',
  version: '9.59.0',
  appVersion: '1.35.0',
};

/**
 * Hetzner's cert-manager DNS-01 webhook for the Cloud DNS API (hetzner/cert-manager-webhook-hetzner, tag v0.9.0,
 * 2026-08-19; the chart has no appVersion, its image tag is the release). hcloud-k8s bundles it (0.8.1).
 */
export const CERT_MANAGER_WEBHOOK_HETZNER: ChartPin = {
  chart: 'cert-manager-webhook-hetzner',
  repository: 'https://charts.hetzner.cloud',
  version: '0.9.0',
  appVersion: 'v0.9.0',
};

/**
 * Hetzner's external-dns webhook provider for the Cloud DNS API (hetzner/external-dns-hetzner-webhook v0.3.4,
 * the newest release; its own dev setup runs it under the external-dns chart 1.21.1). A sidecar, not a chart.
 */
export const EXTERNAL_DNS_HETZNER_WEBHOOK = {
  repository: 'docker.io/hetzner/external-dns-hetzner-webhook',
  tag: 'v0.3.4',
} as const;

/** Cilium 1.19.6, the newest 1.19 chart in cilium/charts; hcloud-k8s pins it too. */
export const CILIUM: ChartPin = {
  chart: 'cilium',
  repository: 'https://helm.cilium.io/',
  version: '1.19.6',
  appVersion: '1.19.6',
};

/** hcloud-cloud-controller-manager releases before this crash on start since 2026-07-01. */
export const CCM_MINIMUM = '1.30.1';

export interface VersionSet {
  readonly kubernetesVersion: string;
  readonly ccm: string;
  readonly clusterAutoscaler: string;
}

/** The reason a combination is refused, or undefined when it is fine. */
export function versionProblem(set: VersionSet): string | undefined {
  if (!(TALOS_KUBERNETES_VERSIONS as readonly string[]).includes(set.kubernetesVersion)) {
    return `Talos ${TALOS_VERSION} runs Kubernetes ${TALOS_KUBERNETES_VERSIONS.join(', ')} only`;
  }
  if (compareVersions(set.ccm, CCM_MINIMUM) < 0) {
    return `hcloud-cloud-controller-manager ${set.ccm} crashes since 2026-07-01; use ${CCM_MINIMUM} or later`;
  }
  const autoscalerMinor = minorOf(set.clusterAutoscaler);
  if (autoscalerMinor !== set.kubernetesVersion) {
    return (
      `cluster-autoscaler ${set.clusterAutoscaler} is built for Kubernetes ${autoscalerMinor} and supports only ` +
      `that minor; use kubernetesVersion ${autoscalerMinor} or pin a cluster-autoscaler chart for ${set.kubernetesVersion}`
    );
  }
  return undefined;
}

export function minorOf(version: string): string {
  return version.replace(/^v/, '').split('.').slice(0, 2).join('.');
}

export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split('.').map(Number);
  const pb = b.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
