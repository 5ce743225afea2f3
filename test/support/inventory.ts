import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse as parseYaml } from 'yaml';
import { deepMerge, isPlainObject } from '../../lib/core/merge';
import type { Placement } from './placement';
import type { ContainerSpec, PodSpec } from './pods';

/**
 * The chart inventory (test/charts/inventory/<chart>@<version>.json): for each chart the project installs,
 * every pod-bearing component and the values paths that set its placement, security contexts, resources
 * and labels, derived by rendering the pinned chart with real Helm (test/charts/README.md). With it, tests
 * predict every pod of every release from the synthesized values alone, without the chart's source.
 */
export interface ChartInventory {
  readonly chart: string;
  readonly version: string;
  /** Where the chart was read: `owner/repo@tag (commit)`, path. */
  readonly source: string;
  /** Chart defaults of every values path the inventory reads (from the chart's values.yaml and subcharts). */
  readonly defaults: Readonly<Record<string, unknown>>;
  /**
   * CRDs the chart installs (`group/Kind`), how (its crds/ folder, its templates, a Job, or its operator, which
   * registers them when it starts, before it reports ready: Cilium's) and when.
   */
  readonly crds?: {
    readonly kinds: readonly string[];
    readonly via: 'crds-folder' | 'templates' | 'job' | 'operator';
    readonly when?: Condition;
  };
  /** Custom resources the chart renders (`group/version/Kind`) and when. */
  readonly renders?: readonly { readonly kind: string; readonly when?: Condition }[];
  /** Values paths holding namespaces, other than the release's, that the chart writes objects into. */
  readonly namespacePaths?: readonly string[];
  readonly components: readonly Component[];
}

/** `path` (truthy), `!path` (falsy) or `path=value` (equals, as a string); a list means all of them. */
export type Condition = string | readonly string[];

/**
 * Where a pod field comes from. `values`: paths tried in order, the first non-empty wins (charts write
 * `default .Values.global.x .Values.component.x`); `fixed`: what the template writes itself. `combine` says
 * how the two meet: `first` (values, else fixed), `merge` (fixed, then each path merged over it) or `append`
 * (lists concatenated: fixed, then each path).
 */
export interface FieldSource {
  readonly values?: readonly string[];
  readonly fixed?: unknown;
  /** @default 'first' */
  readonly combine?: 'first' | 'merge' | 'append';
  /** The values are YAML text the template renders with `tpl` (SeaweedFS's nodeSelector, tolerations). */
  readonly yaml?: boolean;
  /** Keys the template drops from the object (a chart's own `enabled` switch inside a securityContext). */
  readonly omit?: readonly string[];
  /** Where in the field the value lands, e.g. `capabilities.add` for a list of capabilities. */
  readonly at?: string;
}

export interface ContainerSource {
  readonly name: string;
  readonly when?: Condition;
  readonly securityContext: FieldSource;
  readonly resources: FieldSource;
}

export interface Component {
  /** `Kind/name` as rendered, `{release}` standing for the release name. */
  readonly id: string;
  readonly when?: Condition;
  /** The Helm hook annotation, for hook Jobs. */
  readonly hook?: string;
  /** Where the project requires the pod to run. `none`: a component that is never scheduled in practice. */
  readonly placement: Placement;
  readonly nodeSelector: FieldSource;
  readonly tolerations: FieldSource;
  readonly affinity?: FieldSource;
  readonly podSecurityContext: FieldSource;
  readonly hostNetwork?: FieldSource;
  readonly podLabels?: FieldSource;
  readonly containers: readonly ContainerSource[];
  /** The namespace the pods run in when the chart lets a values path move them. @default the release's */
  readonly namespace?: FieldSource;
  /** The WORKLOADS entry the pods run as: they must carry the contract's identity labels for it. */
  readonly workload?: string;
  /** Labels nodes of the pool get at run time that the pod selects (e.g. set by GPU feature discovery). */
  readonly runtimeNodeLabels?: Readonly<Record<string, string>>;
  /** Why the component is as it is where a reader would wonder, e.g. a privileged node agent. */
  readonly note?: string;
}

const INVENTORY_DIR = join(__dirname, '..', 'charts', 'inventory');

export function loadInventories(): Map<string, ChartInventory> {
  const inventories = new Map<string, ChartInventory>();
  for (const file of readdirSync(INVENTORY_DIR).filter((f) => f.endsWith('.json'))) {
    const inventory = JSON.parse(readFileSync(join(INVENTORY_DIR, file), 'utf8')) as ChartInventory;
    inventories.set(`${inventory.chart}@${inventory.version}`, inventory);
  }
  return inventories;
}

export function valueAt(values: unknown, path: string): unknown {
  let current: unknown = values;
  for (const key of splitPath(path)) {
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (isPlainObject(current)) current = current[key];
    else return undefined;
  }
  return current;
}

/** Dots separate keys; a key containing a dot is written in brackets (`a.["b.c"].d`), a list index as `a[0]`. */
function splitPath(path: string): string[] {
  const keys: string[] = [];
  const pattern = /\["([^"]+)"\]|([^.[\]]+)/g;
  for (let match = pattern.exec(path); match; match = pattern.exec(path)) keys.push(match[1] ?? match[2]);
  return keys;
}

/** The chart's defaults under the synthesized values, as Helm merges them (objects merge, lists replace). */
export function effectiveValues(inventory: ChartInventory, values: Record<string, unknown>): Record<string, unknown> {
  let defaults: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(inventory.defaults)) defaults = setAt(defaults, splitPath(path), value);
  return deepMerge(defaults, values);
}

function setAt(target: Record<string, unknown>, keys: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = keys;
  if (rest.length === 0) return { ...target, [head]: value };
  const child = isPlainObject(target[head]) ? (target[head] as Record<string, unknown>) : {};
  return { ...target, [head]: setAt(child, rest, value) };
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

export function holds(condition: Condition | undefined, values: Record<string, unknown>): boolean {
  if (condition === undefined) return true;
  const all = typeof condition === 'string' ? [condition] : condition;
  return all.every((c) => {
    if (c.startsWith('!')) return isEmpty(valueAt(values, c.slice(1)));
    const [path, expected] = c.split('=');
    const value = valueAt(values, path);
    return expected === undefined ? !isEmpty(value) : String(value) === expected;
  });
}

export function resolveField(source: FieldSource | undefined, values: Record<string, unknown>): unknown {
  if (!source) return undefined;
  const read = (path: string) => {
    const value = valueAt(values, path);
    return source.yaml && typeof value === 'string' ? (parseYaml(value) as unknown) : value;
  };
  const placed = (value: unknown) => (source.at ? setAt({}, splitPath(source.at), value) : value);
  const found = (source.values ?? [])
    .map(read)
    .filter((v) => !isEmpty(v))
    .map(placed);
  const omitted = (value: unknown) =>
    source.omit && isPlainObject(value)
      ? Object.fromEntries(Object.entries(value).filter(([key]) => !source.omit?.includes(key)))
      : value;
  switch (source.combine ?? 'first') {
    case 'first':
      return omitted(found.length > 0 ? found[0] : source.fixed);
    case 'merge':
      return omitted(
        [source.fixed, ...found]
          .filter(isPlainObject)
          .reduce<Record<string, unknown>>((acc, v) => deepMerge(acc, v), {}),
      );
    case 'append':
      return [source.fixed, ...found].flatMap((v) => (Array.isArray(v) ? v : []));
  }
}

/** The pod the chart would render for a component, from the effective values. */
/** The CRDs a release of the chart installs with these (effective) values. */
export function installedCrds(inventory: ChartInventory, values: Record<string, unknown>): readonly string[] {
  return inventory.crds && holds(inventory.crds.when, values) ? inventory.crds.kinds : [];
}

export function predictPod(
  component: Component,
  values: Record<string, unknown>,
): { spec: PodSpec; labels: Record<string, string> } {
  const containers: ContainerSpec[] = component.containers
    .filter((c) => holds(c.when, values))
    .map((c) => ({
      name: c.name,
      securityContext: resolveField(c.securityContext, values) as ContainerSpec['securityContext'],
      resources: resolveField(c.resources, values) as ContainerSpec['resources'],
    }));
  return {
    spec: {
      nodeSelector: resolveField(component.nodeSelector, values) as PodSpec['nodeSelector'],
      tolerations: resolveField(component.tolerations, values) as PodSpec['tolerations'],
      affinity: resolveField(component.affinity, values) as PodSpec['affinity'],
      securityContext: resolveField(component.podSecurityContext, values) as PodSpec['securityContext'],
      hostNetwork: resolveField(component.hostNetwork, values) as boolean | undefined,
      containers,
    },
    labels: (resolveField(component.podLabels, values) as Record<string, string> | undefined) ?? {},
  };
}
