import { HotError } from '../../lib/core/errors';

/** The message of the HotError that `run` throws; fails the test if it throws nothing or another error. */
export function hotErrorMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HotError);
    return (error as Error).message;
  }
  throw new Error('expected a HotError, got none');
}

/** A deep copy of a default environment with `patch` applied: the input of one bad-setting case. */
export function patchedCopy(base: object, patch: (env: Record<string, unknown>) => void): Record<string, unknown> {
  const env = structuredClone(base) as Record<string, unknown>;
  patch(env);
  return env;
}
