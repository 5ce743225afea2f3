import type { DatabaseWiring } from './wiring';

/**
 * Recovery point and time objectives of a restore, from the configured schedules and the sizes the stacks
 * declare. The time parts are estimates: each names the command whose duration measures it on a real run.
 */

/**
 * CloudNativePG sets `archive_timeout` to 5 minutes unless told otherwise (none of our databases is): a WAL
 * segment reaches the archive at most that long after its first change, so that is the most a database loses.
 */
export const DATABASE_RPO_MINUTES = 5;

/** Assumed cross-cloud download rate of a base backup (S3 to another cloud's nodes), MiB/s. */
export const RESTORE_THROUGHPUT_MIB_PER_S = 50;
/** Assumed minutes to build each part, until a real run's timings replace them. */
export const CLUSTER_BUILD_MINUTES = 15;
export const PLATFORM_BUILD_MINUTES = 20;
/** Replaying up to a day of WAL after the base backup (daily base backups), assumed. */
export const WAL_REPLAY_MINUTES = 10;

/** Hours between two runs of a five-field cron, for the schedules this project sets (daily or hourly). */
export function cronIntervalHours(cron: string): number | undefined {
  const [minute, hour, day, month, weekday] = cron.trim().split(/\s+/);
  if (day !== '*' || month !== '*' || weekday !== '*' || !/^\d+$/.test(minute)) return undefined;
  if (/^\d+$/.test(hour)) return 24;
  if (hour === '*') return 1;
  const step = /^\*\/(\d+)$/.exec(hour);
  return step ? Number(step[1]) : undefined;
}

export interface RecoveryObjective {
  readonly what: string;
  readonly value: string;
  readonly from: string;
}

export function recoveryPoints(veleroCron: string): RecoveryObjective[] {
  const hours = cronIntervalHours(veleroCron);
  return [
    {
      what: 'databases (WAL archived continuously)',
      value: `<= ${DATABASE_RPO_MINUTES} min`,
      from: "CloudNativePG's archive_timeout; recovery replays to the last archived WAL",
    },
    {
      what: 'app volumes (Velero file-system backups)',
      value: hours ? `<= ${hours} h` : `one schedule interval (${veleroCron})`,
      from: `platform.backupSchedule "${veleroCron}"`,
    },
    { what: 'configuration (Git and Terraform)', value: '0', from: 'every setting is in Git; state is in its backend' },
  ];
}

/** RTO parts in minutes: the cluster, the platform, then the databases in parallel (the largest bounds it). */
export function recoveryTime(databases: readonly DatabaseWiring[]): RecoveryObjective[] {
  const largest = Math.max(0, ...databases.filter((d) => d.restoredFrom).map((d) => d.sizeGiB));
  const download = Math.ceil((largest * 1024) / RESTORE_THROUGHPUT_MIB_PER_S / 60);
  const databasesMinutes = download + WAL_REPLAY_MINUTES;
  const total = CLUSTER_BUILD_MINUTES + PLATFORM_BUILD_MINUTES + databasesMinutes;
  return [
    { what: 'cluster', value: `~${CLUSTER_BUILD_MINUTES} min`, from: 'time of `npm run deploy -- <target>`' },
    {
      what: 'platform and apps',
      value: `~${PLATFORM_BUILD_MINUTES} min`,
      from: 'time of `npm run deploy -- <target>-apps` until its releases are deployed',
    },
    {
      what: `databases (largest ${largest} GiB, in parallel)`,
      value: `~${databasesMinutes} min`,
      from: `${RESTORE_THROUGHPUT_MIB_PER_S} MiB/s download plus ~${WAL_REPLAY_MINUTES} min of WAL replay; measured from each Cluster's creation to Ready`,
    },
    { what: 'total', value: `~${total} min`, from: 'the sum; DNS moves only with failover: true' },
  ];
}
