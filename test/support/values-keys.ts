import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { chartDefaults } from './chart-defaults';
import { chartSources } from './render';

type Json = Record<string, unknown>;

const REFERENCE_CHARTS = join(__dirname, '..', '..', '..', 'shared', 'reference', 'charts');

/**
 * Where a chart's values.yaml (and its subcharts') can be read at the pinned version: the unpacked chart
 * sources (HOT_CHART_SOURCES), or ../shared/reference/charts when its Chart.yaml is that version.
 */
export function chartValuesDir(chart: string, version: string): string | undefined {
  const sources = chartSources();
  const unpacked = sources ? join(sources, `${chart}-${version}`) : undefined;
  if (unpacked && existsSync(join(unpacked, 'Chart.yaml'))) return unpacked;
  const reference = join(REFERENCE_CHARTS, chart);
  if (!existsSync(join(reference, 'Chart.yaml'))) return undefined;
  const declared = (parse(readFileSync(join(reference, 'Chart.yaml'), 'utf8')) as Json).version;
  return String(declared) === version ? reference : undefined;
}

/**
 * For a chart whose values.yaml lists almost nothing (the OSM sandbox dashboard's), the values paths its
 * templates read, as ../shared/reference/charts/<chart>/values-referenced-by-templates.tsv records them.
 */
function templateReadPaths(chart: string): string[] {
  const file = join(REFERENCE_CHARTS, chart, 'values-referenced-by-templates.tsv');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t')[0])
    .filter((path) => path.length > 0);
}

/** The keys (alias or name) of the dependencies a chart declares whose source is not under its `charts/`. */
function absentSubcharts(dir: string): string[] {
  const chart = parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as Json;
  return ((chart.dependencies ?? []) as { name: string; alias?: string }[])
    .filter((d) => !existsSync(join(dir, 'charts', d.name, 'Chart.yaml')))
    .map((d) => d.alias ?? d.name);
}

const isOpenMap = (value: unknown) =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;

/**
 * Values paths the project sets that the chart's values.yaml does not have, except under maps the chart
 * leaves open (`{}` there, or a `freeForm` prefix such as `env.` for a key the chart reads but does not list)
 * and under subcharts whose source is not at hand.
 */
export function unknownValueKeys(values: Json, dir: string, freeForm: readonly string[]): string[] {
  const defaults = chartDefaults(dir);
  const unverifiable = absentSubcharts(dir);
  const chart = String((parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as Json).name);
  const read = templateReadPaths(chart);
  const readByTemplates = (path: string) => read.some((p) => p === path || p.startsWith(`${path}.`));
  const unknown: string[] = [];
  const walk = (value: unknown, known: unknown, path: string) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (freeForm.some((prefix) => `${here}.`.startsWith(prefix))) continue;
      if (path === '' && unverifiable.includes(key)) continue;
      const fallback = known && typeof known === 'object' ? (known as Json)[key] : undefined;
      // A key the chart leaves `{}` (resources, annotations) takes any keys.
      if (fallback === undefined) {
        if (!readByTemplates(here)) unknown.push(here);
        else walk(child, undefined, here);
      } else if (typeof fallback === 'object' && !isOpenMap(fallback) && !Array.isArray(fallback)) {
        walk(child, fallback, here);
      }
    }
  };
  walk(values, defaults, '');
  return unknown;
}
