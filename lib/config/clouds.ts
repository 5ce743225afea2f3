/**
 * Clouds that have a cluster flavour. A cloud joins this list in the same change that adds its
 * `ClusterStack` subclass, so the schema never accepts a cloud the app cannot build.
 */
export const CLOUDS = ['aws', 'azure', 'hetzner'] as const;
export type CloudName = (typeof CLOUDS)[number];
