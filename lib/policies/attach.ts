import type { TerraformStack } from 'cdktf';
import { evaluatePolicies, formatViolation } from './engine';
import { ALL_RULES } from './index';
import { suppressionsOf } from './suppress';
import type { PolicyRule, StackDocument, Suppression } from './types';

/**
 * Checks the stack's synthesized document when cdktf validates it (after cross-stack references exist,
 * before anything is written), so a violation stops synth.
 *
 * Resolving a stack to its document is the costliest step of synth. cdktf validates and then, with nothing in
 * between that changes the configuration (asset copies, annotations), resolves it again to write it: the
 * document checked here is handed to that one call instead of being resolved twice.
 */
export function attachPolicyChecks(
  stack: TerraformStack,
  rules: readonly PolicyRule[] = ALL_RULES,
  suppressions?: readonly Suppression[],
): void {
  const resolve = stack.toTerraform.bind(stack);
  let checked: ReturnType<typeof resolve> | undefined;
  stack.toTerraform = () => {
    const document = checked ?? resolve();
    checked = undefined;
    return document;
  };
  stack.node.addValidation({
    validate: () => {
      checked = resolve();
      const accepted = suppressions ?? suppressionsOf(stack);
      return evaluatePolicies(stack.node.id, checked as StackDocument, rules, accepted).map(formatViolation);
    },
  });
}
