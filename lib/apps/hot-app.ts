import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import type { SensitiveValue } from '../addons/helm-addon';
import { Annotations, type ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { tolerationsFor, type Toleration } from '../addons/common';
import type { AppsConfig } from './config';
import type { AddOn } from '../contracts/addon';
import type { ClusterDescription } from '../contracts/cluster';
import { WORKLOADS, type WorkloadName, type WorkloadSpec } from '../contracts/workloads';
import { HotError } from '../core/errors';
import type { NetworkAllowances } from '../core/namespace-network';
import { type HostGuard, publishHost } from '../core/published-hosts';
import { TenantNamespace, type TenantQuota } from '../core/tenant-namespace';
import type { PodSecurityException } from '../core/namespace';
import { AppDatabase, type DatabaseSpec } from './database';
import { type ChartSource, checkChartSource, deliverChart, type DeliveryMode } from './delivery';

/** A hostname an app serves to the internet, under the environment's domain. */
export interface AppHost {
  /** The first label, e.g. `field` for `field.<baseDomain>`. */
  readonly name: string;
  /** The Service behind it, in the app's namespace. */
  readonly service: string;
  /** What stops an anonymous visitor (the rule HOT-ING-001 checks every published host has one). */
  readonly guards: readonly HostGuard[];
  /** Why a host with no guard is published (open data, a read-only API). @default undefined */
  readonly unauthenticatedReason?: string;
}

/** Everything an app is, as data; the shared constructs turn it into resources. */
export interface AppSpec {
  /** The release (and Argo CD Application) name; also the namespace unless `namespace` is set. */
  readonly id: string;
  /** @default the id */
  readonly namespace?: string;
  /** OpenCost groups costs by these two labels. */
  readonly project: string;
  readonly tool: string;
  readonly chart: ChartSource;
  /** The app's PostGIS database (CloudNativePG). @default undefined (none) */
  readonly database?: DatabaseSpec;
  /** The WORKLOADS entry whose cloud identity and bucket the app's ServiceAccount gets. @default undefined */
  readonly workload?: WorkloadName;
  /** @default [] */
  readonly hosts?: readonly AppHost[];
  /** Traffic beyond the tenant baseline (other apps, KEDA). @default {} */
  readonly network?: NetworkAllowances;
  /** @default the TenantNamespace default */
  readonly quota?: TenantQuota;
  /** Apps (ids) and platform add-ons this one needs installed first, beyond databases'. @default [] */
  readonly dependsOn?: readonly string[];
  /** `argocd` where the chart can only come from Git. @default the environment's `apps.delivery` */
  readonly delivery?: DeliveryMode;
  /** @default undefined (restricted) */
  readonly podSecurityException?: PodSecurityException;
  /**
   * PodDisruptionBudgets (at most one pod unavailable) for the chart's replicated parts, where the chart has
   * none of its own; created only where the environment is highly available. @default []
   */
  readonly disruptionBudgets?: readonly {
    readonly name: string;
    readonly matchLabels: Readonly<Record<string, string>>;
  }[];
}

/** What an app's values are computed from: the cluster, the settings and what the model made for it. */
export interface AppContext {
  readonly cluster: ClusterDescription;
  readonly settings: AppsConfig;
  readonly namespace: string;
  /** The namespace and its NetworkPolicies: what every object the app writes into it waits for. */
  readonly ready: ITerraformDependable[];
  /** Cost labels, for pods and objects. */
  readonly labels: Readonly<Record<string, string>>;
  readonly database?: AppDatabase;
  /** The `worker` pool's selector and tolerations, from the contract. */
  readonly placement: { readonly nodeSelector: Record<string, string>; readonly tolerations: Toleration[] };
  /** Replicas of each stateless part: two where the environment is highly available. */
  readonly replicas: number;
  /** The app's bucket and how it authenticates, when it has a workload. */
  readonly objectStorage?: AppObjectStorage;
  /** The fully qualified name of one of the app's hosts. */
  host(name: string): string;
}

export interface AppObjectStorage {
  readonly bucket: string;
  /** What the app's pods use. */
  readonly endpoint: string;
  /** What browsers and pods can both reach: presigned URLs are signed for it. */
  readonly publicEndpoint: string;
  readonly region: string;
  readonly forcePathStyle: boolean;
  /** The ServiceAccount the app's pods must run as, with the cloud identity's annotations. */
  readonly serviceAccount: { readonly name: string; readonly annotations: Record<string, string> };
  /** Labels the identity needs on the pods (Azure workload identity). */
  readonly podLabels: Record<string, string>;
  /**
   * S3 keys (Terraform references, sensitive) where the store or the app's software has no workload identity;
   * the app puts them into its own Secret under the names its chart reads. Undefined where the pod's identity
   * signs requests.
   */
  readonly staticKeys?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Where KEDA's operator runs: an app it scales admits it. */
export const KEDA_NAMESPACE = 'keda';

/** The platform add-ons every app with a database needs first: the operator with its backup plugin, the classes. */
const DATABASE_ADDONS = ['storage-classes', 'cloudnative-pg'];

/**
 * The base of every HOT app: a tenant namespace, its database, its bucket's credentials, its hosts and one
 * chart, delivered by Helm or Argo CD. Subclasses give the chart values (`values`) and, where an app truly
 * differs, resources before or after the chart.
 */
export abstract class HotApp implements AddOn {
  public readonly id: string;
  public readonly dependsOn: readonly string[];
  public readonly namespace: string;
  /** KEDA scales something of this app: its operator must reach the app's namespace. */
  public readonly scaledByKeda: boolean;
  protected readonly spec: AppSpec;
  protected readonly settings: AppsConfig;
  private readonly mode: DeliveryMode;

  constructor(spec: AppSpec, settings: AppsConfig) {
    checkChartSource(spec.chart, `app ${spec.id}.chart`);
    this.spec = spec;
    this.settings = settings;
    this.id = spec.id;
    this.namespace = spec.namespace ?? spec.id;
    this.mode = spec.delivery ?? settings.delivery;
    this.scaledByKeda = (spec.network?.fromNamespaces ?? []).includes(KEDA_NAMESPACE);
    this.dependsOn = [
      ...new Set([
        ...(spec.database ? DATABASE_ADDONS : []),
        ...(this.mode === 'argocd' ? ['argocd'] : []),
        ...(spec.dependsOn ?? []),
      ]),
    ];
  }

  public install(scope: Construct, cluster: ClusterDescription): readonly ITerraformDependable[] {
    const spec = this.spec;
    const unavailable = this.unavailableOn(cluster);
    if (unavailable) {
      Annotations.of(scope).addWarning(`${cluster.environment}: ${spec.id} is not installed: ${unavailable}`);
      return [];
    }
    const labels = { project: spec.project, tool: spec.tool };
    const access = spec.workload ? cluster.workloads[spec.workload] : undefined;
    const databaseIdentity = spec.database ? cluster.databaseBackupLocation(this.namespace) : undefined;
    // A pod signing with its cloud identity fetches credentials from the identity endpoint (EKS Pod Identity's).
    const usesCloudIdentity =
      (access !== undefined && access.staticKeys === undefined) ||
      databaseIdentity?.credentials.kind === 'aws-identity';
    const inClusterStore = cluster.objectStorage.inCluster;
    const tenant = new TenantNamespace(scope, 'namespace', {
      name: this.namespace,
      project: spec.project,
      tool: spec.tool,
      teamGroup: `hot:${this.namespace}`,
      quota: spec.quota,
      network: cluster.network,
      podSecurityException: spec.podSecurityException,
      allowances: {
        ...spec.network,
        cloudIdentity: usesCloudIdentity || spec.network?.cloudIdentity,
        objectStore: spec.workload ? inClusterStore : undefined,
      },
    });
    const ready = tenant.ready;
    const database = spec.database
      ? new AppDatabase(scope, 'database', {
          namespace: this.namespace,
          spec: spec.database,
          cluster,
          highAvailability: this.settings.highAvailability,
          labels,
          dependsOn: ready,
          restoreFrom: this.settings.restoreFrom,
        })
      : undefined;
    const objectStorage = this.objectStorageOf(cluster);
    const context: AppContext = {
      cluster,
      settings: this.settings,
      namespace: this.namespace,
      ready,
      labels,
      database,
      placement: {
        nodeSelector: { ...cluster.nodePools.worker.labels },
        tolerations: tolerationsFor(cluster.nodePools.worker),
      },
      replicas: this.settings.highAvailability ? 2 : 1,
      objectStorage,
      host: (name) => `${name}.${cluster.dns.baseDomain}`,
    };
    for (const host of spec.hosts ?? []) {
      publishHost(scope, {
        host: context.host(host.name),
        service: `${this.namespace}/${host.service}`,
        guards: host.guards,
        unauthenticatedReason: host.unauthenticatedReason,
      });
    }
    // The chart does not wait for its database's release: the two apply side by side, and the app's pods wait
    // for the database themselves (migrations poll its port; Kubernetes restarts the rest until it answers).
    const prerequisites = [...ready, ...this.beforeRelease(scope, context)];
    const delivered = deliverChart(scope, {
      releaseName: spec.id,
      namespace: this.namespace,
      source: spec.chart,
      mode: this.mode,
      values: this.values(context),
      sensitiveValues: this.sensitiveValues(scope),
      dependsOn: prerequisites,
    });
    if (this.settings.highAvailability) {
      for (const budget of spec.disruptionBudgets ?? []) {
        new PodDisruptionBudgetV1(scope, `pdb-${budget.name}`, {
          metadata: { name: budget.name, namespace: this.namespace, labels: { ...labels } },
          spec: { maxUnavailable: '1', selector: { matchLabels: { ...budget.matchLabels } } },
          dependsOn: [delivered],
        });
      }
    }
    this.afterRelease(scope, context);
    return [delivered];
  }

  /** Chart values only the chart can take, set with `set_sensitive` (Helm delivery only). @default [] */
  protected sensitiveValues(_scope: Construct): SensitiveValue[] {
    return [];
  }

  /** Why the app cannot run on this cluster at all (it is then left out, with a synth warning). @default undefined */
  protected unavailableOn(_cluster: ClusterDescription): string | undefined {
    return undefined;
  }

  /** The chart's values for this environment. */
  protected abstract values(context: AppContext): Record<string, unknown>;

  /** Resources the chart reads (Secrets, ConfigMaps), created after the namespace. @default [] */
  protected beforeRelease(_scope: Construct, _context: AppContext): ITerraformDependable[] {
    return [];
  }

  /** Resources beside the chart that only make sense with it (a ScaledObject for its Deployment, routes). */
  protected afterRelease(_scope: Construct, _context: AppContext): void {}

  private objectStorageOf(cluster: ClusterDescription): AppObjectStorage | undefined {
    const workload = this.spec.workload;
    if (!workload) return undefined;
    const spec: WorkloadSpec = WORKLOADS[workload];
    const bucket = spec.objects ? cluster.objectStorage.buckets[spec.objects.bucket] : undefined;
    const access = cluster.workloads[workload];
    if (!bucket || !access) return undefined;
    return {
      bucket: bucket.name,
      endpoint: cluster.objectStorage.endpoint,
      publicEndpoint: cluster.objectStorage.publicEndpoint,
      region: cluster.objectStorage.region,
      forcePathStyle: cluster.objectStorage.forcePathStyle,
      serviceAccount: { name: spec.serviceAccount, annotations: { ...access.serviceAccountAnnotations } },
      podLabels: { ...access.podLabels },
      staticKeys: access.staticKeys,
    };
  }
}

/**
 * The static S3 keys of an app whose software signs with nothing else, or the reason there are none: the
 * workload must be `staticKeysOnly` in WORKLOADS, so every flavour issues keys.
 */
export function requiredStaticKeys(
  context: AppContext,
  app: string,
  software: string,
): NonNullable<AppObjectStorage['staticKeys']> {
  const keys = context.objectStorage?.staticKeys;
  if (keys) return keys;
  throw new HotError({
    setting: `app ${app} on ${context.cluster.environment}`,
    fix: `the cluster gives the ${app} workload no static S3 keys, and ${software} signs requests with nothing else; mark it staticKeysOnly in WORKLOADS and let the flavour issue keys`,
  });
}
