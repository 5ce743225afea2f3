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
  /** A credential plugin (e.g. kubelogin for Entra ID), for clusters without static credentials. */
  readonly exec?: KubernetesExec;
}

export interface KubernetesExec {
  readonly apiVersion: string;
  readonly command: string;
  readonly args: readonly string[];
  /** @default {} */
  readonly env?: Readonly<Record<string, string>>;
}

/** The only place the helm and kubernetes providers are configured. */
export function createKubernetesProviders(scope: Construct, connection: KubernetesConnection): KubernetesProviders {
  const { exec, ...rest } = connection;
  const plugin = exec && {
    apiVersion: exec.apiVersion,
    command: exec.command,
    args: [...exec.args],
    // Written through the overrides below, as given.
    env: {},
  };
  const kubernetes = new KubernetesProvider(scope, 'kubernetes', { ...rest, exec: plugin && [plugin] });
  const helm = new HelmProvider(scope, 'helm', { kubernetes: { ...rest, exec: plugin } });
  // cdktf writes provider blocks with snake_case keys, map keys included (AWS_CONFIG_FILE would reach the
  // plugin as aws_config_file); an override is written as given.
  if (exec?.env && Object.keys(exec.env).length > 0) {
    kubernetes.addOverride('exec.0.env', { ...exec.env });
    helm.addOverride('kubernetes.exec.env', { ...exec.env });
  }
  return { helm, kubernetes };
}
