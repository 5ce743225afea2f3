import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { ClusterDescription } from './cluster';

/**
 * What a flavour's platform add-on does for everything else in the cluster. Every add-on waits for the
 * platform add-ons providing `EVERY_ADDON_NEEDS`, and for the others only where it says it `needs` them;
 * Terraform destroys in the reverse order, so a controller outlives what it cleans up after.
 */
export type PlatformService =
  /** The CNI: no pod but host-network ones starts before it. */
  | 'pod-network'
  /** The cloud controller: nodes stay tainted `uninitialized` until it runs. */
  | 'node-lifecycle'
  /** Admission webhooks that intercept every Service or pod, failing closed while their controller is down. */
  | 'admission-webhooks'
  /** Turns `LoadBalancer` Services into cloud load balancers, and deletes them again. */
  | 'load-balancers'
  /** Provisions (and deletes) the volumes of PersistentVolumeClaims. */
  | 'volumes'
  /** Adds and removes `worker` and `gpu` nodes. */
  | 'worker-capacity'
  /** Serves the S3-compatible endpoint of the contract's object storage. */
  | 'object-storage';

export const EVERY_ADDON_NEEDS: readonly PlatformService[] = ['pod-network', 'node-lifecycle', 'admission-webhooks'];

/**
 * One piece of the platform, installed into the apps stack. The AppsStack orders add-ons by `dependsOn`,
 * gives each its own construct scope (so construct ids stay stable) and makes every resource of an add-on
 * depend on what the add-ons it names say is theirs to wait for (`install`'s result).
 */
export interface AddOn {
  /** Unique, stable id: it is part of every resource address the add-on creates. */
  readonly id: string;
  /** Ids of add-ons that must be installed first (and destroyed last). @default [] */
  readonly dependsOn?: readonly string[];
  /** Platform add-ons only: the services this one provides to every other add-on. @default [] */
  readonly provides?: readonly PlatformService[];
  /** Platform services this add-on uses beyond `EVERY_ADDON_NEEDS`. @default [] */
  readonly needs?: readonly PlatformService[];
  /**
   * Creates the add-on's resources in `scope`. Returns what a dependent add-on waits for (a release that
   * installs CRDs or runs a webhook, not the objects created after it); nothing means every resource.
   */
  install(scope: Construct, cluster: ClusterDescription): readonly ITerraformDependable[] | void;
}
