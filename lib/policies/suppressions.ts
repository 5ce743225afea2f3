import { HETZNER_SUPPRESSIONS } from './suppressions-hetzner';
import type { Suppression } from './types';

/**
 * Accepted exceptions to policy rules. Each names one rule, one stack and one address, with the reason;
 * an entry that no longer suppresses anything fails synth so this list cannot rot.
 */
export const SUPPRESSIONS: readonly Suppression[] = [...HETZNER_SUPPRESSIONS];
