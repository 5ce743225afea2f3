import { z } from 'zod';
import { HotError, type Problem } from '../core/errors';
import { isPlainObject } from '../core/merge';
import { type Environment, environmentSchema } from './schema';

/**
 * Validates raw environments once, at the edge. Everything past this point trusts the types.
 * Throws one `HotError` listing every problem, one line each, in input order.
 */
export function validateEnvironments(raw: readonly unknown[]): Environment[] {
  const problems: Problem[] = [];
  const environments: Environment[] = [];
  const seenNames = new Map<string, number>();

  raw.forEach((input, index) => {
    const label = environmentLabel(input, index);
    const result = environmentSchema.safeParse(input, { error: genericMessage });
    if (!result.success) {
      problems.push(...result.error.issues.map((issue) => toProblem(label, input, issue)));
      return;
    }
    const first = seenNames.get(result.data.name);
    if (first !== undefined) {
      problems.push({
        setting: `environments.${label}.name`,
        value: result.data.name,
        fix: `is already used by environment #${first + 1}; give every environment a unique name`,
      });
      return;
    }
    seenNames.set(result.data.name, index);
    environments.push(result.data);
  });

  if (problems.length > 0) throw new HotError(problems);
  return environments;
}

function environmentLabel(input: unknown, index: number): string {
  const name = isPlainObject(input) ? input.name : undefined;
  return typeof name === 'string' && name.length > 0 ? name : `#${index + 1}`;
}

function toProblem(label: string, input: unknown, issue: z.core.$ZodIssue): Problem {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return {
      setting: settingName(label, [...path, key]),
      fix: 'is not a known setting; remove it or fix its spelling (see lib/config/README.md)',
    };
  }
  if (issue.code === 'invalid_key') {
    const inner = issue.issues[0]?.message ?? 'is not a valid key';
    return { setting: settingName(label, path), value: path[path.length - 1], fix: inner };
  }
  const value = valueAt(input, issue.path);
  const base = { setting: settingName(label, path), fix: issue.message };
  return value === undefined ? { ...base, fix: `is missing; ${issue.message}` } : { ...base, value };
}

function settingName(label: string, path: readonly string[]): string {
  return ['environments', label, ...path].join('.');
}

function genericMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `set it to a ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    default:
      return undefined;
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (!isPlainObject(current) && !Array.isArray(current)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
