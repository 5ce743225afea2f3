import type { AdminAccessSettings, AlertSettings } from '../config/schema-parts';
import type { RestoreSource } from '../contracts/restore';

/** Cloud-neutral settings of the platform layer (validated in lib/config, passed to the AppsStack). */
export interface PlatformSettings {
  /** ACME account e-mail for Let's Encrypt. */
  readonly acmeEmail: string;
  readonly externalDnsPolicy: 'upsert-only' | 'sync';
  /** Velero schedule, five-field cron in UTC. */
  readonly backupSchedule: string;
  readonly backupRetentionDays: number;
  /** Kubernetes groups with the cluster-wide read-only role. */
  readonly readOnlyGroups: readonly string[];
  /** Alertmanager's receivers (secrets come from sensitive Terraform variables). */
  readonly alerts: AlertSettings;
  /** How Argo CD and Grafana are published: SSO, a source allow-list, both, or not at all. */
  readonly adminAccess: AdminAccessSettings;
  /** Public names outside the zone this environment owns, each to one of its services (`dns.publicAliases`). */
  readonly publicAliases: Readonly<Record<string, string>>;
  /** The environment whose Velero backups this one reads (read-only) to restore app volumes. @default undefined */
  readonly restoreFrom?: RestoreSource;
}
