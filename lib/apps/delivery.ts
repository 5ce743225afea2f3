import { Release } from '@cdktf/provider-helm/lib/release';
import * as path from 'path';
import { AssetType, type ITerraformDependable, TerraformAsset, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { HotError } from '../core/errors';
import { RELEASE_DEFAULTS, checkChartVersion, checkReleaseName } from '../core/helm';
import { type KubernetesObject, ObjectsRelease } from '../core/objects-release';
import type { SensitiveValue } from '../addons/helm-addon';

/** Where Argo CD runs and keeps its Applications and AppProjects. */
export const ARGOCD_NAMESPACE = 'argocd';
/** The in-cluster API server, as Argo CD names the cluster it runs in. */
const IN_CLUSTER = 'https://kubernetes.default.svc';
/** Annotations naming the chart an Application installs (a Git source names only a path). */
export const CHART_ANNOTATION = 'hotosm.org/chart';
export const CHART_VERSION_ANNOTATION = 'hotosm.org/chart-version';

export type DeliveryMode = 'helm' | 'argocd';

/** A chart from a Helm repository or OCI registry, at an exact version. */
export interface RegistryChart {
  readonly kind: 'registry';
  /** `https://` Helm repository or `oci://` registry prefix without the chart name. */
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}

/** A chart that is only in Git, at a pinned commit; only Argo CD installs it. */
export interface GitChart {
  readonly kind: 'git';
  /** `https://` clone URL. */
  readonly repository: string;
  readonly path: string;
  /** The full 40-character commit. */
  readonly commit: string;
  /** The chart's name and version at that commit (Chart.yaml), for inventories and docs. */
  readonly chart: string;
  readonly version: string;
}

/** A chart of this project (`charts/<chart>`), shipped with the stack as an asset; only Helm installs it. */
export interface ProjectChart {
  readonly kind: 'project';
  readonly chart: string;
  /** Its Chart.yaml version. */
  readonly version: string;
}

export type ChartSource = RegistryChart | GitChart | ProjectChart;

/** Where the project's own charts live. */
export const PROJECT_CHARTS_DIR = path.join(__dirname, '..', '..', 'charts');

const COMMIT = /^[0-9a-f]{40}$/;

/** Checks a source once, where the app declares it. */
export function checkChartSource(source: ChartSource, setting: string): void {
  checkChartVersion(source.version, setting);
  if (source.kind === 'project') return;
  const scheme = source.kind === 'git' ? /^https:\/\// : /^(https|oci):\/\//;
  if (!scheme.test(source.repository)) {
    throw new HotError({
      setting: `${setting}.repository`,
      value: source.repository,
      fix:
        source.kind === 'git'
          ? 'must be an https:// Git URL'
          : 'must be an https:// Helm repository or an oci:// registry',
    });
  }
  if (source.kind === 'git' && !COMMIT.test(source.commit)) {
    throw new HotError({
      setting: `${setting}.commit`,
      value: source.commit,
      fix: 'must be a full 40-character commit; a branch or tag can move under the deployment',
    });
  }
}

export interface DeliveryProps {
  readonly releaseName: string;
  readonly namespace: string;
  readonly source: ChartSource;
  readonly mode: DeliveryMode;
  /** The merged values: identical in both modes. */
  readonly values: Record<string, unknown>;
  /** Values set with `set_sensitive` (Helm delivery only: an Application has no hidden values). @default [] */
  readonly sensitiveValues?: readonly SensitiveValue[];
  readonly dependsOn: ITerraformDependable[];
}

/**
 * Installs a chart the way the environment delivers apps: a Terraform `helm_release`, or an Argo CD
 * `Application` (with an `AppProject` that confines it to its namespace) carrying the same chart, version and
 * values, which Argo CD syncs and shows. Returns what dependants wait for.
 */
export function deliverChart(scope: Construct, props: DeliveryProps): ITerraformDependable {
  checkReleaseName(props.releaseName, `app ${props.releaseName}`);
  const { source } = props;
  const sensitive = props.sensitiveValues ?? [];
  if (props.mode === 'helm') {
    if (source.kind === 'git') {
      throw new HotError({
        setting: `app ${props.releaseName}.delivery`,
        value: 'helm',
        fix: 'its chart is only in Git; deliver it with Argo CD',
      });
    }
    return new Release(scope, 'release', {
      ...RELEASE_DEFAULTS,
      name: props.releaseName,
      // A project chart travels with the stack as an asset; a registry chart is fetched by name.
      ...(source.kind === 'project'
        ? { chart: projectChartAsset(scope, source.chart).path }
        : { chart: source.chart, repository: source.repository }),
      version: source.version,
      namespace: props.namespace,
      values: [JSON.stringify(props.values)],
      setSensitive: sensitive.length > 0 ? sensitive.map((v) => ({ ...v })) : undefined,
      dependsOn: props.dependsOn,
    });
  }
  if (source.kind === 'project') {
    throw new HotError({
      setting: `app ${props.releaseName}.delivery`,
      value: props.mode,
      fix: "its chart is this project's own (charts/), which Argo CD cannot fetch; deliver it with Helm",
    });
  }
  if (sensitive.length > 0) {
    throw new HotError({
      setting: `app ${props.releaseName}.delivery`,
      value: 'argocd',
      fix: 'the chart takes secrets only as values, which an Application would show; deliver it with Helm',
    });
  }
  return new ObjectsRelease(scope, 'application', {
    releaseName: `${props.releaseName}-application`,
    namespace: ARGOCD_NAMESPACE,
    objects: [appProject(props, source), application(props, source)],
    dependsOn: props.dependsOn,
  }).release;
}

/** One copy of a project chart per stack (`chart-<name>` among the stack's assets). */
function projectChartAsset(scope: Construct, chart: string): TerraformAsset {
  const stack = TerraformStack.of(scope);
  const id = `chart-${chart}`;
  const existing = stack.node.tryFindChild(id);
  if (existing instanceof TerraformAsset) return existing;
  return new TerraformAsset(stack, id, { path: path.join(PROJECT_CHARTS_DIR, chart), type: AssetType.DIRECTORY });
}

/** The Argo CD project of one app: its source repository, its namespace, no cluster-scoped objects. */
function appProject(props: DeliveryProps, source: RegistryChart | GitChart): KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: props.releaseName, namespace: ARGOCD_NAMESPACE },
    spec: {
      description: `HOT app ${props.releaseName}: namespace ${props.namespace} only`,
      sourceRepos: [repoUrlOf(source)],
      destinations: [{ server: IN_CLUSTER, namespace: props.namespace }],
      clusterResourceWhitelist: [],
      // The namespace's guards are the platform's: an app cannot lift its quota, limits or network isolation.
      namespaceResourceBlacklist: [
        { group: '', kind: 'ResourceQuota' },
        { group: '', kind: 'LimitRange' },
        { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
      ],
    },
  } as KubernetesObject;
}

/** Argo CD's own form of a source: OCI charts by their full reference, Helm repositories and Git by URL. */
function repoUrlOf(source: RegistryChart | GitChart): string {
  if (source.kind === 'registry' && source.repository.startsWith('oci://')) {
    return `${source.repository.replace(/\/$/, '')}/${source.chart}`;
  }
  return source.repository;
}

function sourceOf(props: DeliveryProps, source: RegistryChart | GitChart): Record<string, unknown> {
  const helm = { releaseName: props.releaseName, valuesObject: props.values };
  if (source.kind === 'git') {
    return { repoURL: source.repository, path: source.path, targetRevision: source.commit, helm };
  }
  if (source.repository.startsWith('oci://')) {
    // An OCI Helm chart is an OCI source whose root is the chart (Argo CD 3.1+).
    return { repoURL: repoUrlOf(source), path: '.', targetRevision: source.version, helm };
  }
  return { repoURL: source.repository, chart: source.chart, targetRevision: source.version, helm };
}

function application(props: DeliveryProps, source: RegistryChart | GitChart): KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: props.releaseName,
      namespace: ARGOCD_NAMESPACE,
      annotations: { [CHART_ANNOTATION]: props.source.chart, [CHART_VERSION_ANNOTATION]: props.source.version },
      // Deleting the Application (terraform destroy) deletes what it installed, as uninstalling a release does.
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: props.releaseName,
      source: sourceOf(props, source),
      destination: { server: IN_CLUSTER, namespace: props.namespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        retry: { limit: 5, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } },
      },
    },
  } as KubernetesObject;
}
