/**
 * Clouds that have a cluster flavour. A cloud joins this list in the same change that adds its
 * `ClusterStack` subclass, so the schema never accepts a cloud the app cannot build.
 */
export const CLOUDS = ['aws', 'azure', 'hetzner'] as const;
export type CloudName = (typeof CLOUDS)[number];

/**
 * Clouds whose backups another environment can restore from: their stacks can create a read-only key scoped to
 * the backup paths. Each other cloud says why it cannot, for the message that refuses it as `restoreFrom`.
 */
export const RESTORE_SOURCE_LIMITS: Readonly<Record<CloudName, string | undefined>> = {
  aws: undefined,
  azure:
    'its backups account takes no shared keys or SAS (management plane only) and a workload identity works only inside Azure, so no read-only key can reach another cloud yet',
  hetzner:
    'Hetzner Object Storage keys are made by hand in the console, reach every bucket of their project and can always write, so no read-only key can be created',
};
