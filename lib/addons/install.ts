import { TerraformResource, dependable, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { AddOn } from '../contracts/addon';
import type { ClusterDescription } from '../contracts/cluster';
import { orderAddOns } from './ordering';

/**
 * Installs add-ons in dependency order, each in its own scope named by its id, and makes every resource of
 * an add-on depend on what each add-on it names is waited for by (`AddOn.install`'s result, or all of its
 * resources): Terraform then creates them after, and destroys them before, what they depend on.
 */
export function installAddOns(scope: Construct, addOns: readonly AddOn[], cluster: ClusterDescription): Construct[] {
  const scopes: Construct[] = [];
  const waitedFor = new Map<string, string[]>();
  for (const addOn of orderAddOns(addOns)) {
    const addOnScope = new Construct(scope, addOn.id);
    const ready = addOn.install(addOnScope, cluster);
    const resources = resourcesIn(addOnScope);
    const prerequisites = [...new Set((addOn.dependsOn ?? []).flatMap((id) => waitedFor.get(id) ?? []))];
    if (prerequisites.length > 0) {
      for (const resource of resources) resource.dependsOn = [...(resource.dependsOn ?? []), ...prerequisites];
    }
    waitedFor.set(
      addOn.id,
      (ready ?? resources).map((r: ITerraformDependable) => dependable(r)),
    );
    scopes.push(addOnScope);
  }
  return scopes;
}

function resourcesIn(scope: Construct): TerraformResource[] {
  // Data sources are left alone: with depends_on they are read only at apply time, hiding values from plan.
  return scope.node.findAll().filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c));
}
