import { loadInventories, type ChartInventory } from '../support/inventory';
import { releasePodProblems } from '../support/pod-checks';
import { chartReleaseCases } from '../support/releases';
import { synthVariants } from '../support/synth';

/**
 * Every pod of every release of every default apps stack (as it is, and with existing DNS zones taken by id, the admin UIs published and the apps delivered by Argo CD), predicted from the synthesized values through the
 * chart inventory (test/charts/inventory): it runs under the namespace's Pod Security level, lands on the
 * pool it must with that pool's tolerations (AKS taints every pool, so it is the case that proves it), asks
 * for CPU and memory, and carries the identity labels its cloud access needs. inventory-against-render keeps
 * the inventory true to the charts.
 */
const inventories = loadInventories();

const cases = chartReleaseCases(synthVariants());

describe('every pod of every release can run, secured and placed', () => {
  it('covers every chart the default stacks install', () => {
    const missing = cases
      .map(([, release]) => `${release.chart}@${release.version}`)
      .filter((chart) => !inventories.has(chart));
    expect([...new Set(missing)]).toEqual([]);
  });

  it.each(cases)('%s', (_, release, document, cluster) => {
    const inventory = inventories.get(`${release.chart}@${release.version}`) as ChartInventory;
    expect(releasePodProblems(release, inventory, document, cluster)).toEqual([]);
  });
});
