import { isDeepStrictEqual } from 'util';
import { chartDefaults } from '../support/chart-defaults';
import {
  effectiveValues,
  holds,
  installedCrds,
  loadInventories,
  predictPod,
  valueAt,
  type ChartInventory,
  type Component,
} from '../support/inventory';
import { customKind } from '../support/kinds';
import { levelOf, podProblems } from '../support/pod-checks';
import { podsOf, type PodOf } from '../support/pods';
import { chartReleaseCases, limitRangeDefaultsOf, type ChartReleaseCase } from '../support/releases';
import { referenceCrd, validateCustomResource } from '../support/crds';
import { chartDirOf, chartSources, renderRelease } from '../support/render';
import { synthVariants } from '../support/synth';

/**
 * Keeps the chart inventory honest. Where the pinned charts' sources are unpacked (HOT_CHART_SOURCES, see
 * test/charts/README.md), every release of every default apps stack (as it is, and with existing DNS zones taken by id, the admin UIs published and the apps delivered by Argo CD) is
 * rendered with real Helm and the synthesized values, and every rendered pod must be the one the inventory
 * predicts (same placement, security contexts and resources) and pass the checks pods.test.ts applies; every
 * custom resource a chart renders must be valid against the real CRD. Elsewhere (CI) the suite says why it
 * skipped; pods.test.ts then checks the same pods through the inventory.
 */
const sources = chartSources();
const describeWithCharts = sources ? describe : describe.skip;
if (!sources) {
  console.log('inventory-against-render: skipped, HOT_CHART_SOURCES names no folder of unpacked chart sources');
}

const empty = (value: unknown) =>
  value === undefined ||
  value === null ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
const same = (a: unknown, b: unknown) => (empty(a) && empty(b)) || isDeepStrictEqual(normalized(a), normalized(b));

/** Rendered YAML and synthesized JSON differ only in how numbers and absent keys appear. */
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, normalized(v)]),
    );
  }
  return value;
}

function sortedByJson(list: readonly unknown[] | undefined): unknown[] {
  return [...(list ?? [])].map(normalized).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function componentId(component: Component, release: string): string {
  return component.id.replace('{release}', release);
}

function differences(component: Component, rendered: PodOf, values: Record<string, unknown>): string[] {
  const predicted = predictPod(component, values);
  const problems: string[] = [];
  const compare = (field: string, expected: unknown, actual: unknown) => {
    if (!same(expected, actual)) {
      problems.push(
        `${field}: inventory predicts ${JSON.stringify(expected)}, chart renders ${JSON.stringify(actual)}`,
      );
    }
  };
  compare('nodeSelector', predicted.spec.nodeSelector, rendered.spec.nodeSelector);
  // Order of tolerations does not matter to the scheduler; charts append theirs before or after ours.
  compare('tolerations', sortedByJson(predicted.spec.tolerations), sortedByJson(rendered.spec.tolerations));
  compare('securityContext', predicted.spec.securityContext, rendered.spec.securityContext);
  compare('hostNetwork', predicted.spec.hostNetwork ?? false, rendered.spec.hostNetwork ?? false);
  if (component.affinity) compare('affinity', predicted.spec.affinity, rendered.spec.affinity);
  for (const [key, value] of Object.entries(predicted.labels)) {
    if (rendered.labels[key] !== value)
      problems.push(`label ${key}=${value} predicted, rendered ${rendered.labels[key]}`);
  }
  const renderedContainers = [...(rendered.spec.initContainers ?? []), ...(rendered.spec.containers ?? [])];
  for (const container of predicted.spec.containers ?? []) {
    const actual = renderedContainers.find((c) => c.name === container.name);
    if (!actual) {
      problems.push(`container ${container.name} predicted, not rendered`);
      continue;
    }
    compare(`container ${container.name} securityContext`, container.securityContext, actual.securityContext);
    compare(`container ${container.name} resources`, container.resources, actual.resources);
  }
  for (const actual of renderedContainers) {
    if (!(predicted.spec.containers ?? []).some((c) => c.name === actual.name)) {
      problems.push(`container ${actual.name} rendered, missing from the inventory`);
    }
  }
  return problems;
}

function kindDifferences(
  inventory: ChartInventory,
  rendered: ReturnType<typeof renderRelease>,
  values: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  const crds = rendered
    .filter((o) => o.kind === 'CustomResourceDefinition')
    .map((o) => {
      const spec = o.spec as { group: string; names: { kind: string } };
      return `${spec.group}/${spec.names.kind}`;
    })
    .sort();
  const declaredCrds = [...installedCrds(inventory, values)].sort();
  if (inventory.crds?.via !== 'job' && inventory.crds?.via !== 'operator' && !same(crds, declaredCrds)) {
    problems.push(`CRDs: inventory lists ${JSON.stringify(declaredCrds)}, chart installs ${JSON.stringify(crds)}`);
  }
  const kinds = [...new Set(rendered.map(customKind).filter((k): k is string => k !== undefined))].sort();
  const declared = [
    ...new Set((inventory.renders ?? []).filter((r) => holds(r.when, values)).map((r) => r.kind)),
  ].sort();
  if (!same(kinds, declared)) {
    problems.push(
      `custom resources: inventory predicts ${JSON.stringify(declared)}, chart renders ${JSON.stringify(kinds)}`,
    );
  }
  return problems;
}

describeWithCharts('the chart inventory matches real renders of the default apps stacks', () => {
  const inventories = loadInventories();
  const cases = chartReleaseCases(synthVariants()).map(([label, release, ...rest]): ChartReleaseCase => [
    `${label} (${release.chart}@${release.version})`,
    release,
    ...rest,
  ]);

  it.each(cases)('%s', (_, release, document, cluster) => {
    const inventory = inventories.get(`${release.chart}@${release.version}`);
    expect(inventory).toBeDefined();
    if (!inventory || !sources) return;
    const dir = chartDirOf(release, sources);
    expect(dir).toBeDefined();
    if (!dir) return;
    const defaults = chartDefaults(dir);
    const wrongDefaults = Object.entries(inventory.defaults)
      .filter(([path, value]) => !same(value, valueAt(defaults, path)))
      .map(
        ([path, value]) =>
          `default ${path}: inventory ${JSON.stringify(value)}, chart ${JSON.stringify(valueAt(defaults, path))}`,
      );
    const values = effectiveValues(inventory, release.values);
    const rendered = renderRelease(release, dir, { includeCrds: true });
    const pods = podsOf(rendered, release.namespace).filter((pod) => pod.hook !== 'test');
    const problems: string[] = [
      ...wrongDefaults,
      ...kindDifferences(inventory, rendered, values),
      ...rendered.flatMap((object) => {
        const crd = customKind(object) ? referenceCrd(object.apiVersion, object.kind) : undefined;
        return crd
          ? validateCustomResource(object, crd).map((p) => `${object.kind}/${object.metadata.name} (rendered): ${p}`)
          : [];
      }),
    ];
    for (const pod of pods) {
      const component = inventory.components.find((c) => componentId(c, release.name) === pod.id);
      if (!component) {
        problems.push(`${pod.id}: rendered, missing from the inventory`);
        continue;
      }
      if (!holds(component.when, values)) problems.push(`${pod.id}: rendered although its condition does not hold`);
      problems.push(...differences(component, pod, values).map((p) => `${pod.id}: ${p}`));
      // And the rendered pod itself runs, secured and placed, as pods.test.ts asserts of the prediction.
      const level = levelOf(document, pod.namespace);
      problems.push(
        ...podProblems(
          pod.spec,
          pod.labels,
          component,
          level,
          cluster,
          limitRangeDefaultsOf(document, pod.namespace),
        ).map((p) => `${pod.id} (rendered): ${p}`),
      );
    }
    for (const component of inventory.components.filter((c) => c.hook !== 'test' && holds(c.when, values))) {
      const id = componentId(component, release.name);
      if (!pods.some((pod) => pod.id === id))
        problems.push(`${id}: its condition holds, but the chart renders no such pod`);
    }
    expect(problems).toEqual([]);
  });
});
