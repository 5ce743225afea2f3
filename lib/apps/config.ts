import type { AppsSettings } from '../config/schema-parts';
import type { RestoreSource } from '../contracts/restore';

/** The apps' settings as the apps stack hands them on: the environment's, and the source it restores from. */
export interface AppsConfig extends AppsSettings {
  /** Databases bootstrap from this environment's WAL archive instead of an empty initdb. @default undefined */
  readonly restoreFrom?: RestoreSource;
}
