import type { CloudName } from '../config/clouds';
import { databaseBackupPrefix } from './workloads';

/**
 * Where another environment's backups are, as a target needs them to restore: literal values derived from the
 * source's settings, never references into its state, so the target deploys while the source is unreachable.
 */
export interface RestoreSource {
  readonly environment: string;
  readonly cloud: CloudName;
  /** The S3 API of the source's backups bucket. */
  readonly endpoint: string;
  readonly region: string;
  readonly forcePathStyle: boolean;
  readonly bucket: string;
  /** Namespaces whose databases the source archives (WAL and base backups), each under its own path; `all` where any may. */
  readonly databaseNamespaces: readonly string[] | 'all';
  /** Velero's objects there are SSE-C encrypted: reading them needs the source's key (`restore_source_velero_customer_key`). */
  readonly customerKeyEncryption: boolean;
}

/** The source archives the database of `namespace`. */
export function archivesDatabase(source: RestoreSource, namespace: string): boolean {
  return source.databaseNamespaces === 'all' || source.databaseNamespaces.includes(namespace);
}

/**
 * The target's sensitive variables that carry the source's read-only key and Velero's repository password (a
 * Kopia repository opens only with the password it was created with), as the source's outputs name them.
 */
export const RESTORE_VARIABLES = {
  accessKeyId: 'restore_source_access_key_id',
  secretAccessKey: 'restore_source_secret_access_key',
  veleroRepositoryPassword: 'restore_source_velero_repository_password',
  /** Only where the source encrypts Velero's objects with SSE-C (Hetzner): its output velero-customer-key. */
  veleroCustomerKey: 'restore_source_velero_customer_key',
} as const;

/** The Barman Cloud destination the source's database of `namespace` archives to. */
export function sourceDatabasePath(source: RestoreSource, namespace: string): string {
  return `s3://${source.bucket}/${databaseBackupPrefix(namespace)}`;
}

/** The name of the source's output that holds the read-only key for `target`. */
export function restoreReaderOutput(target: string): string {
  return `restore-reader-${target}`;
}
