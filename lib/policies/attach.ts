import type { TerraformStack } from 'cdktf';
import { evaluatePolicies, formatViolation } from './engine';
import { ALL_RULES } from './index';
import { SUPPRESSIONS } from './suppressions';
import type { PolicyRule, StackDocument, Suppression } from './types';

/**
 * Checks the stack's synthesized document when cdktf validates it (after cross-stack references exist,
 * before anything is written), so a violation stops synth.
 */
export function attachPolicyChecks(
  stack: TerraformStack,
  rules: readonly PolicyRule[] = ALL_RULES,
  suppressions: readonly Suppression[] = SUPPRESSIONS,
): void {
  stack.node.addValidation({
    validate: () =>
      evaluatePolicies(stack.node.id, stack.toTerraform() as StackDocument, rules, suppressions).map(formatViolation),
  });
}
