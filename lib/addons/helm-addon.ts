import { Release } from '@cdktf/provider-helm/lib/release';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { deepMerge } from '../core/merge';
import type { AddOn, PlatformService } from '../contracts/addon';
import type { ClusterDescription } from '../contracts/cluster';
import { HotError } from '../core/errors';
import { RELEASE_DEFAULTS, checkChartVersion, checkReleaseName } from '../core/helm';
import { HotNamespace, type PodSecurityException } from '../core/namespace';
import type { NetworkAllowances } from '../core/namespace-network';

export interface HelmAddOnProps {
  readonly id: string;
  readonly chart: string;
  /** An `https://` Helm repository or an `oci://` registry prefix without the chart name. */
  readonly repository: string;
  /** Exact chart version, e.g. "1.21.1" (or "v1.21.1" where the chart is published so). */
  readonly version: string;
  readonly namespace: string;
  /** @default the add-on id */
  readonly releaseName?: string;
  /** Deep-merged over the add-on's defaults (objects merge, arrays replace). @default {} */
  readonly values?: Readonly<Record<string, unknown>>;
  /** @default [] */
  readonly dependsOn?: readonly string[];
  /** Run the namespace below Pod Security `restricted`, with a reason. @default undefined */
  readonly podSecurityException?: PodSecurityException;
  /**
   * The traffic the release's pods need beyond the baseline (DNS, their namespace, Prometheus scrapes, the API
   * server): the namespace denies everything else both ways. @default {}
   */
  readonly network?: NetworkAllowances;
  /** Create the namespace; false when another add-on (listed in `dependsOn`) owns it. @default true */
  readonly manageNamespace?: boolean;
  /** Platform add-ons: what they provide to every other add-on. @default [] */
  readonly provides?: readonly PlatformService[];
  /** Platform services the release uses beyond the ones every add-on waits for. @default [] */
  readonly needs?: readonly PlatformService[];
}

/** A chart value that must not appear in plans or synthesized JSON (`set_sensitive`). */
export interface SensitiveValue {
  /** Helm `--set` path; escape dots inside keys with `\\.`. */
  readonly name: string;
  /** A Terraform reference (generated value or sensitive variable), never a literal. */
  readonly value: string;
}

/**
 * The base of every Helm add-on: a namespace by the project's convention and one pinned, atomic release.
 * Subclasses supply `defaultValues` computed from the cluster description; callers may override values.
 */
export class HelmAddOn implements AddOn {
  public readonly id: string;
  public readonly dependsOn: readonly string[];
  public readonly provides: readonly PlatformService[];
  public readonly needs: readonly PlatformService[];
  protected readonly props: HelmAddOnProps;

  constructor(props: HelmAddOnProps) {
    checkReleaseName(props.releaseName ?? props.id, `add-on ${props.id}`);
    checkChartVersion(props.version, `add-on ${props.id}`);
    if (!/^(https|oci):\/\//.test(props.repository)) {
      throw new HotError({
        setting: `add-on ${props.id}.repository`,
        value: props.repository,
        fix: 'must be an https:// Helm repository or an oci:// registry',
      });
    }
    this.id = props.id;
    this.dependsOn = props.dependsOn ?? [];
    this.provides = props.provides ?? [];
    this.needs = props.needs ?? [];
    this.props = props;
  }

  /** Dependents wait for the release: its CRDs are installed and its pods (webhooks too) are ready. */
  public install(scope: Construct, cluster: ClusterDescription): readonly ITerraformDependable[] {
    const namespace =
      this.props.manageNamespace === false
        ? undefined
        : new HotNamespace(scope, 'namespace', {
            name: this.props.namespace,
            podSecurityException: this.props.podSecurityException,
            network: { allowances: this.props.network ?? {}, description: cluster.network },
          });
    const prerequisites = this.beforeRelease(scope, cluster, namespace);
    const sensitive = this.sensitiveValues(scope, cluster);
    const release = new Release(scope, 'release', {
      ...RELEASE_DEFAULTS,
      name: this.props.releaseName ?? this.id,
      chart: this.props.chart,
      repository: this.props.repository,
      version: this.props.version,
      namespace: this.props.namespace,
      values: [JSON.stringify(deepMerge(this.defaultValues(cluster), { ...this.props.values }))],
      setSensitive: sensitive.length > 0 ? sensitive.map((v) => ({ ...v })) : undefined,
      dependsOn: [...(namespace ? namespace.ready : []), ...prerequisites],
    });
    this.afterRelease(scope, cluster, release);
    return this.waitedFor(release);
  }

  /** What dependent add-ons wait for. @default the release */
  protected waitedFor(release: Release): readonly ITerraformDependable[] {
    return [release];
  }

  /** Chart values derived from the cluster description. @default {} */
  protected defaultValues(_cluster: ClusterDescription): Record<string, unknown> {
    return {};
  }

  /** Resources the release needs first (e.g. a Secret the chart reads); created after the namespace. */
  protected beforeRelease(
    _scope: Construct,
    _cluster: ClusterDescription,
    _namespace?: HotNamespace,
  ): ITerraformDependable[] {
    return [];
  }

  /** Secret chart values; may create the generated values in `scope`. @default [] */
  protected sensitiveValues(_scope: Construct, _cluster: ClusterDescription): SensitiveValue[] {
    return [];
  }

  /** Extra resources that need the release (custom resources, for example). */
  protected afterRelease(_scope: Construct, _cluster: ClusterDescription, _release: Release): void {}
}
