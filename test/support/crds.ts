import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { CelScalar, celFunc, celMethod, isCelError, listType, run, type CelInput } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { parse } from 'yaml';

/**
 * The real CRDs at the pinned versions (../shared/reference/crds, outside this repository: data, never
 * copied in), and a validator that treats a custom resource the way the API server does: the structural
 * openAPIV3Schema with unknown fields as errors, then the CEL rules of `x-kubernetes-validations`.
 */
export const REFERENCE_CRDS = join(__dirname, '..', '..', '..', 'shared', 'reference', 'crds');

export interface Schema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: Schema | boolean;
  readonly items?: Schema;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly nullable?: boolean;
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
  readonly not?: Schema;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-validations'?: readonly {
    readonly rule: string;
    readonly message?: string;
    readonly messageExpression?: string;
    readonly fieldPath?: string;
  }[];
}

export interface CrdVersion {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly schema: Schema;
  /** The folder it came from, e.g. `cert-manager@v1.21.1`. */
  readonly source: string;
}

interface CrdDocument {
  readonly spec: {
    readonly group: string;
    readonly scope: 'Namespaced' | 'Cluster';
    readonly names: { readonly kind: string };
    readonly versions: readonly {
      readonly name: string;
      readonly served: boolean;
      readonly schema?: { readonly openAPIV3Schema: Schema };
    }[];
  };
}

const cache = new Map<string, CrdVersion | undefined>();

/** Reference CRD rows: `group/Kind` -> folder and file (INDEX.tsv), read once. */
let index: Map<string, { folder: string; file: string }> | undefined;
function crdIndex(): Map<string, { folder: string; file: string }> {
  if (index) return index;
  index = new Map();
  const file = join(REFERENCE_CRDS, 'INDEX.tsv');
  if (!existsSync(file)) return index;
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    const [name, group, kind, , folder] = line.split('\t');
    if (name && folder) index.set(`${group}/${kind}`, { folder, file: `${name}.yaml` });
  }
  return index;
}

/** Whether the reference folder is there at all (it sits beside the repository, in ../shared). */
export function haveReferenceCrds(): boolean {
  return crdIndex().size > 0;
}

/** The reference CRD serving `group/version/Kind`, parsed on first use; undefined when none serves it. */
export function referenceCrd(apiVersion: string, kind: string): CrdVersion | undefined {
  const key = `${apiVersion}/${kind}`;
  if (cache.has(key)) return cache.get(key);
  const [group, version] = apiVersion.split('/');
  const row = crdIndex().get(`${group}/${kind}`);
  let found: CrdVersion | undefined;
  if (row) {
    const crd = parse(readFileSync(join(REFERENCE_CRDS, row.folder, row.file), 'utf8')) as CrdDocument;
    const served = crd.spec.versions.find((v) => v.name === version && v.served && v.schema);
    if (served) {
      found = {
        group,
        kind,
        version,
        scope: crd.spec.scope,
        schema: served.schema?.openAPIV3Schema as Schema,
        source: row.folder,
      };
    }
  }
  cache.set(key, found);
  return found;
}

/** The folder (`chart@version`) whose CRD defines `group/Kind`, any version. */
export function referenceCrdSource(group: string, kind: string): string | undefined {
  return crdIndex().get(`${group}/${kind}`)?.folder;
}

/** A Terraform reference inside a value: its real value is unknown until apply. */
const REFERENCE = /\$\{[^}]*\}/;
const isReference = (value: unknown) => typeof value === 'string' && REFERENCE.test(value);

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeProblem(value: Json, schema: Schema): string | undefined {
  if (value === null) return schema.nullable ? undefined : 'is null';
  if (schema['x-kubernetes-int-or-string']) {
    return Number.isInteger(value) || typeof value === 'string' ? undefined : 'must be an integer or a string';
  }
  switch (schema.type) {
    case 'object':
      return isObject(value) ? undefined : 'must be an object';
    case 'array':
      return Array.isArray(value) ? undefined : 'must be an array';
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'integer':
      return Number.isInteger(value) ? undefined : 'must be an integer';
    case 'number':
      return typeof value === 'number' ? undefined : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be a boolean';
    default:
      return undefined;
  }
}

/** Validation of the value constraints, the way the API server's OpenAPI validator applies them. */
function valueProblems(value: Json, schema: Schema, path: string): string[] {
  const problems: string[] = [];
  const at = (message: string) => problems.push(`${path || '<root>'}: ${message}`);
  if (isReference(value)) return problems;
  const type = typeProblem(value, schema);
  if (type) return [`${path || '<root>'}: ${type} (got ${JSON.stringify(value)})`];
  if (value === null) return problems;
  if (schema.enum && !schema.enum.some((e) => e === value))
    at(`must be one of ${JSON.stringify(schema.enum)}, got ${JSON.stringify(value)}`);
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value))
      at(`must match ${schema.pattern}, got ${JSON.stringify(value)}`);
    if (schema.minLength !== undefined && [...value].length < schema.minLength) at(`shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) at(`longer than ${schema.maxLength}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum))
      at(`below ${schema.minimum}`);
    if (schema.maximum !== undefined && (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum))
      at(`above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) at(`has fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) at(`has more than ${schema.maxItems} items`);
    const listType = schema['x-kubernetes-list-type'];
    const keyOf = (item: Json) =>
      listType === 'map'
        ? JSON.stringify(
            (schema['x-kubernetes-list-map-keys'] ?? []).map((k) => (isObject(item) ? item[k] : undefined)),
          )
        : JSON.stringify(item);
    if (listType === 'set' || listType === 'map') {
      const keys = value.map(keyOf);
      const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
      if (duplicate) at(`has duplicate ${listType === 'map' ? 'keys' : 'items'} ${duplicate}`);
    }
    value.forEach((item, i) => problems.push(...validateAgainst(item, schema.items ?? {}, `${path}[${i}]`)));
  }
  if (isObject(value)) {
    const count = Object.keys(value).length;
    if (schema.minProperties !== undefined && count < schema.minProperties)
      at(`has fewer than ${schema.minProperties} properties`);
    if (schema.maxProperties !== undefined && count > schema.maxProperties)
      at(`has more than ${schema.maxProperties} properties`);
    for (const key of schema.required ?? []) if (!(key in value)) at(`is missing required field ${key}`);
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      const declared = schema.properties?.[key];
      if (declared) {
        problems.push(...validateAgainst(child, declared, childPath));
      } else if (isObject(schema.additionalProperties)) {
        problems.push(...validateAgainst(child, schema.additionalProperties, childPath));
      } else if (
        !schema['x-kubernetes-preserve-unknown-fields'] &&
        schema.additionalProperties !== true &&
        !(schema['x-kubernetes-embedded-resource'] && ['apiVersion', 'kind', 'metadata'].includes(key))
      ) {
        problems.push(`${childPath}: unknown field (the API server prunes or rejects it)`);
      }
    }
  }
  for (const sub of schema.allOf ?? []) problems.push(...valueProblems(value, sub, path));
  if (schema.oneOf && schema.oneOf.filter((s) => valueProblems(value, s, path).length === 0).length !== 1) {
    at('must match exactly one of its oneOf schemas');
  }
  if (schema.anyOf && !schema.anyOf.some((s) => valueProblems(value, s, path).length === 0))
    at('matches none of its anyOf schemas');
  if (schema.not && valueProblems(value, schema.not, path).length === 0) at('matches its `not` schema');
  return problems;
}

function validateAgainst(value: Json, schema: Schema, path: string): string[] {
  const problems = valueProblems(value, schema, path);
  if (problems.length > 0) return problems;
  return celProblems(value, schema, path);
}

/** CEL values as the API server binds `self`: integers of integer fields are CEL ints, objects are maps. */
function toCel(value: Json, schema: Schema): unknown {
  if (Array.isArray(value)) return value.map((item) => toCel(item, schema.items ?? {}));
  if (isObject(value)) {
    return new Map(
      Object.entries(value).map(([k, v]) => [
        k,
        toCel(v, schema.properties?.[k] ?? (isObject(schema.additionalProperties) ? schema.additionalProperties : {})),
      ]),
    );
  }
  if (typeof value === 'number' && (schema.type === 'integer' || schema['x-kubernetes-int-or-string']))
    return BigInt(value);
  return value;
}

/** Kubernetes' CEL library functions the reference CRDs use beyond standard CEL and the strings extension. */
const KUBERNETES_FUNCTIONS = {
  /** The first match of a regular expression, or "" (k8s.io/apiserver/pkg/cel/library/regex.go). */
  find(this: string, pattern: string): string {
    return new RegExp(pattern, 'u').exec(this)?.[0] ?? '';
  },
  findAll(this: string, pattern: string): string[] {
    return [...this.matchAll(new RegExp(pattern, 'gu'))].map((m) => m[0]);
  },
  isURL: (s: string) => {
    try {
      new URL(s);
      return true;
    } catch {
      return false;
    }
  },
};

function celProblems(value: Json, schema: Schema, path: string): string[] {
  const rules = schema['x-kubernetes-validations'] ?? [];
  if (rules.length === 0 || containsReference(value)) return [];
  const problems: string[] = [];
  for (const rule of rules) {
    // Transition rules compare with the stored object; a create has none.
    if (/\boldSelf\b/.test(rule.rule)) continue;
    let result: unknown;
    try {
      result = run(rule.rule, { self: toCel(value, schema) as CelInput }, { funcs: [...strings, ...celFuncs()] });
    } catch (error) {
      problems.push(
        `${path || '<root>'}: CEL rule ${JSON.stringify(rule.rule)} could not be evaluated: ${(error as Error).message}`,
      );
      continue;
    }
    if (isCelError(result)) {
      problems.push(
        `${path || '<root>'}: CEL rule ${JSON.stringify(rule.rule)} could not be evaluated: ${String((result as Error).message ?? result)}`,
      );
    } else if (result !== true) {
      problems.push(`${path || '<root>'}${rule.fieldPath ?? ''}: ${rule.message ?? `fails CEL rule ${rule.rule}`}`);
    }
  }
  return problems;
}

function containsReference(value: Json): boolean {
  if (isReference(value)) return true;
  if (Array.isArray(value)) return value.some(containsReference);
  return isObject(value) && Object.values(value).some(containsReference);
}

let funcs: ReturnType<typeof buildCelFuncs> | undefined;
function celFuncs() {
  funcs ??= buildCelFuncs();
  return funcs;
}

function buildCelFuncs() {
  return [
    celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, KUBERNETES_FUNCTIONS.isURL),
    celMethod('find', CelScalar.STRING, [CelScalar.STRING], CelScalar.STRING, KUBERNETES_FUNCTIONS.find),
    celMethod(
      'findAll',
      CelScalar.STRING,
      [CelScalar.STRING],
      listType(CelScalar.STRING),
      KUBERNETES_FUNCTIONS.findAll,
    ),
  ];
}

/** Why the object would be refused: schema and CEL problems, `metadata` excepted (the API server's own). */
export function validateCustomResource(object: Record<string, unknown>, crd: CrdVersion): string[] {
  const { metadata: _metadata, ...rest } = object;
  const schema = crd.schema;
  const properties = { ...(schema.properties ?? {}) };
  delete (properties as Record<string, Schema>).metadata;
  // Some CRDs (Traefik's) list `metadata` as required at the root; the API server checks it itself.
  const required = schema.required?.filter((key) => key !== 'metadata');
  return validateAgainst(rest, { ...schema, properties, required }, '');
}
