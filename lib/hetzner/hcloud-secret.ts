import { stringify } from 'yaml';

/**
 * The `hcloud` Secret in kube-system that the cloud controller, the CSI driver and the cluster-autoscaler
 * read. It is a Talos inline manifest of the control plane: it exists from bootstrap on, before the apps
 * stack can reach the API, and the token never leaves the cluster stack. Values are Terraform references.
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
    { lineWidth: 0 },
  );
}
