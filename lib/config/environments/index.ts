import type { EnvironmentInput } from '../schema';
import { awsProd } from './aws-prod';

/** The environments `cdktf synth` builds with no settings at all. */
export const DEFAULT_ENVIRONMENTS: readonly EnvironmentInput[] = [awsProd];
