import type { PolicyRule, StackDocument, Subject, Suppression, Violation } from './types';

/** Every block of a document that rules may target, keyed as in `PolicyRule.appliesTo`. */
export function subjectsOf(document: StackDocument): Map<string, Subject[]> {
  const subjects = new Map<string, Subject[]>();
  const add = (key: string, subject: Subject) => subjects.set(key, [...(subjects.get(key) ?? []), subject]);
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, blocks] of Object.entries(document[kind] ?? {})) {
      for (const [name, config] of Object.entries(blocks)) {
        const subject = { address: `${kind === 'data' ? 'data.' : ''}${type}.${name}`, type, config };
        add(`${kind}.${type}`, subject);
        add(`${kind}.*`, subject);
      }
    }
  }
  for (const kind of ['output', 'variable'] as const) {
    for (const [name, config] of Object.entries(document[kind] ?? {})) {
      add(kind, { address: `${kind}.${name}`, type: kind, config });
    }
  }
  for (const [type, configs] of Object.entries(document.provider ?? {})) {
    configs.forEach((config, index) => add('provider', { address: `provider.${type}[${index}]`, type, config }));
  }
  if (document.terraform) add('terraform', { address: 'terraform', type: 'terraform', config: document.terraform });
  return subjects;
}

/** Runs every rule over a stack's document; suppressed findings are dropped, unused suppressions reported. */
export function evaluatePolicies(
  stack: string,
  document: StackDocument,
  rules: readonly PolicyRule[],
  suppressions: readonly Suppression[] = [],
): Violation[] {
  const subjects = subjectsOf(document);
  const violations: Violation[] = [];
  const used = new Set<Suppression>();
  for (const rule of rules) {
    for (const key of rule.appliesTo) {
      for (const subject of subjects.get(key) ?? []) {
        const reason = rule.check(subject, document);
        if (reason === undefined) continue;
        const suppression = suppressions.find(
          (s) => s.ruleId === rule.id && s.stack === stack && s.address === subject.address,
        );
        if (suppression) {
          used.add(suppression);
          continue;
        }
        violations.push({ ruleId: rule.id, title: rule.title, stack, address: subject.address, reason });
      }
    }
  }
  for (const suppression of suppressions) {
    if (suppression.stack === stack && !used.has(suppression)) {
      violations.push({
        ruleId: suppression.ruleId,
        title: 'unused suppression',
        stack,
        address: suppression.address,
        reason: 'suppresses nothing; remove the suppress() call on this resource',
      });
    }
  }
  return violations;
}

export function formatViolation(violation: Violation): string {
  return `${violation.ruleId} ${violation.stack} ${violation.address}: ${violation.reason} (${violation.title})`;
}
