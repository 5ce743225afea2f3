import { isUserError } from './errors';
import { quietStackTraces } from './quiet-stack-traces';
import { policyViolationLines } from '../policies/failure';

/**
 * Runs a command's `main` with cdktf's token stack traces quiet. A user's mistake (a bad setting, a policy
 * violation) prints as plain lines and exits 1, with no stack; anything else is a bug and throws.
 */
export function runCommand(main: (argv: readonly string[]) => number | void): void {
  const traces = quietStackTraces();
  try {
    const code = main(process.argv.slice(2));
    if (typeof code === 'number') process.exitCode = code;
  } catch (error) {
    traces.restore();
    const violations = policyViolationLines(error);
    if (!isUserError(error) && !violations) throw error;
    console.error(violations ? violations.join('\n') : (error as Error).message);
    process.exitCode = 1;
  } finally {
    traces.restore();
  }
}
