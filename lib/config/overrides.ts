import type { Problem } from '../core/errors';
import { deepMerge, isPlainObject } from '../core/merge';
import { closest, parseList } from '../core/text';
import type { EnvironmentInput } from './schema';
import { SettingSources } from './sources';
import {
  appliesTo,
  ENVIRONMENT_VARIABLES,
  type EnvironmentVariable,
  TERRAFORM_CLOUD_VARIABLES,
  TOOLING_VARIABLES,
  variablePrefix,
} from './variables';

/**
 * Per-deployment settings that must not need a code change. Two sources, later wins:
 *  1. cdktf context key `hot`, from CDKTF_CONTEXT_JSON: `{ "environments": { "<env>": { ...any fields... } },
 *     "terraformCloud": { "organization": "hotosm" } }`
 *  2. `HOT_*` environment variables (lib/config/variables.ts, documented in lib/config/README.md).
 * Secrets are never settings: they are sensitive Terraform variables or generated.
 */
export interface Overrides {
  readonly environments?: Readonly<Record<string, Record<string, unknown>>>;
  readonly terraformCloud?: Readonly<Record<string, unknown>>;
}

type Env = Readonly<Record<string, string | undefined>>;

export interface OverriddenEnvironments {
  /** Each default with its overrides merged, not yet validated. */
  readonly raw: Record<string, unknown>[];
  /** Where each override came from, to name it in problems. */
  readonly sources: SettingSources;
  /** Overrides that set nothing: unknown variables, context keys and environment names. */
  readonly problems: Problem[];
}

const CONTEXT_KEYS = ['environments', 'terraformCloud'];
const TERRAFORM_CLOUD_FIELDS = Object.values(TERRAFORM_CLOUD_VARIABLES) as string[];

export function applyOverrides(
  defaults: readonly EnvironmentInput[],
  context: unknown,
  env: Env,
): OverriddenEnvironments {
  const problems: Problem[] = [];
  const sources = new SettingSources();
  const overrides = readContext(context, problems);
  const names = defaults.map((d) => d.name);

  for (const name of Object.keys(overrides.environments ?? {})) {
    if (!names.includes(name)) {
      problems.push({
        setting: `context hot.environments.${name}`,
        fix: `names no environment (the environments: ${names.join(', ')})${closestOf(name, names)}`,
      });
    }
  }
  for (const key of Object.keys(overrides.terraformCloud ?? {})) {
    if (!TERRAFORM_CLOUD_FIELDS.includes(key)) {
      problems.push({
        setting: `context hot.terraformCloud.${key}`,
        fix: `is not a Terraform Cloud setting (use ${TERRAFORM_CLOUD_FIELDS.join(', ')})${closestOf(key, TERRAFORM_CLOUD_FIELDS)}`,
      });
    }
  }

  const variables = readVariables(env, defaults, problems);
  const backend = terraformCloudBackend(overrides, env, problems);

  const raw = defaults.map((defaults) => {
    const name = defaults.name;
    const fromContext = overrides.environments?.[name] ?? {};
    for (const path of leafPaths(fromContext)) sources.record(name, { path });
    let merged = deepMerge(defaults as unknown as Record<string, unknown>, fromContext);
    for (const { variable, name: label, value } of variables.get(name) ?? []) {
      merged = deepMerge(merged, atPath(variable.path, value));
      sources.record(name, { path: variable.path, label, list: variable.list });
    }
    if (backend) {
      merged = { ...merged, backend: backend.fields };
      for (const [field, label] of Object.entries(backend.labels))
        sources.record(name, { path: ['backend', field], label });
    }
    return merged;
  });
  return { raw, sources, problems };
}

interface SetVariable {
  readonly variable: EnvironmentVariable;
  readonly name: string;
  readonly value: string | string[];
}

/** Sorts every `HOT_*` variable into the environment field it sets, or a problem that says why it sets none. */
function readVariables(
  env: Env,
  defaults: readonly EnvironmentInput[],
  problems: Problem[],
): Map<string, SetVariable[]> {
  const set = new Map<string, SetVariable[]>();
  // Longest prefix first, so `HOT_AWS_PROD_EU_...` belongs to `aws-prod-eu`, not `aws-prod`.
  const byPrefix = defaults
    .map((d) => ({ prefix: variablePrefix(d.name), environment: d }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const known = knownVariables(defaults);

  for (const name of Object.keys(env)
    .filter((n) => n.startsWith('HOT_'))
    .sort()) {
    if ((TOOLING_VARIABLES as readonly string[]).includes(name) || name in TERRAFORM_CLOUD_VARIABLES) continue;
    const value = env[name] ?? '';
    const owner = byPrefix.find(({ prefix }) => name.startsWith(prefix));
    const variable = ENVIRONMENT_VARIABLES.find((v) => owner && name === owner.prefix + v.suffix);
    if (!owner || !variable) {
      problems.push(unknownVariable(name, known, defaults));
      continue;
    }
    const environment = owner.environment;
    if (!appliesTo(variable, environment.cloud)) {
      problems.push({
        setting: name,
        fix:
          `sets ${variable.path.join('.')}, which only ${(variable.clouds ?? []).join(' and ')} environments have; ` +
          `${environment.name} is a ${environment.cloud} environment, so remove the variable`,
      });
      continue;
    }
    if (!variable.list && value.trim() === '') {
      problems.push({
        setting: name,
        fix: 'is empty; give it a value, or unset it to keep the default',
      });
      continue;
    }
    const list = set.get(environment.name) ?? [];
    list.push({ variable, name, value: variable.list ? parseList(value) : value.trim() });
    set.set(environment.name, list);
  }
  return set;
}

/** Every variable that would set something, for suggestions. */
function knownVariables(defaults: readonly EnvironmentInput[]): string[] {
  const perEnvironment = defaults.flatMap((d) =>
    ENVIRONMENT_VARIABLES.filter((v) => appliesTo(v, d.cloud)).map((v) => variablePrefix(d.name) + v.suffix),
  );
  return [...perEnvironment, ...Object.keys(TERRAFORM_CLOUD_VARIABLES), ...TOOLING_VARIABLES];
}

function unknownVariable(name: string, known: readonly string[], defaults: readonly EnvironmentInput[]): Problem {
  const guess = closestOf(name, known);
  const forEnvironment = ENVIRONMENT_VARIABLES.find(
    (v) => name.endsWith(`_${v.suffix}`) && name.length > 'HOT_'.length + v.suffix.length + 1,
  );
  if (forEnvironment) {
    const environment = name
      .slice('HOT_'.length, -forEnvironment.suffix.length - 1)
      .toLowerCase()
      .replace(/_/g, '-');
    return {
      setting: name,
      fix:
        `sets ${forEnvironment.suffix} of an environment "${environment}", which does not exist ` +
        `(the environments: ${defaults.map((d) => d.name).join(', ')})${guess}; to add one see "Adding an environment" in README.md`,
    };
  }
  return { setting: name, fix: `is not a setting this app reads (all are in lib/config/README.md)${guess}` };
}

/** `; the closest is X` when a candidate is close enough to be what the user meant. */
function closestOf(word: string, candidates: readonly string[]): string {
  const guess = closest(word, candidates);
  return guess === undefined ? '' : `; the closest is ${guess}`;
}

interface TerraformCloudBackend {
  readonly fields: Record<string, unknown>;
  /** Backend field -> what set it. */
  readonly labels: Record<string, string>;
}

/** `HOT_TFC_*` and `context hot.terraformCloud` move every environment's state to Terraform Cloud. */
function terraformCloudBackend(overrides: Overrides, env: Env, problems: Problem[]): TerraformCloudBackend | undefined {
  const fields: Record<string, unknown> = { type: 'terraform-cloud' };
  const labels: Record<string, string> = {};
  for (const [field, value] of Object.entries(overrides.terraformCloud ?? {})) {
    if (!TERRAFORM_CLOUD_FIELDS.includes(field)) continue;
    fields[field] = value;
    labels[field] = `context hot.terraformCloud.${field}`;
  }
  for (const [variable, field] of Object.entries(TERRAFORM_CLOUD_VARIABLES)) {
    const value = env[variable];
    if (value === undefined) continue;
    // An empty workspace prefix is a real choice (workspace = stack id); an empty organization or host is not.
    if (value.trim() === '' && field !== 'workspacePrefix') {
      problems.push({ setting: variable, fix: 'is empty; give it a value, or unset it' });
      continue;
    }
    fields[field] = value.trim();
    labels[field] = variable;
  }
  if (fields.organization !== undefined) return { fields, labels };
  for (const label of Object.values(labels)) {
    problems.push({
      setting: label,
      fix: 'has no effect without a Terraform Cloud organization; set HOT_TFC_ORGANIZATION too, or unset it',
    });
  }
  return undefined;
}

function readContext(context: unknown, problems: Problem[]): Overrides {
  if (context === undefined || context === null) return {};
  const valid =
    isPlainObject(context) &&
    Object.keys(context).every((k) => CONTEXT_KEYS.includes(k)) &&
    CONTEXT_KEYS.every((k) => context[k] === undefined || isPlainObject(context[k])) &&
    Object.values((context.environments ?? {}) as Record<string, unknown>).every(isPlainObject);
  if (!valid) {
    problems.push({
      setting: 'context hot',
      value: context,
      fix: 'must be {"environments": {"<env>": {...}}, "terraformCloud": {...}} (either part optional); see lib/config/README.md',
    });
    return {};
  }
  return context as Overrides;
}

/** Paths of every value that is not an object, e.g. `['nodePools', 'core', 'maxSize']`; lists are values. */
function leafPaths(value: Record<string, unknown>, prefix: string[] = []): string[][] {
  return Object.entries(value).flatMap(([key, child]) =>
    isPlainObject(child) && Object.keys(child).length > 0 ? leafPaths(child, [...prefix, key]) : [[...prefix, key]],
  );
}

function atPath(path: readonly string[], value: unknown): Record<string, unknown> {
  let patch = value;
  for (const key of [...path].reverse()) patch = { [key]: patch };
  return patch as Record<string, unknown>;
}
