import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import type { StackDocument } from '../../lib/policies/types';
import { PROJECT_CHARTS_DIR } from '../../lib/apps/delivery';
import { OBJECTS_CHART_DIR } from '../../lib/core/objects-release';
import { helmTemplate, type RenderedObject } from './helm';
import type { SynthesizedRelease } from './releases';

/**
 * Third-party chart sources, unpacked as `<dir>/<chart>-<version>/` (each with its dependencies under
 * `charts/`), for the tests that render every release with real Helm. They come from the charts' own
 * repositories at the pinned tags and never enter this repository; see test/charts/README.md.
 */
export function chartSources(): string | undefined {
  const dir = process.env.HOT_CHART_SOURCES;
  return dir && existsSync(dir) ? dir : undefined;
}

/** The directory of one of the project's own charts a release installs (`assets/chart-<name>/...`). */
export function projectChartDirOf(release: SynthesizedRelease): string {
  const own = /^assets\/chart-([a-z0-9-]+)\//.exec(release.chart);
  return own ? join(PROJECT_CHARTS_DIR, own[1]) : OBJECTS_CHART_DIR;
}

export function chartDirOf(release: SynthesizedRelease, sources: string): string | undefined {
  if (release.local) return projectChartDirOf(release);
  const dir = join(sources, `${release.chart}-${release.version}`);
  return existsSync(join(dir, 'Chart.yaml')) ? dir : undefined;
}

/** A Terraform reference in a value: rendered as a placeholder of the same type a real apply would pass. */
const REFERENCE = /\$\{[^}]*\}/g;

function withoutReferences(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(REFERENCE, 'tfref');
  if (Array.isArray(value)) return value.map(withoutReferences);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutReferences(v)]));
  }
  return value;
}

/** The API versions of every CRD in ../shared/reference/crds: a cluster where all of them are installed. */
export function referenceApiVersions(): string[] {
  const index = join(__dirname, '..', '..', '..', 'shared', 'reference', 'crds', 'INDEX.tsv');
  if (!existsSync(index)) return [];
  const versions = new Set<string>();
  for (const line of readFileSync(index, 'utf8').split('\n').slice(1)) {
    const [, group, kind, served] = line.split('\t');
    if (!group || !served) continue;
    for (const version of served.split(',')) {
      versions.add(`${group}/${version.replace('*', '')}`);
      versions.add(`${group}/${version.replace('*', '')}/${kind}`);
    }
  }
  return [...versions].sort();
}

/** Renders one synthesized release with real Helm, exactly as the helm provider would install it. */
export function renderRelease(
  release: SynthesizedRelease,
  chartDir: string,
  options: { readonly kubeVersion?: string; readonly includeCrds?: boolean } = {},
): RenderedObject[] {
  return helmTemplate(chartDir, {
    includeCrds: options.includeCrds,
    release: release.name,
    namespace: release.namespace,
    values: withoutReferences(release.values) as Record<string, unknown>,
    set: release.sensitiveNames.map((name) => ({ name, value: 'sensitive-placeholder' })),
    apiVersions: referenceApiVersions(),
    kubeVersion: options.kubeVersion,
  });
}

export type { StackDocument };
