import { TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * The stack's sensitive string variable `id` (`TF_VAR_<id>` or a Terraform Cloud sensitive variable), declared
 * the first time any construct of the stack asks for it, so several users share one variable.
 */
export function sensitiveVariable(scope: Construct, id: string, description: string): TerraformVariable {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(id);
  if (existing instanceof TerraformVariable) return existing;
  return new TerraformVariable(stack, id, { type: 'string', sensitive: true, nullable: false, description });
}
