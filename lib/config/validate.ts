import { z } from 'zod';
import { HotError, type Problem } from '../core/errors';
import { isPlainObject } from '../core/merge';
import { crossEnvironmentProblems } from './cross-environment';
import { cloudsWithSetting, type Environment, environmentSchema } from './schema';
import { SettingSources } from './sources';

export interface ValidateOptions {
  /** Where each override came from, so problems name what the user set. @default no overrides */
  readonly sources?: SettingSources;
  /** Problems found before validation (unknown variables), reported with the rest. @default none */
  readonly problems?: readonly Problem[];
}

/**
 * Validates raw environments once, at the edge. Everything past this point trusts the types.
 * Throws one `HotError` listing every problem of every environment, one line each, in input order.
 */
export function validateEnvironments(raw: readonly unknown[], options: ValidateOptions = {}): Environment[] {
  const sources = options.sources ?? new SettingSources();
  const problems: Problem[] = [...(options.problems ?? [])];
  const environments: Environment[] = [];
  const seenNames = new Map<string, number>();

  raw.forEach((input, index) => {
    const label = environmentLabel(input, index);
    const result = environmentSchema.safeParse(input, { error: genericMessage });
    if (!result.success) {
      problems.push(...result.error.issues.flatMap((issue) => toProblems(label, input, issue, sources)));
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

  problems.push(
    ...crossEnvironmentProblems(environments, raw.map(environmentLabel)).map(({ environment, path, value, fix }) => ({
      setting: sources.nameOf(environment, path),
      value,
      fix,
    })),
  );
  if (problems.length > 0) throw new HotError(problems);
  return environments;
}

function environmentLabel(input: unknown, index: number): string {
  const name = isPlainObject(input) ? input.name : undefined;
  return typeof name === 'string' && name.length > 0 ? name : `#${index + 1}`;
}

function toProblems(label: string, input: unknown, issue: z.core.$ZodIssue, sources: SettingSources): Problem[] {
  const path = issue.path as (string | number)[];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      setting: sources.nameOf(label, [...path, key]),
      fix: unknownKeyFix(input, [...path, key]),
    }));
  }
  const setting = sources.nameOf(label, path);
  if (issue.code === 'invalid_key') {
    const inner = issue.issues[0]?.message ?? 'is not a valid key';
    return [{ setting, value: path[path.length - 1], fix: inner }];
  }
  const value = valueAt(input, path);
  return [
    value === undefined ? { setting, fix: `is missing; ${issue.message}` } : { setting, value, fix: issue.message },
  ];
}

/** A key another cloud's environments have is in the wrong environment, not misspelt. */
function unknownKeyFix(input: unknown, path: readonly (string | number)[]): string {
  const cloud = isPlainObject(input) ? String(input.cloud) : 'this';
  const clouds = cloudsWithSetting(path);
  if (clouds.length > 0) {
    return `belongs to the ${clouds.join(' and ')} flavour${clouds.length > 1 ? 's' : ''}, not ${cloud}; remove it from this environment`;
  }
  return 'is not a known setting; remove it or fix its spelling (see lib/config/README.md)';
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
