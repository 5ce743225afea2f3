import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { sensitiveVariable } from '../core/sensitive-variable';
import type { Construct } from 'constructs';

/** The Secret in kube-system that the cloud controller, the CSI driver and the cluster-autoscaler read. */
export const HCLOUD_SECRET = {
  name: 'hcloud-controllers',
  namespace: 'kube-system',
  token: 'token',
  network: 'network',
};
/** The apps stack's sensitive variable with the in-cluster controllers' own Hetzner Cloud token. */
export const HCLOUD_CLUSTER_TOKEN_VARIABLE = 'hcloud_cluster_token';

/**
 * The controllers' token, made by the apps stack from its own sensitive variable, never Terraform's
 * `hcloud_token`: a Talos inline manifest would put it into the control plane's machine configuration, which
 * every control-plane node stores and `talosctl get machineconfig` shows to any Talos admin. Nothing needs it
 * before the apps stack runs: the cloud controller that reads it is installed by the apps stack too. Hetzner
 * tokens are project-wide and read-write (no narrower scope exists), so its own token buys revocation alone:
 * revoking it stops the controllers, not Terraform, and Terraform's token never reaches a pod.
 */
export function hcloudControllersSecret(scope: Construct, networkId: string): SecretV1 {
  const token = sensitiveVariable(
    scope,
    HCLOUD_CLUSTER_TOKEN_VARIABLE,
    'Hetzner Cloud API token (read and write) of the in-cluster controllers (cloud controller, CSI driver, ' +
      'cluster-autoscaler); a token of its own, not the hcloud_token Terraform uses',
  );
  return new SecretV1(scope, 'hcloud-secret', {
    metadata: { name: HCLOUD_SECRET.name, namespace: HCLOUD_SECRET.namespace },
    data: { [HCLOUD_SECRET.token]: token.stringValue, [HCLOUD_SECRET.network]: networkId },
  });
}
