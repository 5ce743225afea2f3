import { stringify } from 'yaml';

/**
 * The `hcloud` Secret in kube-system that the cloud controller, the CSI driver and the cluster-autoscaler
 * read. It is a Talos inline manifest of the control plane: it exists from bootstrap on, before the apps
 * stack can reach the API, and the token never leaves the cluster stack. Values are Terraform references.
 *
 * Every `stringData` value is double-quoted: Terraform fills the network id in as digits, which YAML would
 * otherwise read as an integer, and the API server refuses a Secret with a number in `stringData`.
 */
export function hcloudSecretManifest(token: string, networkId: string): string {
  return stringify(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'hcloud', namespace: 'kube-system' },
      type: 'Opaque',
      stringData: { token, network: networkId },
    },
    { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' },
  );
}
