import { tolerationsFor } from '../../lib/addons/common';
import { CAPABILITY_ADDONS } from '../../lib/addons/platform';
import { loadEnvironments } from '../../lib/config/load';
import type { ClusterDescription } from '../../lib/contracts/cluster';
import { PUBLISHED_HOSTS_OUTPUT } from '../../lib/core/published-hosts';
import type { StackDocument } from '../../lib/policies/types';
import { HETZNER_DR_ALONE, synthEnvironments } from '../support/synth';
import { DATABASE_NAMESPACES } from '../../lib/contracts/workloads';
import { DEFAULT_ENVIRONMENTS } from '../../lib/config/environments';

/**
 * The proof that the apps stack does not care which cloud it runs on: synthesize `<env>-apps` for every
 * default environment, replace every value that comes from the cluster contract with `<contract>`, drop what
 * the contract itself contributes (providers and data sources, its platform add-ons and the hosts they publish,
 * the add-ons it decides by capability), and the documents must be identical.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const PLACEHOLDER = '<contract>';

/**
 * Keys under which the platform add-ons put a value built only from the contract (scheduling from the node
 * pools, identity annotations and labels, DNS arguments, the backup location and its credentials mode).
 */
const CONTRACT_FED_KEYS = new Set([
  'tolerations',
  'nodeSelector',
  'annotations',
  'podLabels',
  'extraArgs',
  'env',
  'provider',
  'initContainers',
  'backupStorageLocation',
  'credentials',
  // Whether kube-proxy runs to be scraped (a CNI may replace it).
  'kubeProxy',
  // The load balancer ranges whose PROXY protocol header Traefik trusts (none where the LB sends none).
  'trustedIPs',
  // Velero's SSE-C key file, where the store wants one (objectStorage.customerKeyEncryption).
  'extraVolumes',
  'extraVolumeMounts',
  // A database's identity labels (CloudNativePG puts them on its pods) beside its cost labels, which the
  // Cluster's own metadata carries too.
  'inheritedMetadata',
  // A database's backup destination, the contract's `databaseBackupLocation`, whole.
  'destinationPath',
  // The ingress Service's traffic policy (ingress.clientAddress), `Cluster` or `Local`.
  'externalTrafficPolicy',
  // A Job's tolerations (the kubernetes provider's singular block name).
  'toleration',
  // ScaleODM's workflow placement: through Karpenter's capacity type where capabilities.karpenter.
  'schedulingMode',
  // A ClusterIssuer's DNS-01 solver, the contract's dns.dns01Solver whole (Route 53, Azure DNS or a webhook).
  'dns01',
]);

/**
 * Keys whose name the contract decides: a Barman Cloud ObjectStore's credentials are `s3Credentials` or
 * `azureCredentials` by the store's kind, and only a store other than AWS's names an `endpointURL`.
 */
const CONTRACT_NAMED_KEYS: Readonly<Record<string, string | null>> = {
  s3Credentials: 'credentials',
  azureCredentials: 'credentials',
  endpointURL: null,
};

/**
 * Resources that exist only where the contract says so: Velero's S3 keys where the cloud has no identity, and
 * the apps that cannot run where the worker pool is tainted (the OSM sandbox dashboard has no tolerations).
 */
const CONTRACT_CONDITIONAL_RESOURCES = ['velero/cloud-credentials/', 'velero/customer-key', 'osm-sandbox-dashboard/'];
/** Outputs of those resources. */
const CONTRACT_CONDITIONAL_OUTPUTS = ['velero-customer-key'];
/** Resources of any add-on that exist only where the contract has what they name (an identity endpoint). */
const CONTRACT_CONDITIONAL_SUFFIXES = [
  '/network/allow-cloud-identity/',
  '/database/backup-keys/',
  // Egress to the store's S3 port, where the contract's store runs in the cluster.
  '/network/allow-object-store/',
  // The DNS API token's Secret, where the contract's DNS takes a token (dns.apiToken) instead of an identity.
  '/dns-api-token/',
];
/** Resources whose whole spec is a list the contract gives: one egress rule per API server address. */
const CONTRACT_SPEC_SUFFIXES = ['/network/allow-api-server'];

/** Add-ons that only render contract data (the StorageClasses are the contract's `storage.classes`). */
const CONTRACT_RENDERED_ADDONS = ['storage-classes'];

/** A value the apps stack reads from the cluster stack: by definition a contract value. */
const CROSS_STACK_REFERENCE = /\$\{[^{}]*data\.terraform_remote_state\.[^{}]*\}/g;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Names every cluster has, so they say nothing about the contract even where it mentions them. */
// `Cluster` is a Kubernetes word too (a CloudNativePG kind), not only a traffic policy.
const COMMON_NAMES = new Set(['kube-system', 'Cluster']);

function isDistinctive(value: string): boolean {
  return value.length >= 3 && !/^(true|false|\d+)$/.test(value) && !COMMON_NAMES.has(value);
}

interface Contract {
  /** canonical JSON of every structure and distinctive string of the description, with its path */
  readonly values: Map<string, string>;
  /** map keys (labels, annotations, parameters) that come from the contract */
  readonly keys: Map<string, string>;
  /** strings that also occur inside longer strings: domains and Terraform references */
  readonly fragments: Map<string, string>;
}

function contractOf(description: ClusterDescription): Contract {
  const contract: Contract = { values: new Map(), keys: new Map(), fragments: new Map() };
  const add = (map: Map<string, string>, key: string, path: string) => {
    const known = map.get(key);
    if (known === undefined || path < known) map.set(key, path);
  };
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (!isDistinctive(value)) return;
      add(contract.values, canonical(value), path);
      if (value.includes('${') || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(value)) add(contract.fragments, value, path);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    add(contract.values, canonical(value), path);
    for (const [key, item] of Object.entries(value)) {
      // StorageClass parameters are rendered only by contract-rendered add-ons (dropped below); their keys
      // ("type", ...) are ordinary words elsewhere.
      if (!Array.isArray(value) && /labels|annotations/i.test(path) && isDistinctive(key))
        add(contract.keys, key, path);
      walk(item, `${path}.${key}`);
    }
  };
  const {
    platformAddOns: _addOns,
    kubernetesProviders: _providers,
    databaseBackupLocation: locationOf,
    ...data
  } = description;
  // external-dns's webhook sidecar reaches the values whole, under `provider` (a contract-fed key); walked, its
  // restricted security context and resources would match every chart's.
  const { webhook: _webhook, ...externalDns } = data.dns.externalDns ?? { extraArgs: [], env: [] };
  walk({ ...data, dns: { ...data.dns, externalDns } }, 'cluster');
  // The contract's backup location of each app database, as the apps stack asks for it.
  for (const namespace of DATABASE_NAMESPACES)
    walk(locationOf(namespace), `cluster.databaseBackupLocation(${namespace})`);
  for (const [pool, selector] of Object.entries(description.nodePools)) {
    if (selector) add(contract.values, canonical(tolerationsFor(selector)), `cluster.nodePools.${pool}.taints`);
  }
  return contract;
}

/** Replaces contract values, recursing into the JSON that helm_release values hold as strings. */
function scrub(value: Json, contract: Contract, used: Set<string>, key = ''): Json {
  if (CONTRACT_FED_KEYS.has(key)) {
    used.add(`<${key}>`);
    return PLACEHOLDER;
  }
  const isEmpty = (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);
  const hit = isEmpty ? undefined : contract.values.get(canonical(value));
  if (hit) {
    used.add(hit);
    return PLACEHOLDER;
  }
  if (typeof value === 'string') {
    if (value.startsWith('{') && key === 'values')
      return JSON.stringify(scrub(JSON.parse(value) as Json, contract, used));
    let text = value.replace(CROSS_STACK_REFERENCE, () => {
      used.add('<cross-stack reference>');
      return PLACEHOLDER;
    });
    for (const [fragment, path] of contract.fragments) {
      // `hotosm.org/...` is the project's own label and annotation prefix, not aws-prod's domain.
      const asValue = new RegExp(`${fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!/)`, 'g');
      if (asValue.test(text)) {
        text = text.replace(asValue, PLACEHOLDER);
        used.add(path);
      }
    }
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, contract, used, key === 'values' ? 'values' : ''));
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).flatMap(([k, item]): [string, Json][] => {
        if (k in CONTRACT_NAMED_KEYS) {
          const named = CONTRACT_NAMED_KEYS[k];
          return named === null ? [] : [[`${PLACEHOLDER}:${named}`, PLACEHOLDER]];
        }
        const path = contract.keys.get(k);
        if (path) used.add(path);
        return [[path ? `${PLACEHOLDER}:key` : k, scrub(item, contract, used, k)]];
      }),
    );
  }
  return value;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The namespaces the dropped resources create: those of the contract's platform add-ons. */
function contributedNamespaces(document: StackDocument, dropped: ReadonlySet<string>): Set<string> {
  return new Set(
    Object.entries(document.resource?.kubernetes_namespace_v1 ?? {})
      .filter(([name]) => dropped.has(`kubernetes_namespace_v1.${name}`))
      .map(([, config]) => String((config.metadata as { name: string }).name)),
  );
}

/** Hosts a platform add-on publishes (Azure's S3 gateway) are the contract's contribution, like its resources. */
function withoutContributedHosts(name: string, output: unknown, namespaces: ReadonlySet<string>): unknown {
  const value = (output as { value?: unknown }).value;
  if (name !== PUBLISHED_HOSTS_OUTPUT || !Array.isArray(value)) return output;
  const hosts = (value as { service: string }[]).filter((h) => !namespaces.has(h.service.split('/')[0]));
  return { ...(output as object), value: hosts };
}

function normalize(document: StackDocument, description: ClusterDescription, stackId: string) {
  const contributed = [
    ...description.platformAddOns.map((a) => a.id),
    ...CAPABILITY_ADDONS,
    ...CONTRACT_RENDERED_ADDONS,
  ];
  const dropped = new Set<string>();
  const kept: Record<string, Record<string, Json>> = {};
  for (const [type, blocks] of Object.entries(document.resource ?? {})) {
    for (const [name, config] of Object.entries(blocks)) {
      // set_sensitive holds generated passwords (the same everywhere) or the contract's static keys.
      const {
        '//': meta,
        set_sensitive: _sensitive,
        ...rest
      } = config as {
        '//': { metadata: { path: string } };
      } & Record<string, Json>;
      if (
        contributed.some((id) => meta.metadata.path.startsWith(`${stackId}/${id}/`)) ||
        CONTRACT_CONDITIONAL_RESOURCES.some((path) => `${meta.metadata.path}/`.startsWith(`${stackId}/${path}`)) ||
        CONTRACT_CONDITIONAL_SUFFIXES.some((suffix) => `${meta.metadata.path}/`.endsWith(suffix))
      ) {
        dropped.add(`${type}.${name}`);
        continue;
      }
      (kept[type] ??= {})[name] = CONTRACT_SPEC_SUFFIXES.some((suffix) => meta.metadata.path.endsWith(suffix))
        ? { ...rest, spec: '<network.apiServer>' }
        : rest;
    }
  }
  for (const blocks of Object.values(kept)) {
    for (const config of Object.values(blocks) as { [key: string]: Json }[]) {
      // Which platform add-ons an add-on waits for is the contract's to say (what each provides).
      if (Array.isArray(config.depends_on)) {
        const kept = (config.depends_on as string[]).filter((d) => !dropped.has(d));
        if (kept.length > 0) config.depends_on = kept;
        else delete config.depends_on;
      }
    }
  }
  const used = new Set<string>();
  const contract = contractOf(description);
  const outputs = Object.fromEntries(
    Object.entries(document.output ?? {})
      .filter(([name]) => !CONTRACT_CONDITIONAL_OUTPUTS.includes(name))
      .map(([name, output]) => [name, withoutContributedHosts(name, output, contributedNamespaces(document, dropped))]),
  );
  const scrubbed = scrub({ resource: kept, output: outputs as Json } as Json, contract, used);
  const text = JSON.stringify(scrubbed, null, 1).split(description.environment).join(PLACEHOLDER);
  return { text, used };
}

describe('portability of the apps stack', () => {
  // The same app settings everywhere (azure-staging runs one of each): settings are not the contract.
  const sameApps = { highAvailability: true };
  // Nor is a restore source: hetzner-dr compares as a fresh environment (test/unit/restore.test.ts covers restores).
  const environments = loadEnvironments({
    env: {},
    defaults: DEFAULT_ENVIRONMENTS.map((e) => (e.name === HETZNER_DR_ALONE.name ? HETZNER_DR_ALONE : e)),
    context: { environments: Object.fromEntries(DEFAULT_ENVIRONMENTS.map((e) => [e.name, { apps: sameApps }])) },
  });
  const { documents, stacks } = synthEnvironments(environments);
  const normalized = environments.map((env) => {
    const id = `${env.name}-apps`;
    return { env: env.name, ...normalize(documents[id], stacks[env.name].cluster.description, id) };
  });

  it('covers every default environment, on more than one cloud', () => {
    expect(normalized.map((n) => n.env)).toEqual(environments.map((e) => e.name));
    expect(new Set(environments.map((e) => e.cloud)).size).toBeGreaterThan(1);
  });

  it.each(normalized.slice(1).map((n) => [n.env, n] as const))(
    '%s-apps equals the first apps stack but for contract values',
    (_env, other) => {
      expect(other.text).toEqual(normalized[0].text);
    },
  );

  it('prints the contract values each apps stack used', () => {
    for (const n of normalized) {
      console.log(`${n.env}-apps uses contract values: ${[...n.used].sort().join(', ')}`);
      expect(n.used.size).toBeGreaterThan(5);
    }
  });
});
