import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { deepMerge, isPlainObject } from '../../lib/core/merge';

type Values = Record<string, unknown>;

function readValues(dir: string): Values {
  const file = join(dir, 'values.yaml');
  return existsSync(file) ? ((parse(readFileSync(file, 'utf8')) as Values | null) ?? {}) : {};
}

/** Subchart folders under `charts/`, by the name (or alias) the parent's Chart.yaml gives them. */
function subcharts(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const chartsDir = join(dir, 'charts');
  if (!existsSync(chartsDir)) return found;
  const declared = ((parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as Values).dependencies ?? []) as {
    name: string;
    alias?: string;
  }[];
  for (const entry of readdirSync(chartsDir)) {
    const sub = join(chartsDir, entry);
    if (!existsSync(join(sub, 'Chart.yaml'))) continue;
    const name = String((parse(readFileSync(join(sub, 'Chart.yaml'), 'utf8')) as Values).name);
    for (const dependency of declared.filter((d) => d.name === name)) found.set(dependency.alias ?? name, sub);
  }
  return found;
}

/**
 * A chart's default values as Helm coalesces them: each subchart's own defaults under its name, with the
 * parent's values for that key winning.
 */
export function chartDefaults(dir: string): Values {
  const parent = readValues(dir);
  let merged: Values = {};
  for (const [name, sub] of subcharts(dir)) merged[name] = chartDefaults(sub);
  merged = deepMerge(merged, parent);
  for (const name of subcharts(dir).keys()) {
    if (!isPlainObject(merged[name])) merged[name] = {};
  }
  return merged;
}
