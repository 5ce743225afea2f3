import type { EnvironmentInput } from '../schema';
import { awsProd } from './aws-prod';
import { azureStaging } from './azure-staging';
import { hetznerDr } from './hetzner-dr';

/** The environments `cdktf synth` builds with no settings at all. */
export const DEFAULT_ENVIRONMENTS: readonly EnvironmentInput[] = [awsProd, azureStaging, hetznerDr];
