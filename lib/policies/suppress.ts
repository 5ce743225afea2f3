import { TerraformResource, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { Suppression } from './types';

const METADATA_TYPE = 'hot:policy-suppression';

interface SuppressionEntry {
  readonly ruleId: string;
  readonly reason: string;
}

/**
 * Accepts a finding of one rule on one resource, with the reason a reviewer can judge. The suppression
 * travels with the resource, so it holds in every environment that builds it, whatever the stack is called;
 * one that no longer suppresses anything fails synth, so none can rot.
 */
export function suppress(resource: TerraformResource, ruleId: string, reason: string): void {
  if (reason.trim().length < 20) throw new Error(`suppression of ${ruleId} needs a reason a reviewer can judge`);
  resource.node.addMetadata(METADATA_TYPE, { ruleId, reason } satisfies SuppressionEntry);
}

/** Every suppression recorded on the stack's resources, addressed as Terraform names them. */
export function suppressionsOf(stack: TerraformStack): Suppression[] {
  return stack.node
    .findAll()
    .filter((c: IConstruct): c is TerraformResource => TerraformResource.isTerraformResource(c))
    .flatMap((resource) =>
      resource.node.metadata
        .filter((entry) => entry.type === METADATA_TYPE)
        .map((entry) => {
          const { ruleId, reason } = entry.data as SuppressionEntry;
          return {
            ruleId,
            reason,
            stack: stack.node.id,
            address: `${resource.terraformResourceType}.${stack.getLogicalId(resource)}`,
          };
        }),
    );
}
