import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { Testing, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { HelmAddOn } from '../../lib/addons/helm-addon';
import { installAddOns } from '../../lib/addons/install';
import { orderAddOns } from '../../lib/addons/ordering';
import type { AddOn } from '../../lib/contracts/addon';
import { hotErrorMessage } from '../support/errors';
import type { StackDocument } from '../../lib/policies/types';
import { fakeCluster } from '../support/fake-cluster';

function addOn(id: string, dependsOn: string[] = []): AddOn {
  return {
    id,
    dependsOn,
    install: (scope: Construct) => {
      new ConfigMapV1(scope, 'marker', { metadata: { name: id, namespace: 'hot' }, data: { id } });
    },
  };
}

describe('add-on ordering', () => {
  it('puts dependencies first and keeps the given order otherwise', () => {
    const ordered = orderAddOns([
      addOn('apps', ['cert-manager', 'ingress']),
      addOn('ingress'),
      addOn('cert-manager'),
      addOn('keda'),
    ]);
    expect(ordered.map((a) => a.id)).toEqual(['cert-manager', 'ingress', 'apps', 'keda']);
  });

  it('fails on a missing dependency', () => {
    expect(hotErrorMessage(() => orderAddOns([addOn('argocd', ['cert-manager'])]))).toBe(
      'add-on argocd.dependsOn = "cert-manager": names no installed add-on; install "cert-manager" too or remove the dependency',
    );
  });

  it('fails on a duplicate id', () => {
    expect(hotErrorMessage(() => orderAddOns([addOn('keda'), addOn('keda')]))).toBe(
      'add-on keda: is registered twice; give each add-on a unique id or remove the duplicate',
    );
  });

  it('fails on a cycle', () => {
    expect(hotErrorMessage(() => orderAddOns([addOn('a', ['b']), addOn('b', ['a'])]))).toBe(
      'add-on a.dependsOn = "a -> b -> a": is a cycle; remove one of these dependencies',
    );
  });
});

describe('installAddOns', () => {
  it('makes every resource of an add-on depend on the resources of its dependencies', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'apps');
    const cluster = fakeCluster();
    cluster.kubernetesProviders(stack);
    installAddOns(stack, [addOn('b', ['a']), addOn('a')], cluster);
    const doc = JSON.parse(Testing.synth(stack)) as StackDocument;
    const maps = doc.resource?.kubernetes_config_map_v1 ?? {};
    const [aName] = Object.keys(maps).filter((k) => k.startsWith('a_'));
    const [bName] = Object.keys(maps).filter((k) => k.startsWith('b_'));
    expect(maps[bName].depends_on).toEqual([`kubernetes_config_map_v1.${aName}`]);
    expect(maps[aName].depends_on).toBeUndefined();
  });
});

describe('HelmAddOn', () => {
  const base = {
    id: 'keda',
    chart: 'keda',
    repository: 'https://kedacore.github.io/charts',
    version: '2.20.2',
    namespace: 'keda',
  };

  it('installs an atomic, pinned release into a restricted namespace, values merged over defaults', () => {
    class Keda extends HelmAddOn {
      protected override defaultValues() {
        return { resources: { operator: { limits: { memory: '1Gi' } } }, podSecurityContext: { runAsNonRoot: true } };
      }
    }
    const app = Testing.app();
    const stack = new TerraformStack(app, 'apps');
    const cluster = fakeCluster();
    cluster.kubernetesProviders(stack);
    installAddOns(
      stack,
      [new Keda({ ...base, values: { resources: { operator: { limits: { memory: '512Mi' } } } } })],
      cluster,
    );
    const doc = JSON.parse(Testing.synth(stack)) as StackDocument;
    const [release] = Object.values(doc.resource?.helm_release ?? {});
    expect(release).toMatchObject({
      name: 'keda',
      chart: 'keda',
      repository: 'https://kedacore.github.io/charts',
      version: '2.20.2',
      namespace: 'keda',
      atomic: true,
      cleanup_on_fail: true,
      timeout: 600,
      create_namespace: false,
    });
    expect(JSON.parse((release.values as string[])[0])).toEqual({
      resources: { operator: { limits: { memory: '512Mi' } } },
      podSecurityContext: { runAsNonRoot: true },
    });
    const [namespace] = Object.values(doc.resource?.kubernetes_namespace_v1 ?? {});
    expect(
      (namespace.metadata as { labels: Record<string, string> }).labels['pod-security.kubernetes.io/enforce'],
    ).toBe('restricted');
  });

  it('refuses a release name over 53 characters', () => {
    expect(hotErrorMessage(() => new HelmAddOn({ ...base, releaseName: 'k'.repeat(54) }))).toBe(
      `add-on keda.releaseName = "${'k'.repeat(54)}": is 54 characters; Helm allows 53, use a shorter name`,
    );
  });

  it('refuses a version range', () => {
    expect(hotErrorMessage(() => new HelmAddOn({ ...base, version: '^2.20.0' }))).toBe(
      'add-on keda.version = "^2.20.0": is not an exact chart version; pin one like "1.2.3" from the chart\'s repository',
    );
  });

  it('refuses a plain-http repository', () => {
    expect(hotErrorMessage(() => new HelmAddOn({ ...base, repository: 'http://charts.example.org' }))).toBe(
      'add-on keda.repository = "http://charts.example.org": must be an https:// Helm repository or an oci:// registry',
    );
  });
});
