import { TerraformResource, dependable } from 'cdktf';
import { Construct } from 'constructs';
import type { AddOn } from '../contracts/addon';
import type { ClusterDescription } from '../contracts/cluster';
import { orderAddOns } from './ordering';

/**
 * Installs add-ons in dependency order, each in its own scope named by its id, and makes every resource of
 * an add-on depend on every resource of the add-ons it names: Terraform then creates them after, and
 * destroys them before, what they depend on.
 */
export function installAddOns(scope: Construct, addOns: readonly AddOn[], cluster: ClusterDescription): Construct[] {
  const scopes: Construct[] = [];
  // Each add-on's resources, found once: with platform add-ons first, every later add-on depends on them.
  const installed = new Map<string, string[]>();
  for (const addOn of orderAddOns(addOns)) {
    const addOnScope = new Construct(scope, addOn.id);
    addOn.install(addOnScope, cluster);
    const resources = resourcesIn(addOnScope);
    const prerequisites = (addOn.dependsOn ?? []).flatMap((id) => installed.get(id) ?? []);
    if (prerequisites.length > 0) {
      for (const resource of resources) resource.dependsOn = [...(resource.dependsOn ?? []), ...prerequisites];
    }
    installed.set(addOn.id, resources.map(dependable));
    scopes.push(addOnScope);
  }
  return scopes;
}

function resourcesIn(scope: Construct): TerraformResource[] {
  // Data sources are left alone: with depends_on they are read only at apply time, hiding values from plan.
  return scope.node.findAll().filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c));
}
