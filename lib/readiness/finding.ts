/** One thing that stands between an environment and a real deploy from this machine, with its fix. */
export interface Finding {
  /** What the operator sets or installs: a `HOT_*` variable, a binary, a credential, a policy rule. */
  readonly subject: string;
  /** What is wrong and how to fix it. */
  readonly fix: string;
  /** A blocker makes the environment not ready; a warning is printed and does not. */
  readonly severity: 'blocker' | 'warning';
}

export function blocker(subject: string, fix: string): Finding {
  return { subject, fix, severity: 'blocker' };
}

export function warning(subject: string, fix: string): Finding {
  return { subject, fix, severity: 'warning' };
}

export function formatFinding(finding: Finding): string {
  return `${finding.severity === 'blocker' ? '✗' : '!'} ${finding.subject}: ${finding.fix}`;
}
