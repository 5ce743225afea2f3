import type { Construct } from 'constructs';
import type { AddOn } from '../contracts/addon';
import type { ClusterDescription } from '../contracts/cluster';

/**
 * The contract installs a flavour's platform add-ons before every other add-on. Making each other add-on
 * depend on all of them gives Terraform the edges both ways: load balancer controller, CSI driver and node
 * autoscaler exist before anything that needs them, and outlive it on destroy (so the controller is still
 * there to delete the NLB of the ingress Service, and Karpenter to drain nodes), without the apps stack
 * knowing which cloud it is on.
 */
export function afterPlatformAddOns(platform: readonly AddOn[], addOns: readonly AddOn[]): AddOn[] {
  const platformIds = platform.map((addOn) => addOn.id);
  if (platformIds.length === 0) return [...addOns];
  return addOns.map((addOn) => ({
    id: addOn.id,
    dependsOn: [...platformIds, ...(addOn.dependsOn ?? []).filter((id) => !platformIds.includes(id))],
    install: (scope: Construct, cluster: ClusterDescription) => addOn.install(scope, cluster),
  }));
}
