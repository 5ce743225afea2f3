import type { Environment } from '../config/schema';

/** An environment validated for the Hetzner + Talos flavour. */
export type HetznerEnvironment = Extract<Environment, { cloud: 'hetzner' }>;
