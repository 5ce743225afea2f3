import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import type { Construct } from 'constructs';

/** The random provider: generated passwords never appear in code or synthesized JSON, only in state. */
export function createRandomProvider(scope: Construct): RandomProvider {
  return new RandomProvider(scope, 'random', {});
}
