import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';

/** A rendered Kubernetes object, as Helm prints it. */
export interface RenderedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

const ROOT = join(__dirname, '..', '..');

/** The Helm binary `npm test` fetched (scripts/get-helm.cjs), or HOT_HELM; undefined when neither exists. */
export function helmBinary(): string | undefined {
  const candidate = process.env.HOT_HELM ?? join(ROOT, '.tools', 'helm', 'helm');
  return existsSync(candidate) ? candidate : undefined;
}

export function requireHelm(): string {
  const helm = helmBinary();
  if (!helm) {
    throw new Error(
      'no helm binary: run `node scripts/get-helm.cjs` (npm test does) or set HOT_HELM to a helm 4.1 binary',
    );
  }
  return helm;
}

export function runHelm(args: readonly string[]): string {
  return execFileSync(requireHelm(), [...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      HELM_CACHE_HOME: join(tmpdir(), 'hot-helm-cache'),
      HELM_CONFIG_HOME: join(tmpdir(), 'hot-helm-config'),
    },
    maxBuffer: 256 * 1024 * 1024,
  });
}

export interface TemplateOptions {
  readonly release: string;
  readonly namespace: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** `--set` pairs, for set_sensitive values (rendered with placeholders). @default [] */
  readonly set?: readonly { readonly name: string; readonly value: string }[];
  /** API versions the cluster serves besides the built-in ones (CRDs installed earlier). @default [] */
  readonly apiVersions?: readonly string[];
  /** @default '1.35.0' */
  readonly kubeVersion?: string;
  /** Include the chart's crds/ folder. @default false */
  readonly includeCrds?: boolean;
}

/** `helm template` of a chart directory with the given values; every document of the output, parsed. */
export function helmTemplate(chartDir: string, options: TemplateOptions): RenderedObject[] {
  const work = mkdtempSync(join(tmpdir(), 'hot-render-'));
  try {
    const valuesFile = join(work, 'values.json');
    writeFileSync(valuesFile, JSON.stringify(options.values));
    const args = [
      'template',
      options.release,
      chartDir,
      '--namespace',
      options.namespace,
      '--values',
      valuesFile,
      '--kube-version',
      options.kubeVersion ?? '1.35.0',
      ...(options.includeCrds ? ['--include-crds'] : []),
      ...(options.apiVersions ?? []).flatMap((v) => ['--api-versions', v]),
      ...(options.set ?? []).flatMap((s) => ['--set', `${s.name}=${s.value}`]),
    ];
    return parseManifests(runHelm(args));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function parseManifests(text: string): RenderedObject[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as RenderedObject | null)
    .filter((object): object is RenderedObject => object !== null && typeof object === 'object' && 'kind' in object);
}
