import type { Environment } from '../config/schema';

/** An environment validated for the aws flavour. */
export type AwsEnvironment = Extract<Environment, { cloud: 'aws' }>;
