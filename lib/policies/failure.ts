/**
 * The policy violations in an error thrown by cdktf's validation, one line each, without cdktf's frame (the
 * construct path, and the advice to pass `skipValidation`, which would switch every rule off). Undefined when
 * the error is not a policy failure.
 */
export function policyViolationLines(error: unknown): string[] | undefined {
  if (!(error instanceof Error)) return undefined;
  const lines = error.message
    .split('\n')
    .map((line) => /^\s*(?:\[[^\]]*\]\s+)?(HOT-[A-Z]+-\d{3} .*)$/.exec(line)?.[1])
    .filter((line): line is string => line !== undefined);
  return lines.length > 0 ? lines : undefined;
}
