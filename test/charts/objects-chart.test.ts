import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { OBJECTS_CHART_DIR } from '../../lib/core/objects-release';
import { loadEnvironments } from '../../lib/config/load';
import { helmTemplate, runHelm } from '../support/helm';
import { isObjectsRelease, releasesOf } from '../support/releases';
import { synthEnvironments } from '../support/synth';

/**
 * The project's own chart, linted and rendered by real Helm (the binary `npm test` fetches, see
 * scripts/get-helm.cjs): it renders exactly the objects it is given, and its values schema refuses an object
 * without apiVersion, kind or name before anything reaches the cluster.
 */
describe('the objects chart, with real Helm', () => {
  const sample = {
    objects: [
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        metadata: { name: 'letsencrypt-staging' },
        spec: { acme: { server: 'https://acme-staging-v02.api.letsencrypt.org/directory' } },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps' }, data: { a: '1' } },
    ],
  };

  it('passes helm lint', () => {
    const work = mkdtempSync(join(tmpdir(), 'hot-lint-'));
    try {
      const values = join(work, 'values.json');
      writeFileSync(values, JSON.stringify(sample));
      expect(runHelm(['lint', OBJECTS_CHART_DIR, '--strict', '--values', values])).toContain('0 chart(s) failed');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  // Helm orders a release's objects by kind for install; the set is what matters.
  const byId = (objects: readonly { kind: string; metadata: { name: string } }[]) =>
    [...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));

  it('renders every object as given, nothing else', () => {
    expect(byId(helmTemplate(OBJECTS_CHART_DIR, { release: 'r', namespace: 'apps', values: sample }))).toEqual(
      byId(sample.objects),
    );
  });

  it('renders nothing for no objects', () => {
    expect(helmTemplate(OBJECTS_CHART_DIR, { release: 'r', namespace: 'apps', values: { objects: [] } })).toEqual([]);
  });

  it('refuses an object without a kind, through its values schema', () => {
    expect(() =>
      helmTemplate(OBJECTS_CHART_DIR, {
        release: 'r',
        namespace: 'apps',
        values: { objects: [{ apiVersion: 'v1', metadata: { name: 'x' } }] },
      }),
    ).toThrow(/kind/);
  });

  it('renders what every objects release of the default stacks delivers', () => {
    const { documents } = synthEnvironments(loadEnvironments({ env: {} }));
    const releases = Object.values(documents).flatMap((document) => releasesOf(document).filter(isObjectsRelease));
    expect(releases.length).toBeGreaterThan(0);
    for (const release of releases) {
      const rendered = helmTemplate(OBJECTS_CHART_DIR, {
        release: release.name,
        namespace: release.namespace,
        values: release.values,
      });
      expect(byId(rendered)).toEqual(byId(release.values.objects as { kind: string; metadata: { name: string } }[]));
    }
  });
});
