import type { Construct } from 'constructs';
import type { ClusterDescription } from './cluster';

/**
 * One piece of the platform, installed into the apps stack. The AppsStack orders add-ons by `dependsOn`,
 * gives each its own construct scope (so construct ids stay stable) and makes every resource of an add-on
 * depend on every resource of the add-ons it names.
 */
export interface AddOn {
  /** Unique, stable id: it is part of every resource address the add-on creates. */
  readonly id: string;
  /** Ids of add-ons that must be installed first (and destroyed last). @default [] */
  readonly dependsOn?: readonly string[];
  install(scope: Construct, cluster: ClusterDescription): void;
}
