import { Testing, TerraformStack } from 'cdktf';
import { HotError } from '../../lib/core/errors';
import { HotNamespace, POD_SECURITY_EXCEPTION_ANNOTATION } from '../../lib/core/namespace';
import { ObjectsRelease, type KubernetesObject } from '../../lib/core/objects-release';
import type { StackDocument } from '../../lib/policies/types';
import { fakeCluster } from '../support/fake-cluster';

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'apps');
  fakeCluster().kubernetesProviders(stack);
  return stack;
}

const issuer: KubernetesObject = {
  apiVersion: 'cert-manager.io/v1',
  kind: 'ClusterIssuer',
  metadata: { name: 'letsencrypt-staging' },
};

describe('ObjectsRelease', () => {
  it('delivers validated objects through the project chart, shipped as a stack asset', () => {
    const stack = newStack();
    new ObjectsRelease(stack, 'issuers', {
      releaseName: 'cluster-issuers',
      namespace: 'cert-manager',
      objects: [issuer],
    });
    const doc = JSON.parse(Testing.synth(stack)) as StackDocument;
    const [release] = Object.values(doc.resource?.helm_release ?? {});
    expect(release).toMatchObject({
      name: 'cluster-issuers',
      namespace: 'cert-manager',
      version: '0.1.0',
      atomic: true,
    });
    expect(release.repository).toBeUndefined();
    expect(String(release.chart)).toMatch(/^assets\/objects-chart\/[0-9A-F]+$/);
    expect(JSON.parse((release.values as string[])[0])).toEqual({ objects: [issuer] });
  });

  it('calls the typed model validation and reports its failure in one line', () => {
    const invalid: KubernetesObject = {
      ...issuer,
      validate: () => {
        throw new Error('spec.acme.server: must be a URL\nmore detail');
      },
    };
    expect(() => new ObjectsRelease(newStack(), 'x', { releaseName: 'x', namespace: 'x', objects: [invalid] })).toThrow(
      new HotError({
        setting: 'objects release x: ClusterIssuer/letsencrypt-staging',
        fix: 'fails its schema: spec.acme.server: must be a URL',
      }),
    );
  });

  it('refuses bad names and duplicates', () => {
    const badName = { ...issuer, metadata: { name: 'Lets_Encrypt' } };
    expect(() => new ObjectsRelease(newStack(), 'x', { releaseName: 'x', namespace: 'x', objects: [badName] })).toThrow(
      'objects release x: ClusterIssuer/Lets_Encrypt metadata.name = "Lets_Encrypt": must be a DNS subdomain name (a-z, 0-9, - and .)',
    );
    expect(
      () => new ObjectsRelease(newStack(), 'x', { releaseName: 'x', namespace: 'x', objects: [issuer, issuer] }),
    ).toThrow('objects release x = "ClusterIssuer//letsencrypt-staging": holds this object twice; keep one');
  });
});

describe('HotNamespace', () => {
  function labelsOf(stack: TerraformStack): { labels: Record<string, string>; annotations?: Record<string, string> } {
    const doc = JSON.parse(Testing.synth(stack)) as StackDocument;
    const [namespace] = Object.values(doc.resource?.kubernetes_namespace_v1 ?? {});
    return namespace.metadata as { labels: Record<string, string>; annotations?: Record<string, string> };
  }

  it('enforces restricted Pod Security with cost labels', () => {
    const stack = newStack();
    new HotNamespace(stack, 'ns', { name: 'field-tm', costLabels: { project: 'field-tm', tool: 'field-tm' } });
    expect(labelsOf(stack).labels).toEqual({
      'app.kubernetes.io/part-of': 'hot',
      project: 'field-tm',
      tool: 'field-tm',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  it('records the reason of an exception and still audits at restricted', () => {
    const stack = newStack();
    const reason = 'Velero node agent mounts host paths to back up volumes.';
    new HotNamespace(stack, 'ns', { name: 'velero', podSecurityException: { level: 'privileged', reason } });
    const metadata = labelsOf(stack);
    expect(metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(metadata.labels['pod-security.kubernetes.io/audit']).toBe('restricted');
    expect(metadata.annotations).toEqual({ [POD_SECURITY_EXCEPTION_ANNOTATION]: reason });
  });

  it('refuses system namespaces and exceptions without a reason', () => {
    expect(() => new HotNamespace(newStack(), 'ns', { name: 'kube-system' })).toThrow(
      'namespace ns.name = "kube-system": must be a DNS label (a-z, 0-9, -; at most 63) and not a Kubernetes system namespace',
    );
    expect(
      () =>
        new HotNamespace(newStack(), 'ns', { name: 'x', podSecurityException: { level: 'baseline', reason: 'needs' } }),
    ).toThrow(
      'namespace x.podSecurityException.reason = "needs": must say why the namespace cannot run restricted, in a sentence a reviewer can judge',
    );
  });
});
