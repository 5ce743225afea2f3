import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import type { Construct } from 'constructs';
import type { KubernetesProviders } from '../lib/contracts/cluster';

/** How the providers reach the API server: a bearer token or a client certificate, never a local kubeconfig. */
export interface KubernetesConnection {
  readonly host: string;
  /** PEM, not base64. */
  readonly clusterCaCertificate: string;
  readonly token?: string;
  readonly clientCertificate?: string;
  readonly clientKey?: string;
}

/** The only place the helm and kubernetes providers are configured. */
export function createKubernetesProviders(scope: Construct, connection: KubernetesConnection): KubernetesProviders {
  const kubernetes = new KubernetesProvider(scope, 'kubernetes', { ...connection });
  const helm = new HelmProvider(scope, 'helm', { kubernetes: { ...connection } });
  return { helm, kubernetes };
}
