import type { Environment } from '../config/schema';

/** An environment validated for the azure flavour. */
export type AzureEnvironment = Extract<Environment, { cloud: 'azure' }>;
