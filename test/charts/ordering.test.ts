import type { StackDocument } from '../../lib/policies/types';
import { effectiveValues, loadInventories, valueAt } from '../support/inventory';
import { ancestorsOf, longestReleaseChain, namespacesOf, releasesOf, resourceBlocks } from '../support/releases';
import { synthVariants } from '../support/synth';

/**
 * What must exist before a release installs: the namespaces it and its objects write into, created by the
 * stack and waited for (`depends_on`), or namespaces every cluster has. And apply is not serialized more than
 * that needs: the longest chain of releases that wait for each other stays short.
 */
const inventories = loadInventories();
const documents: Record<string, StackDocument> = Object.fromEntries(
  synthVariants().flatMap(({ variant, environments, documents: synthesized }) =>
    environments.map((env) => [`${env.name}-apps (${variant})`, synthesized[`${env.name}-apps`]]),
  ),
);
const appsStacks = Object.keys(documents);

/** Namespaces that exist on every cluster before Terraform runs. */
const PRE_EXISTING = new Set(['kube-system', 'default']);

/** Most releases one after another, counting the flavour's own platform add-ons. */
const MAX_RELEASE_CHAIN = 5;

type Block = Record<string, unknown>;

/** Namespace, as written in a kubernetes_* resource's metadata (list or object form). */
function metadataNamespace(config: Block): string | undefined {
  const metadata = config.metadata as Block | Block[] | undefined;
  const first = Array.isArray(metadata) ? metadata[0] : metadata;
  return first?.namespace as string | undefined;
}

function namespaceProblems(document: StackDocument): string[] {
  const created = namespacesOf(document);
  const ancestors = ancestorsOf(document);
  const problems: string[] = [];
  const need = (address: string, namespace: string, what: string) => {
    if (PRE_EXISTING.has(namespace)) return;
    const namespaceAddress = created.get(namespace);
    if (!namespaceAddress)
      problems.push(`${address} writes ${what} into namespace ${namespace}, which no stack creates`);
    else if (!ancestors(address).has(namespaceAddress)) {
      problems.push(`${address} writes ${what} into namespace ${namespace} without waiting for ${namespaceAddress}`);
    }
  };
  for (const release of releasesOf(document)) {
    need(release.address, release.namespace, 'its release');
    for (const object of (release.values.objects as
      { kind: string; metadata: { name: string; namespace?: string } }[] | undefined) ?? []) {
      if (object.metadata.namespace)
        need(release.address, object.metadata.namespace, `${object.kind}/${object.metadata.name}`);
    }
    const inventory = inventories.get(`${release.chart}@${release.version}`);
    if (inventory) {
      const values = effectiveValues(inventory, release.values);
      for (const path of inventory.namespacePaths ?? []) {
        const listed = valueAt(values, path);
        for (const namespace of Array.isArray(listed) ? listed : [])
          need(release.address, String(namespace), `objects (${path})`);
      }
    }
  }
  for (const [address, config] of resourceBlocks(document)) {
    if (!address.startsWith('kubernetes_') || address.startsWith('kubernetes_namespace')) continue;
    const namespace = metadataNamespace(config);
    if (namespace) need(address, namespace, 'itself');
  }
  return problems;
}

describe('every namespace exists before anything writes into it', () => {
  it.each(appsStacks)('%s', (stack) => {
    expect(namespaceProblems(documents[stack])).toEqual([]);
  });
});

describe('releases wait only for what they need', () => {
  it.each(appsStacks)(`%s: no chain of more than ${MAX_RELEASE_CHAIN} releases`, (stack) => {
    const chain = longestReleaseChain(documents[stack]).map((address) => address.replace(/^helm_release\./, ''));
    expect(chain.length <= MAX_RELEASE_CHAIN ? [] : chain).toEqual([]);
  });
});
