import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import type { Construct } from 'constructs';

/** The time provider: waits for eventual consistency (time_sleep) and timestamps kept in state (time_static). */
export function createTimeProvider(scope: Construct): TimeProvider {
  return new TimeProvider(scope, 'time', {});
}
