import { loadEnvironments } from '../../lib/config/load';
import {
  type CiliumClusterwideNetworkPolicy,
  METADATA_SERVICE_CIDR,
  metadataEgressPolicies,
} from '../../lib/hetzner/addons/metadata-egress';
import { resourcesOf } from '../support/documents';
import { buildEnvironment, documentOf, HETZNER_DR_ALONE } from '../support/synth';

type Selector = CiliumClusterwideNetworkPolicy['spec']['endpointSelector'];

/** Kubernetes label-selector semantics: every matchLabels entry and every expression must hold. */
function selects(selector: Selector, labels: Record<string, string>): boolean {
  const labelsMatch = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const expressionsMatch = (selector.matchExpressions ?? []).every((e) =>
    e.operator === 'In' ? e.values.includes(labels[e.key]) : !e.values.includes(labels[e.key]),
  );
  return labelsMatch && expressionsMatch;
}

const pod = (namespace: string, labels: Record<string, string> = {}) => ({
  'k8s:io.kubernetes.pod.namespace': namespace,
  ...labels,
});

describe('pods and the Hetzner metadata service', () => {
  const policies = metadataEgressPolicies();
  const denied = (labels: Record<string, string>) => policies.some((p) => selects(p.spec.endpointSelector, labels));

  it.each([
    ['a tenant pod', pod('drone-tm', { app: 'api' })],
    [
      'a pod outside kube-system that borrows the CSI labels',
      pod('drone-tm', { 'app.kubernetes.io/name': 'hcloud-csi', 'app.kubernetes.io/component': 'node' }),
    ],
    ['CoreDNS', pod('kube-system', { 'k8s-app': 'kube-dns' })],
    ['the cluster-autoscaler', pod('kube-system', { 'app.kubernetes.io/name': 'hetzner-cluster-autoscaler' })],
    [
      'the CSI controller',
      pod('kube-system', { 'app.kubernetes.io/name': 'hcloud-csi', 'app.kubernetes.io/component': 'controller' }),
    ],
  ])('denies %s', (_, labels) => {
    expect(denied(labels)).toBe(true);
  });

  it('lets the CSI node plugin read its server id and location', () => {
    expect(
      denied(pod('kube-system', { 'app.kubernetes.io/name': 'hcloud-csi', 'app.kubernetes.io/component': 'node' })),
    ).toBe(false);
  });

  it('only denies the metadata address and never puts a pod into default-deny', () => {
    for (const { spec } of policies) {
      expect(spec.egressDeny).toEqual([{ toCIDR: [METADATA_SERVICE_CIDR] }]);
      expect(spec.enableDefaultDeny).toEqual({ egress: false, ingress: false });
      expect(Object.keys(spec).sort()).toEqual(['description', 'egressDeny', 'enableDefaultDeny', 'endpointSelector']);
    }
    expect(METADATA_SERVICE_CIDR).toBe('169.254.169.254/32');
  });

  it('delivers the policies through the objects chart once Cilium runs', () => {
    const { apps } = buildEnvironment(loadEnvironments({ env: {}, defaults: [HETZNER_DR_ALONE] })[0]);
    const releases = resourcesOf(documentOf(apps), 'helm_release') as Record<string, unknown>[];
    const delivery = releases.find((r) => r.name === 'cilium-metadata-egress');
    expect(delivery).toMatchObject({
      namespace: 'kube-system',
      depends_on: [expect.stringMatching(/^helm_release\.cilium_release_/)],
    });
    const { objects } = JSON.parse((delivery?.values as string[])[0]) as { objects: CiliumClusterwideNetworkPolicy[] };
    expect(objects.map((o) => [o.kind, o.metadata.name])).toEqual(policies.map((p) => [p.kind, p.metadata.name]));
    // Nothing else waits for it: the longest chain of releases stays as it was.
    expect(
      releases.some((r) => (r.depends_on as string[] | undefined)?.some((d) => d.includes('metadata-egress'))),
    ).toBe(false);
  });
});
