import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { PROJECT_CHARTS_DIR } from '../../lib/apps/delivery';
import { type RenderedObject, runHelm } from '../support/helm';
import { levelOf, podProblems } from '../support/pod-checks';
import { podsOf } from '../support/pods';
import { limitRangeDefaultsOf, releasesOf } from '../support/releases';
import { projectChartDirOf, renderRelease } from '../support/render';
import { synthVariants } from '../support/synth';

type Block = Record<string, unknown>;

/**
 * The project's own app charts (charts/<name>, not the objects chart), rendered with real Helm in CI at the
 * values every default apps stack synthesizes, as it is and in the second variant: every pod runs under its
 * namespace's Pod Security level, on `worker` with that pool's tolerations, with requests; the objects an app
 * promises (its scaling, its hook, its route) are there.
 */
const variants = synthVariants();
const cases = variants.flatMap(({ variant, environments, documents, stacks }) =>
  environments.flatMap((env) =>
    releasesOf(documents[`${env.name}-apps`])
      .filter((r) => r.local && r.chart.startsWith('assets/chart-'))
      .map((release) => ({
        label: `${env.name}-apps (${variant}) ${release.name}`,
        release,
        document: documents[`${env.name}-apps`],
        cluster: stacks[env.name].cluster.description,
        highAvailability: env.apps.highAvailability,
        rendered: renderRelease(release, projectChartDirOf(release)),
      })),
  ),
);

const byKind = (objects: readonly RenderedObject[], kind: string) => objects.filter((o) => o.kind === kind);

describe("the project's own charts, rendered with real Helm", () => {
  it('cover the Tasking Manager on every default apps stack, in both variants', () => {
    expect(cases.filter((c) => c.release.name === 'tasking-manager')).toHaveLength(variants.length * 3);
  });

  it('pass helm lint --strict with the values of a stack', () => {
    const work = mkdtempSync(join(tmpdir(), 'hot-lint-'));
    try {
      const values = join(work, 'values.json');
      writeFileSync(values, JSON.stringify(cases[0].release.values));
      expect(runHelm(['lint', join(PROJECT_CHARTS_DIR, 'tasking-manager'), '--strict', '--values', values])).toContain(
        '0 chart(s) failed',
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it.each(cases.map((c) => [c.label, c] as const))('%s: every pod secured, placed and sized', (_, c) => {
    const pods = podsOf(c.rendered, c.release.namespace);
    expect(pods.map((p) => p.id).sort()).toEqual([
      'Deployment/tasking-manager-backend',
      'Deployment/tasking-manager-scheduler',
      'Job/tasking-manager-migrations',
    ]);
    const problems = pods.flatMap((pod) =>
      podProblems(
        pod.spec,
        pod.labels,
        { placement: 'worker' },
        levelOf(c.document, pod.namespace),
        c.cluster,
        limitRangeDefaultsOf(c.document, pod.namespace),
      ).map((p) => `${pod.id}: ${p}`),
    );
    expect(problems).toEqual([]);
    // Secrets reach the pods from the Secret the app makes, never through values (a release stores its values).
    expect(JSON.stringify(c.release.values)).not.toMatch(/random_|var\.|password/i);
    expect(c.release.sensitiveNames).toEqual([]);
    for (const pod of pods) {
      expect((pod.spec as Block).automountServiceAccountToken).toBe(false);
      expect(pod.labels).toMatchObject({ project: 'tasking-manager', tool: 'tasking-manager' });
    }
  });

  it.each(cases.map((c) => [c.label, c] as const))(
    '%s: migrations before the new API serves, an HPA doing what ECS does, its route',
    (_, c) => {
      const [job] = byKind(c.rendered, 'Job') as (RenderedObject & { spec: Block })[];
      expect(job.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'pre-install,pre-upgrade' });
      const template = (job.spec.template as { spec: Block }).spec;
      // A pre-install hook runs before the chart's own ServiceAccount exists.
      expect(template.serviceAccountName).toBe('default');
      const [migrate] = template.containers as { command: string[] }[];
      expect(migrate.command).toEqual(['alembic', '-c', 'migrations/alembic.ini', 'upgrade', 'head']);
      const [wait] = template.initContainers as { args?: string[]; command: string[] }[];
      expect(wait.command.slice(-3)).toEqual(['tasking-manager-db-rw.tasking-manager.svc', '5432', '900']);

      const [hpa] = byKind(c.rendered, 'HorizontalPodAutoscaler') as (RenderedObject & { spec: Block })[];
      const ha = c.release.values.backend as { replicas: number };
      expect(hpa.spec).toMatchObject({
        scaleTargetRef: { kind: 'Deployment', name: 'tasking-manager-backend' },
        minReplicas: ha.replicas,
        maxReplicas: 9,
        metrics: [
          { resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
          { resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } },
        ],
      });
      const [backend] = byKind(c.rendered, 'Deployment').filter((d) =>
        d.metadata.name.endsWith('-backend'),
      ) as (RenderedObject & {
        spec: Block;
      })[];
      expect(backend.spec.replicas).toBeUndefined();
      const container = ((backend.spec.template as { spec: Block }).spec.containers as Block[])[0];
      expect(container.resources).toEqual({ requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '4Gi' } });

      const pdbs = byKind(c.rendered, 'PodDisruptionBudget');
      // One instance of each where the environment is not highly available: a budget would block every drain.
      expect(pdbs).toHaveLength(c.highAvailability ? 1 : 0);

      const [ingress] = byKind(c.rendered, 'Ingress') as (RenderedObject & { spec: Block })[];
      const host = `tasks-api.${c.cluster.dns.baseDomain}`;
      expect(ingress.spec).toMatchObject({
        ingressClassName: 'traefik',
        tls: [{ hosts: [host], secretName: 'tasking-manager-api-tls' }],
        rules: [{ host }],
      });
      const published = (c.document.output?.['published-hosts']?.value ?? []) as { host: string; guards: string[] }[];
      expect(published.find((h) => h.host === host)?.guards).toEqual(['app-login']);
    },
  );
});
