import type { Construct } from 'constructs';
import { EVERY_ADDON_NEEDS, type AddOn, type PlatformService } from '../contracts/addon';
import type { ClusterDescription } from '../contracts/cluster';

/**
 * The contract installs a flavour's platform add-ons first. Each other add-on depends on the platform
 * add-ons that provide what every add-on needs (the CNI, the cloud controller, webhooks that intercept
 * every Service) and on those that provide what it says it `needs` (load balancers for the ingress, volumes
 * for whatever claims them). Terraform gets the edges both ways: the load balancer controller and CSI driver
 * exist before their users and outlive them on destroy (so the controller is still there to delete the NLB of
 * the ingress Service), without the apps stack knowing which cloud it is on, and nothing waits for a platform
 * add-on it does not use.
 */
export function afterPlatformAddOns(platform: readonly AddOn[], addOns: readonly AddOn[]): AddOn[] {
  if (platform.length === 0) return [...addOns];
  const providersOf = (services: readonly PlatformService[]) =>
    platform.filter((p) => (p.provides ?? []).some((s) => services.includes(s))).map((p) => p.id);
  return addOns.map((addOn) => ({
    id: addOn.id,
    dependsOn: [
      ...new Set([...providersOf([...EVERY_ADDON_NEEDS, ...(addOn.needs ?? [])]), ...(addOn.dependsOn ?? [])]),
    ],
    install: (scope: Construct, cluster: ClusterDescription) => addOn.install(scope, cluster),
  }));
}
