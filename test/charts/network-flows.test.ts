import { firstServiceAddress, parseCidr, formatCidr } from '../../lib/core/cidr';
import type { Environment } from '../../lib/config/schema';
import { hetznerAddresses } from '../../lib/hetzner/addresses';
import { block, strings } from '../../lib/policies/read';
import type { StackDocument } from '../../lib/policies/types';
import { PolicyModel, type Endpoint, type Flow } from '../support/network-policies';
import { synthVariants } from '../support/synth';

/**
 * The traffic each platform component really needs (read in its chart at the pinned version: webhook and
 * metrics ports, API and internet use; see test/charts/README.md), and traffic nobody may have, checked against
 * the NetworkPolicies every namespace of every default apps stack gets. The addresses come from the
 * environment and the cluster stack, not from the policies.
 */

const pod = (namespace: string, labels?: Record<string, string>): Endpoint => ({ pod: { namespace, labels } });
const ip = (address: string): Endpoint => ({ ip: address });
const host = (cidr: string, n: number) => {
  const block = parseCidr(cidr);
  if (!block) throw new Error(cidr);
  return formatCidr({ network: block.network + n, prefix: 32 }).split('/')[0];
};
const KUBE_DNS = pod('kube-system', { 'k8s-app': 'kube-dns' });
const METADATA = ip('169.254.169.254');
const PUBLIC = ip('52.95.110.1');
const VISITOR = ip('198.51.100.23');

interface Addresses {
  /** Where pods reach the API server after Service translation, and its port. */
  readonly apiServer: { readonly ip: string; readonly port: number };
  /** The `kubernetes` Service's ClusterIP. */
  readonly clusterIp: string;
  /** Where the API server calls webhooks from. */
  readonly webhookCaller: string;
  readonly node: string;
}

function addressesOf(env: Environment, cluster: StackDocument): Addresses {
  if (env.cloud === 'aws') {
    const vpc = env.network.vpcCidr;
    return {
      apiServer: { ip: host(vpc, 300), port: 443 },
      clusterIp: firstServiceAddress(env.network.serviceCidr).split('/')[0],
      webhookCaller: host(vpc, 301),
      node: host(vpc, 302),
    };
  }
  if (env.cloud === 'azure') {
    const subnets = Object.values(cluster.resource?.azurerm_subnet ?? {});
    const cidrOf = (name: string) => strings(subnets.find((s) => s.name === name)?.address_prefixes)[0];
    return {
      apiServer: { ip: host(cidrOf('api-server'), 4), port: 443 },
      clusterIp: firstServiceAddress(env.network.serviceCidr).split('/')[0],
      webhookCaller: host(cidrOf('api-server'), 5),
      node: host(cidrOf('nodes'), 10),
    };
  }
  const addresses = hetznerAddresses(env.network.networkCidr, env.hetzner.controlPlane.count, 2);
  return {
    apiServer: { ip: addresses.controlPlaneIps[0], port: 6443 },
    clusterIp: firstServiceAddress(env.network.serviceCidr).split('/')[0],
    webhookCaller: addresses.controlPlaneIps[1],
    node: addresses.coreIps[0],
  };
}

const namespacesOf = (document: StackDocument) =>
  Object.values(document.resource?.kubernetes_namespace_v1 ?? {}).map((n) => String(block(n.metadata)?.name));

/** Controllers that talk to the API server, by namespace (where the stack has the namespace). */
const API_CLIENTS = [
  'ingress',
  'cert-manager',
  'external-dns',
  'keda',
  'cnpg-system',
  'monitoring',
  'opencost',
  'argo-workflows',
  'argocd',
  'velero',
  'metrics-server',
  'nvidia-device-plugin',
  'karpenter',
  'aws-load-balancer-controller',
  'object-store',
];
/** Webhooks and aggregated APIs the API server calls: namespace and container port. */
const WEBHOOKS: ReadonlyArray<readonly [string, number]> = [
  ['cert-manager', 10250],
  ['keda', 9443],
  ['keda', 6443],
  ['cnpg-system', 9443],
  ['monitoring', 10250],
  ['metrics-server', 10250],
  ['aws-load-balancer-controller', 9443],
];
/** Namespaces whose pods reach the internet: ACME, DNS and cloud APIs, object storage, git hosts, receivers. */
const INTERNET = [
  'cert-manager',
  'external-dns',
  'keda',
  'monitoring',
  'opencost',
  'argocd',
  'velero',
  'karpenter',
  'aws-load-balancer-controller',
];
/** EKS Pod Identity: namespaces whose workloads have an AWS role. */
const POD_IDENTITY = ['cert-manager', 'external-dns', 'velero', 'karpenter', 'aws-load-balancer-controller'];

describe.each(
  synthVariants().flatMap(({ variant, environments, documents }) =>
    environments.map((env) => [`${env.name}-apps (${variant})`, env, documents] as const),
  ),
)('NetworkPolicies of %s', (_name, env, documents) => {
  const apps = documents[`${env.name}-apps`];
  const model = new PolicyModel(apps);
  const a = addressesOf(env, documents[env.name]);
  const present = new Set(namespacesOf(apps));
  const existing = (list: readonly string[]) => list.filter((ns) => present.has(ns));
  const allowed = (flows: Flow[]) => flows.filter((f) => !model.allows(f)).map((f) => JSON.stringify(f));
  const refused = (flows: Flow[]) => flows.filter((f) => model.allows(f)).map((f) => JSON.stringify(f));

  it('give every namespace the stack creates a default-deny policy', () => {
    expect([...present].filter((ns) => !model.namespaces().includes(ns))).toEqual([]);
    const denyAll = Object.values(apps.resource?.kubernetes_network_policy_v1 ?? {})
      .filter((p) => block(p.metadata)?.name === 'default-deny')
      .map((p) => String(block(p.metadata)?.namespace));
    expect(denyAll.sort()).toEqual([...present].sort());
  });

  it('let every pod resolve names, and controllers reach the API server, both before and after Service translation', () => {
    const dns = [...present].map((ns): Flow => ({ from: pod(ns), to: KUBE_DNS, port: 53, protocol: 'UDP' }));
    const api = existing(API_CLIENTS).flatMap((ns): Flow[] => [
      { from: pod(ns), to: ip(a.clusterIp), port: 443 },
      { from: pod(ns), to: ip(a.apiServer.ip), port: a.apiServer.port },
    ]);
    expect(allowed([...dns, ...api])).toEqual([]);
  });

  it('let the API server call every webhook and aggregated API, and nothing else in those namespaces', () => {
    const calls = existing(WEBHOOKS.map(([ns]) => ns)).length;
    expect(calls).toBeGreaterThan(2);
    const webhooks = WEBHOOKS.filter(([ns]) => present.has(ns)).map(([ns, port]): Flow => ({
      from: ip(a.webhookCaller),
      to: pod(ns),
      port,
    }));
    expect(allowed(webhooks)).toEqual([]);
    expect(refused([{ from: ip(a.webhookCaller), to: pod('argocd'), port: 8080 }])).toEqual([]);
  });

  it('let the internet in only through the ingress controller, which reaches the published services', () => {
    expect(
      allowed([
        { from: VISITOR, to: pod('ingress'), port: 8000 },
        { from: VISITOR, to: pod('ingress'), port: 8443 },
      ]),
    ).toEqual([]);
    expect(
      refused([
        { from: VISITOR, to: pod('argocd'), port: 8080 },
        { from: VISITOR, to: pod('monitoring'), port: 3000 },
        { from: VISITOR, to: pod('ingress'), port: 9100 },
      ]),
    ).toEqual([]);
    const hosts = (apps.output?.['published-hosts']?.value as { host: string }[] | undefined) ?? [];
    const published = hosts.some((h) => h.host.startsWith('argocd.'));
    const toUis: Flow[] = [
      { from: pod('ingress'), to: pod('monitoring'), port: 3000 },
      { from: pod('ingress'), to: pod('argocd'), port: 8080 },
    ];
    expect(published ? allowed(toUis) : refused(toUis)).toEqual([]);
  });

  it("let the ingress controller reach the object store's S3 gateway and certificate solver, and nothing else of it", () => {
    // Only the Azure flavour runs its object store in the cluster (SeaweedFS, published at s3.<baseDomain>).
    expect(present.has('object-store')).toBe(env.cloud === 'azure');
    if (!present.has('object-store')) return;
    const store = pod('object-store');
    expect(
      allowed([
        { from: pod('ingress'), to: store, port: 8333 },
        { from: pod('ingress'), to: store, port: 8089 },
      ]),
    ).toEqual([]);
    // The master's, volume's and filer's ports take no credentials; visitors come in through Traefik only.
    expect(
      refused([
        { from: pod('ingress'), to: store, port: 9333 },
        { from: pod('ingress'), to: store, port: 8080 },
        { from: pod('ingress'), to: store, port: 8888 },
        { from: VISITOR, to: store, port: 8333 },
        { from: VISITOR, to: store, port: 8888 },
      ]),
    ).toEqual([]);
  });

  it('keep cloud metadata out of reach of every pod, and the EKS Pod Identity agent for the pods with a role', () => {
    const metadata = [...present].map((ns): Flow => ({ from: pod(ns), to: METADATA, port: 80 }));
    expect(refused(metadata)).toEqual([]);
    const agent = existing(POD_IDENTITY).map((ns): Flow => ({ from: pod(ns), to: ip('169.254.170.23'), port: 80 }));
    expect(env.cloud === 'aws' ? allowed(agent) : refused(agent)).toEqual([]);
  });

  it('let Prometheus scrape every pod and node, and the internet be reached only by those that need it', () => {
    const scrapes = [...present].map((ns): Flow => ({ from: pod('monitoring'), to: pod(ns), port: 9402 }));
    const nodes: Flow[] = [9100, 10250].map((port) => ({ from: pod('monitoring'), to: ip(a.node), port }));
    const readers: Flow[] = existing(['opencost', 'keda']).map((ns) => ({
      from: pod(ns),
      to: pod('monitoring'),
      port: 9090,
    }));
    const internet = existing(INTERNET).map((ns): Flow => ({ from: pod(ns), to: PUBLIC, port: 443 }));
    expect(allowed([...scrapes, ...nodes, ...readers, ...internet])).toEqual([]);
    const closed = existing(['argo-workflows', 'cnpg-system', 'ingress', 'node-exporter']).map((ns): Flow => ({
      from: pod(ns),
      to: PUBLIC,
      port: 443,
    }));
    expect(refused(closed)).toEqual([]);
  });

  it('keep namespaces apart unless one serves the other', () => {
    expect(
      refused([
        { from: pod('velero'), to: pod('argocd'), port: 8080 },
        { from: pod('argocd'), to: pod('monitoring'), port: 9090 },
        { from: pod('opencost'), to: pod('cert-manager'), port: 10250 },
      ]),
    ).toEqual([]);
  });

  it('let the apps be reached by their users and database operator, Field-TM reach ODK Central, and nothing else in', () => {
    const apiUsers = existing(['field-tm', 'odk-central']).flatMap((ns): Flow[] => [
      { from: pod(ns), to: ip(a.clusterIp), port: 443 },
      { from: pod('cnpg-system'), to: pod(ns), port: 8000 },
      { from: pod('ingress'), to: pod(ns), port: 8000 },
    ]);
    expect(apiUsers.length).toBeGreaterThan(0);
    expect(allowed([...apiUsers, { from: pod('field-tm'), to: pod('odk-central'), port: 8383 }])).toEqual([]);
    expect(
      refused([
        { from: pod('keda'), to: pod('odk-central'), port: 8383 },
        { from: pod('odk-central'), to: pod('field-tm'), port: 8000 },
        { from: pod('field-tm'), to: pod('argocd'), port: 8080 },
        { from: VISITOR, to: pod('field-tm'), port: 8000 },
      ]),
    ).toEqual([]);
  });

  it("let apps reach the cluster's own public hosts through Traefik's pods, only on its entrypoints", () => {
    const hairpin = existing(['drone-tm', 'odk-central', 'field-tm']).flatMap((ns): Flow[] => [
      { from: pod(ns), to: pod('ingress'), port: 8443 },
      { from: pod(ns), to: pod('ingress'), port: 8000 },
    ]);
    expect(hairpin.length).toBeGreaterThan(0);
    expect(allowed(hairpin)).toEqual([]);
    expect(refused([{ from: pod('drone-tm'), to: pod('ingress'), port: 9100 }])).toEqual([]);
  });

  it("let DroneTM and ScaleODM reach each other and KEDA read DroneTM's queue, and no other namespace in", () => {
    expect(
      allowed([
        { from: pod('drone-tm'), to: pod('scaleodm'), port: 31100 },
        { from: pod('scaleodm'), to: pod('drone-tm'), port: 8000 },
        { from: pod('keda'), to: pod('drone-tm'), port: 6379 },
      ]),
    ).toEqual([]);
    expect(
      refused([
        { from: pod('field-tm'), to: pod('scaleodm'), port: 31100 },
        { from: VISITOR, to: pod('scaleodm'), port: 31100 },
        { from: pod('keda'), to: pod('field-tm'), port: 8000 },
      ]),
    ).toEqual([]);
  });
});
