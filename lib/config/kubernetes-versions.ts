import { EKS_ADDON_VERSIONS } from '../aws/eks-addon-versions';
import { AKS_KUBERNETES_VERSIONS } from '../azure/aks-versions';
import { TALOS_KUBERNETES_VERSIONS } from '../hetzner/versions';
import type { CloudName } from './clouds';

/** Kubernetes minor versions each flavour can run, newest last. */
export const SUPPORTED_KUBERNETES_VERSIONS: Readonly<Record<CloudName, readonly string[]>> = {
  aws: Object.keys(EKS_ADDON_VERSIONS).sort(compareMinor),
  azure: [...AKS_KUBERNETES_VERSIONS].sort(compareMinor),
  hetzner: [...TALOS_KUBERNETES_VERSIONS],
};

function compareMinor(a: string, b: string): number {
  return Number(a.split('.')[1]) - Number(b.split('.')[1]);
}
