import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { CloudName } from '../lib/config/clouds';
import type { Environment } from '../lib/config/schema';
import type { ClusterDescription } from '../lib/contracts/cluster';
import { type EnvironmentZone, zoneDelegationOutput } from '../lib/core/dns-zone';
import { HotError } from '../lib/core/errors';
import { attachPolicyChecks } from '../lib/policies/attach';
import { configureBackend } from '../providers/backend';

export interface ClusterStackOptions {
  /** Environments that restore from this one (`restoreFrom`): each gets a read-only key to the backups. @default [] */
  readonly restoreTargets?: readonly string[];
}

/**
 * The cluster half of an environment (template method). The base fixes the order
 * backend -> providers -> network -> DNS zone -> cluster -> node pools -> identities and storage -> restore
 * readers -> description -> outputs (the zone's delegation among them),
 * and runs the policy rules; a flavour fills the hooks. Hooks run inside this constructor, before the
 * subclass's own field initialisers, so they pass state along through their return values.
 */
export abstract class ClusterStack<E extends Environment, TNetwork, TCluster> extends TerraformStack {
  public readonly environment: E;
  /** What the AppsStack may know about this cluster: the same shape on every cloud. */
  public readonly description: ClusterDescription;
  /** Environments that restore from this one; set before the hooks run, so storage can be made for them. */
  protected readonly restoreTargets: readonly string[];

  protected constructor(scope: Construct, environment: E, cloud: CloudName, options: ClusterStackOptions = {}) {
    super(scope, environment.name);
    if (environment.cloud !== cloud) {
      throw new HotError({
        setting: `environments.${environment.name}.cloud`,
        value: environment.cloud,
        fix: `cannot be built by the ${cloud} flavour; check the flavour registry in main.ts`,
      });
    }
    this.environment = environment;
    this.restoreTargets = options.restoreTargets ?? [];
    configureBackend(this, environment.backend);
    this.configureProviders();
    const network = this.createNetwork();
    const zone = this.createDnsZone(network);
    const cluster = this.createCluster(network);
    this.createNodePools(cluster, network);
    this.createIdentitiesAndStorage(cluster, zone);
    for (const target of this.restoreTargets) this.createRestoreReader(cluster, target);
    this.description = this.describe(cluster, network, zone);
    this.createOutputs(cluster);
    zoneDelegationOutput(this, zone);
    attachPolicyChecks(this);
  }

  protected abstract configureProviders(): void;
  protected abstract createNetwork(): TNetwork;
  /** The environment's zone `dns.baseDomain` (created, or taken by `dns.zoneId`), protected from destroy. */
  protected abstract createDnsZone(network: TNetwork): EnvironmentZone;
  protected abstract createCluster(network: TNetwork): TCluster;
  protected abstract createNodePools(cluster: TCluster, network: TNetwork): void;
  /** Cloud identities for in-cluster controllers (DNS ones scoped to `zone`) and object-storage buckets. */
  protected abstract createIdentitiesAndStorage(cluster: TCluster, zone: EnvironmentZone): void;
  /**
   * A read-only key to the backup paths for `target`, a sensitive output the target takes as variables. Only
   * clouds in RESTORE_SOURCE_LIMITS without a limit are ever asked (the settings refuse the others).
   */
  protected createRestoreReader(_cluster: TCluster, target: string): void {
    throw new HotError({
      setting: `environments.${target}.restoreFrom`,
      value: this.environment.name,
      fix: `the ${this.environment.cloud} flavour cannot create a read-only key to its backups; restore from an AWS environment`,
    });
  }
  protected abstract describe(cluster: TCluster, network: TNetwork, zone: EnvironmentZone): ClusterDescription;
  protected abstract createOutputs(cluster: TCluster): void;
}
