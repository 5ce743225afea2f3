import { PGSTAC_SECRET } from '../../lib/apps/openaerialmap';
import { block } from '../../lib/policies/read';
import type { StackDocument } from '../../lib/policies/types';
import type { RenderedObject } from '../support/helm';
import { releasesOf } from '../support/releases';
import { chartDirOf, chartSources, renderRelease } from '../support/render';
import { synthVariants } from '../support/synth';

/**
 * OpenAerialMap's eoAPI release rendered with real Helm (HOT_CHART_SOURCES, see test/charts/README.md) with the
 * synthesized values, in both delivery modes: what a first install meets. Every API pod's init container waits
 * for the pgSTAC migration Job, and every release waits for its pods, so that Job (and what it mounts) must run
 * before the pods exist and outlive its success; the autoscalers, routes and disruption budgets must name what
 * the chart really renders. Elsewhere (CI) the suite says why it skipped; the unit tests check the values.
 */
const sources = chartSources();
const describeWithCharts = sources ? describe : describe.skip;
if (!sources) console.log('openaerialmap-render: skipped, HOT_CHART_SOURCES names no folder of unpacked chart sources');

type Json = Record<string, unknown>;

const cases = synthVariants().flatMap(({ variant, environments, documents }) =>
  environments.map((env) => [`${env.name}-apps (${variant})`, documents[`${env.name}-apps`]] as const),
);

function rendered(document: StackDocument): RenderedObject[] {
  const release = releasesOf(document).find((r) => r.name === 'openaerialmap');
  const dir = release && sources ? chartDirOf(release, sources) : undefined;
  if (!release || !dir) throw new Error('no openaerialmap release, or no source of its chart');
  return renderRelease(release, dir);
}

const podSpec = (o: RenderedObject): Json => block(block(block(o.spec)?.template)?.spec) ?? {};
const containers = (spec: Json, field: 'containers' | 'initContainers'): Json[] =>
  Array.isArray(spec[field]) ? (spec[field] as Json[]) : [];

describeWithCharts("OpenAerialMap's eoAPI release, rendered", () => {
  it.each(cases)('%s: the migration every API pod waits for runs before the pods, and stays', (_, document) => {
    const objects = rendered(document);
    const jobs = objects.filter((o) => o.kind === 'Job');
    const deployments = objects.filter((o) => o.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['openaerialmap-raster', 'openaerialmap-stac']);
    for (const deployment of deployments) {
      const waits = containers(podSpec(deployment), 'initContainers').filter((c) => c.name === 'wait-for-pgstac-jobs');
      expect(waits).toHaveLength(1);
      const script = JSON.stringify(waits[0].command);
      const labels = [...script.matchAll(/wait_for_job_by_label \\"app=([a-z0-9-]+)\\"/g)].map((m) => m[1]);
      expect(labels).toEqual(['openaerialmap-pgstac-migrate']);
      for (const label of labels) {
        const job = jobs.find((j) => j.metadata.labels?.app === label);
        expect(job).toBeDefined();
        const annotations = job?.metadata.annotations ?? {};
        const jobSpec = job ? podSpec(job) : {};
        // Before the Deployments are created, so a release that waits for its pods cannot wait on it forever.
        expect(annotations['helm.sh/hook']?.split(',').sort()).toEqual(['pre-install', 'pre-upgrade']);
        // Kept after it succeeds: the init containers look it up by label.
        expect(annotations['helm.sh/hook-delete-policy']).toBe('before-hook-creation');
        // What it mounts is a hook of its own, created before it and not deleted when it succeeds.
        const mounted = (Array.isArray(jobSpec.volumes) ? jobSpec.volumes : []) as Json[];
        for (const volume of mounted) {
          const name = block(volume.configMap)?.name;
          const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
          const own = configMap?.metadata.annotations ?? {};
          expect(own['helm.sh/hook']).toBe('pre-install,pre-upgrade');
          expect(Number(own['helm.sh/hook-weight'])).toBeLessThan(Number(annotations['helm.sh/hook-weight']));
          expect(own['helm.sh/hook-delete-policy']).toBe('before-hook-creation');
        }
        // It connects with the Secret the stack builds, by the keys that Secret has.
        const env = containers(jobSpec, 'containers').flatMap((c) => (c.env as Json[]) ?? []);
        const refs = env.map((e) => block(block(e.valueFrom)?.secretKeyRef)).filter((r) => r !== undefined);
        expect(new Set(refs.map((r) => r?.name))).toEqual(new Set([PGSTAC_SECRET]));
        expect(new Set(refs.map((r) => r?.key))).toEqual(new Set(['username', 'password', 'host', 'port', 'database']));
      }
    }
  });

  it.each(cases)('%s: the autoscalers, routes and disruption budgets name what the chart renders', (_, document) => {
    const objects = rendered(document);
    const deployments = new Map(objects.filter((o) => o.kind === 'Deployment').map((d) => [d.metadata.name, d]));
    const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => block(block(h.spec)?.scaleTargetRef)?.name).sort()).toEqual([...deployments.keys()].sort());
    for (const hpa of hpas) {
      expect(block(hpa.spec)?.metrics).toEqual([
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 75 } } },
      ]);
    }

    const services = new Set(objects.filter((o) => o.kind === 'Service').map((s) => s.metadata.name));
    const [ingress, ...others] = objects.filter((o) => o.kind === 'Ingress');
    expect(others).toEqual([]);
    const spec = ingress.spec as { ingressClassName: string; rules: { http: { paths: Json[] } }[] };
    expect(spec.ingressClassName).toBe('traefik');
    const routes = spec.rules.flatMap((r) => r.http.paths).map((p) => [p.path, block(block(p.backend)?.service)?.name]);
    expect(routes).toEqual([
      ['/stac', 'openaerialmap-stac'],
      ['/raster', 'openaerialmap-raster'],
    ]);
    expect(routes.every(([, service]) => services.has(String(service)))).toBe(true);
    // Every Middleware the Ingress names is one the release renders in its namespace.
    const middlewares = (ingress.metadata.annotations?.['traefik.ingress.kubernetes.io/router.middlewares'] ?? '')
      .split(',')
      .filter((m) => m.length > 0);
    const renderedMiddlewares = objects
      .filter((o) => o.kind === 'Middleware')
      .map((m) => `openaerialmap-${m.metadata.name}@kubernetescrd`);
    expect(middlewares.length).toBeGreaterThan(0);
    expect(middlewares.filter((m) => !renderedMiddlewares.includes(m))).toEqual([]);

    // The STAC API is read-only (the host is published without a login on that ground).
    const stacEnv = objects.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name === 'openaerialmap-stac-envvar-configmap',
    );
    expect(block(stacEnv?.data)?.ENABLE_TRANSACTIONS_EXTENSIONS).toBe('false');

    // The stack's PodDisruptionBudgets select the pods the chart's Deployments make.
    for (const budget of Object.values(document.resource?.kubernetes_pod_disruption_budget_v1 ?? {}) as Json[]) {
      if (block(budget.metadata)?.namespace !== 'openaerialmap') continue;
      const selector = block(block(budget.spec)?.selector)?.match_labels as Record<string, string>;
      const deployment = deployments.get(String(block(budget.metadata)?.name));
      expect(block(block(block(deployment?.spec)?.template)?.metadata)?.labels).toMatchObject(selector);
    }
  });
});
