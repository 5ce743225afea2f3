import type { ClusterDescription } from '../../lib/contracts/cluster';
import type { StackDocument } from '../../lib/policies/types';
import type { SynthesizedVariant } from './synth';

/** A `helm_release` of a synthesized stack, with its values parsed. */
export interface SynthesizedRelease {
  readonly address: string;
  readonly name: string;
  readonly chart: string;
  readonly repository?: string;
  readonly version: string;
  readonly namespace: string;
  /** The merged values document (the project passes exactly one). */
  readonly values: Record<string, unknown>;
  /** Names of `set_sensitive` entries (their values are Terraform references). */
  readonly sensitiveNames: readonly string[];
  /** True for the project's own charts (a stack asset path): the objects chart or one of `charts/`. */
  readonly local: boolean;
  /** `argocd` for a chart an Argo CD Application installs; its address is the objects release's. @default helm */
  readonly deliveredBy?: 'helm' | 'argocd';
}

interface ApplicationObject {
  readonly kind: string;
  readonly apiVersion: string;
  readonly metadata: { readonly name: string; readonly annotations?: Record<string, string> };
  readonly spec: {
    readonly source: {
      readonly repoURL: string;
      readonly helm?: { readonly releaseName?: string; readonly valuesObject?: Record<string, unknown> };
    };
    readonly destination: { readonly namespace: string };
  };
}

/** The charts Argo CD Applications of an objects release install, as releases (chart named by annotation). */
function applicationsOf(release: SynthesizedRelease): SynthesizedRelease[] {
  const objects = (release.values.objects as ApplicationObject[] | undefined) ?? [];
  return objects
    .filter((o) => o.kind === 'Application' && o.apiVersion.startsWith('argoproj.io/'))
    .map((app) => ({
      address: release.address,
      name: app.spec.source.helm?.releaseName ?? app.metadata.name,
      chart: app.metadata.annotations?.['hotosm.org/chart'] ?? app.metadata.name,
      repository: app.spec.source.repoURL,
      version: app.metadata.annotations?.['hotosm.org/chart-version'] ?? '',
      namespace: app.spec.destination.namespace,
      values: app.spec.source.helm?.valuesObject ?? {},
      sensitiveNames: [],
      local: false,
      deliveredBy: 'argocd' as const,
    }));
}

type Block = Record<string, unknown>;

/** A release of the objects chart (`assets/objects-chart/...`), not of an app chart of the project's. */
export function isObjectsRelease(release: SynthesizedRelease): boolean {
  return release.local && release.chart.startsWith('assets/objects-chart/');
}

/** Every `helm_release` of the stack, and every chart an Argo CD Application it delivers installs. */
export function releasesOf(document: StackDocument): SynthesizedRelease[] {
  const releases = helmReleasesOf(document);
  return [...releases, ...releases.filter(isObjectsRelease).flatMap(applicationsOf)];
}

function helmReleasesOf(document: StackDocument): SynthesizedRelease[] {
  return Object.entries(document.resource?.helm_release ?? {}).map(([name, config]) => {
    const values = (config.values as string[] | undefined) ?? [];
    return {
      address: `helm_release.${name}`,
      name: String(config.name),
      chart: String(config.chart),
      repository: config.repository as string | undefined,
      version: String(config.version),
      namespace: String(config.namespace),
      values: values.length > 0 ? (JSON.parse(values[0]) as Record<string, unknown>) : {},
      sensitiveNames: ((config.set_sensitive as Block[] | undefined) ?? []).map((s) => String(s.name)),
      local: String(config.chart).startsWith('assets/'),
    };
  });
}

/** Every resource address of the document, with its config. */
export function resourceBlocks(document: StackDocument): Map<string, Block> {
  const blocks = new Map<string, Block>();
  for (const [type, named] of Object.entries(document.resource ?? {})) {
    for (const [name, config] of Object.entries(named)) blocks.set(`${type}.${name}`, config);
  }
  return blocks;
}

/** The resources an address waits for, directly or through others (`depends_on` only). */
export function ancestorsOf(document: StackDocument): (address: string) => ReadonlySet<string> {
  const blocks = resourceBlocks(document);
  const memo = new Map<string, Set<string>>();
  const visit = (address: string): Set<string> => {
    const known = memo.get(address);
    if (known) return known;
    const result = new Set<string>();
    memo.set(address, result);
    for (const dependency of (blocks.get(address)?.depends_on as string[] | undefined) ?? []) {
      result.add(dependency);
      for (const transitive of visit(dependency)) result.add(transitive);
    }
    return result;
  };
  return visit;
}

/** The namespaces the stack creates: name -> resource address. */
export function namespacesOf(document: StackDocument): Map<string, string> {
  const namespaces = new Map<string, string>();
  for (const type of ['kubernetes_namespace_v1', 'kubernetes_namespace']) {
    for (const [name, config] of Object.entries(document.resource?.[type] ?? {})) {
      const metadata = ((config.metadata as Block[] | Block | undefined) ?? {}) as Block;
      namespaces.set(String((Array.isArray(metadata) ? metadata[0] : metadata).name), `${type}.${name}`);
    }
  }
  return namespaces;
}

/** Pod Security level a namespace of the stack enforces (`restricted` for namespaces it does not create). */
export function enforcedLevel(document: StackDocument, namespace: string): string | undefined {
  for (const type of ['kubernetes_namespace_v1', 'kubernetes_namespace']) {
    for (const config of Object.values(document.resource?.[type] ?? {})) {
      const metadata = (config.metadata ?? {}) as Block;
      if (metadata.name === namespace) {
        return ((metadata.labels ?? {}) as Record<string, string>)['pod-security.kubernetes.io/enforce'];
      }
    }
  }
  return undefined;
}

/**
 * The longest chain of releases that must install one after another (each waits for the one before), and
 * its length.
 */
export function longestReleaseChain(document: StackDocument): string[] {
  const blocks = resourceBlocks(document);
  const memo = new Map<string, string[]>();
  const chain = (address: string): string[] => {
    const known = memo.get(address);
    if (known) return known;
    memo.set(address, []);
    let best: string[] = [];
    for (const dependency of (blocks.get(address)?.depends_on as string[] | undefined) ?? []) {
      const candidate = chain(dependency);
      if (candidate.length > best.length) best = candidate;
    }
    const result = address.startsWith('helm_release.') ? [...best, address] : best;
    memo.set(address, result);
    return result;
  };
  let longest: string[] = [];
  for (const address of blocks.keys()) {
    const candidate = chain(address);
    if (candidate.length > longest.length) longest = candidate;
  }
  return longest;
}

/** One third-party chart release of an apps stack, as the chart tests iterate them: `[label, release, stack, cluster]`. */
export type ChartReleaseCase = [string, SynthesizedRelease, StackDocument, ClusterDescription];

/** Every third-party chart release of every apps stack of every variant, labelled `<env>-apps (<variant>) <release>`. */
export function chartReleaseCases(variants: readonly SynthesizedVariant[]): ChartReleaseCase[] {
  return variants.flatMap(({ variant, environments, documents, stacks }) =>
    environments.flatMap((env) =>
      releasesOf(documents[`${env.name}-apps`])
        .filter((release) => !release.local)
        .map((release): ChartReleaseCase => [
          `${env.name}-apps (${variant}) ${release.name}`,
          release,
          documents[`${env.name}-apps`],
          stacks[env.name].cluster.description,
        ]),
    ),
  );
}

/**
 * The default requests a namespace's LimitRange gives containers that set none (the tenant namespaces'), or
 * undefined where no LimitRange of the stack applies.
 */
export function limitRangeDefaultsOf(
  document: StackDocument,
  namespace: string,
): { cpu: string; memory: string } | undefined {
  for (const config of Object.values(document.resource?.kubernetes_limit_range_v1 ?? {})) {
    const metadata = ((config.metadata as Block[] | Block | undefined) ?? {}) as Block;
    if ((Array.isArray(metadata) ? metadata[0] : metadata).namespace !== namespace) continue;
    const spec = ((config.spec as Block[] | Block | undefined) ?? {}) as Block;
    const limits = ((Array.isArray(spec) ? spec[0] : spec).limit ?? []) as Block[];
    const container = limits.find((l) => l.type === 'Container');
    const request = (container?.default_request ?? container?.defaultRequest) as Record<string, string> | undefined;
    if (request?.cpu && request.memory) return { cpu: request.cpu, memory: request.memory };
  }
  return undefined;
}
