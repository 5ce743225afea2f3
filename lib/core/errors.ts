/**
 * The one error type for a user's mistake. Each problem is one line that names the setting, shows the bad
 * value and says the fix; `main.ts` prints the lines without a stack trace.
 */
export interface Problem {
  /** Dotted path of the setting, e.g. `environments.aws-prod.network.vpcCidr`. */
  readonly setting: string;
  /** The value that was given (omitted when the setting is missing). */
  readonly value?: unknown;
  /** What is wrong and how to fix it, e.g. `overlaps ...; choose ...`. */
  readonly fix: string;
}

export class HotError extends Error {
  public readonly problems: readonly Problem[];

  constructor(problems: Problem | readonly Problem[]) {
    const list = Array.isArray(problems) ? (problems as readonly Problem[]) : [problems as Problem];
    super(list.map(formatProblem).join('\n'));
    this.name = 'HotError';
    this.problems = list;
  }
}

export function formatProblem(problem: Problem): string {
  const shown = 'value' in problem ? ` = ${formatValue(problem.value)}` : '';
  return `${problem.setting}${shown}: ${problem.fix}`;
}

export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** True for errors a user can fix by changing settings: print them plainly. */
export function isUserError(error: unknown): error is HotError {
  return error instanceof HotError;
}
