import { readFileSync } from 'fs';
import { join } from 'path';
import { DEFAULT_ENVIRONMENTS } from '../../lib/config/environments';
import { loadEnvironments } from '../../lib/config/load';
import {
  ASSUMPTIONS,
  currentAwsFootprint,
  declaredVolumeGiB,
  estimateMonthlyCost,
  HOURS_PER_MONTH,
} from '../../lib/cost/estimate';
import { PRICE_TABLES, type PriceTable } from '../../lib/cost/prices';
import { costSummary } from '../../lib/cost/report';
import { hotErrorMessage } from '../support/errors';
import { releasesOf } from '../support/releases';
import { synthEnvironments } from '../support/synth';

const environments = loadEnvironments({ env: {} });
const { documents } = synthEnvironments(environments);
const docsOf = (name: string) => ({ cluster: documents[name], apps: documents[`${name}-apps`] });
const envOf = (name: string) => environments.find((e) => e.name === name) as (typeof environments)[number];
const estimate = (name: string, table?: PriceTable) => estimateMonthlyCost(envOf(name), docsOf(name), table);
const withPrice = (table: PriceTable, key: string, amount: number): PriceTable => ({
  ...table,
  prices: { ...table.prices, [key]: { ...table.prices[key], amount } },
});

describe('the price table', () => {
  it.each(Object.entries(PRICE_TABLES))('%s: every price is dated, sourced and not negative', (_cloud, table) => {
    expect(table.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [key, price] of Object.entries(table.prices)) {
      expect([key, price.source.length > 10]).toEqual([key, true]);
      expect(price.amount).toBeGreaterThanOrEqual(0);
    }
  });

  it('prices every instance type the default environments run first, with its vCPUs', () => {
    for (const env of DEFAULT_ENVIRONMENTS) {
      const table = PRICE_TABLES[env.cloud];
      for (const pool of Object.values(env.nodePools) as { instanceTypes: string[] }[]) {
        const type = pool.instanceTypes[0];
        expect([env.name, type, table.prices[type] !== undefined, table.vcpus[type] > 0]).toEqual([
          env.name,
          type,
          true,
          true,
        ]);
      }
    }
  });
});

describe('the monthly estimate', () => {
  it.each(environments.map((e) => e.name))('%s: the totals are the sums of the priced lines', (name) => {
    const result = estimate(name);
    const sum = (pick: (l: (typeof result.lines)[number]) => number) =>
      Math.round(result.lines.reduce((t, l) => t + pick(l), 0) * 100) / 100;
    expect(result.minimum).toBe(sum((l) => l.minimumCost));
    expect(result.expected).toBe(sum((l) => l.expectedCost));
    expect(result.expected).toBeGreaterThan(result.minimum);
  });

  it('follows the table: a changed price changes the figure by quantity x change', () => {
    const base = estimate('aws-prod');
    const dearer = estimate('aws-prod', withPrice(PRICE_TABLES.aws, 'm7i.xlarge', 0.2016 + 0.01));
    // Six expected workers, never at minimum.
    expect(dearer.expected - base.expected).toBeCloseTo(6 * HOURS_PER_MONTH * 0.01, 2);
    expect(dearer.minimum).toBe(base.minimum);
    const hetzner = estimate('hetzner-dr', withPrice(PRICE_TABLES.hetzner, 'cpx32', 40));
    // Three control-plane and two core servers.
    expect(hetzner.minimum - estimate('hetzner-dr').minimum).toBeCloseTo(5 * (40 - 35.49), 2);
  });

  it('prices what the stacks declare: control plane, NAT per zone, KMS keys and volumes of aws-prod', () => {
    const lines = Object.fromEntries(estimate('aws-prod').lines.map((l) => [l.price, l]));
    expect(lines['eks-cluster'].minimumCost).toBe(73);
    expect(lines['nat-gateway'].minimum).toBe(3);
    expect(lines['kms-key'].minimum).toBe(Object.keys(documents['aws-prod'].resource?.aws_kms_key ?? {}).length);
    expect(lines['s3-standard'].minimum).toBe(2 * ASSUMPTIONS.objectStorageGiB);
  });

  it('counts database volumes per instance and the charts’ volume claims', () => {
    const clusters = releasesOf(documents['aws-prod-apps'])
      .flatMap((r) => (Array.isArray(r.values.objects) ? (r.values.objects as Record<string, unknown>[]) : []))
      .filter((o) => o.kind === 'Cluster');
    const databases = clusters.reduce((sum, c) => {
      const spec = c.spec as { instances: number; storage: { size: string } };
      return sum + spec.instances * Number.parseInt(spec.storage.size, 10);
    }, 0);
    // Prometheus's 50 GiB claim is the only chart volume on aws-prod.
    expect(declaredVolumeGiB(documents['aws-prod-apps'])).toBe(databases + 50);
  });

  it('names what it cannot price instead of guessing: Azure Blob, a type missing from the table', () => {
    expect(estimate('azure-staging').unpriced).toEqual([
      'Blob storage of the backups: no sourced West Europe price for hot ZRS/GZRS',
    ]);
    const { cpx42: _dropped, ...rest } = PRICE_TABLES.hetzner.prices;
    const missing = estimate('hetzner-dr', { ...PRICE_TABLES.hetzner, prices: rest });
    expect(missing.unpriced).toEqual(['worker nodes (cpx42): no price for "cpx42" in the fsn1/nbg1/hel1 table']);
  });

  it('shows a standby hetzner-dr (minimum: no workers) against the same environment after a failover', () => {
    const dr = estimate('hetzner-dr');
    const workers = dr.lines.find((l) => l.price === 'cpx42');
    expect(workers).toMatchObject({ minimum: 0, expected: 3 });
    // After a failover it carries aws-prod's expected worker vCPUs.
    const aws = envOf('aws-prod').nodePools.worker;
    const awsVcpus = (aws.expectedSize ?? 0) * PRICE_TABLES.aws.vcpus[aws.instanceTypes[0]];
    expect((workers?.expected ?? 0) * PRICE_TABLES.hetzner.vcpus.cpx42).toBeGreaterThanOrEqual(awsVcpus);
    expect(dr.expected - dr.minimum).toBeCloseTo(3 * 69.49 + 3 * 0.5, 2);
  });

  it("prices HOT's AWS footprint today from the same table", () => {
    const t = PRICE_TABLES.aws.prices;
    expect(currentAwsFootprint()).toBeCloseTo(
      (7 * t['t3.xlarge'].amount + t['eks-cluster'].amount + t['nat-gateway'].amount + t.nlb.amount) * 730,
      2,
    );
  });

  it('refuses an expected size outside the pool, in one line', () => {
    expect(
      hotErrorMessage(() =>
        loadEnvironments({
          env: {},
          context: { environments: { 'aws-prod': { nodePools: { worker: { expectedSize: 30 } } } } },
        }),
      ),
    ).toBe(
      'context hot.environments.aws-prod.nodePools.worker.expectedSize = 30: is outside minSize..maxSize (0..20); the estimate prices nodes the pool can have',
    );
  });

  it("is the README's table", () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const line of costSummary(environments.map((e) => estimate(e.name)))) {
      const figures = line.match(/[$€][\d,]+\.\d{2}/g) ?? [];
      for (const figure of figures) expect([line, readme.includes(figure)]).toEqual([line, true]);
    }
  });
});
