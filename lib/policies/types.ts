/** A synthesized stack as Terraform JSON (the cdk.tf.json document). */
export interface StackDocument {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly output?: Readonly<Record<string, Record<string, unknown>>>;
  readonly variable?: Readonly<Record<string, Record<string, unknown>>>;
  readonly provider?: Readonly<Record<string, readonly Record<string, unknown>[]>>;
  readonly terraform?: Record<string, unknown>;
}

/** One block of the document a rule looks at, e.g. `aws_eks_cluster.cluster` or `output.kubeconfig`. */
export interface Subject {
  /** As Terraform names it: `<type>.<name>`, `data.<type>.<name>`, `output.<name>` or `variable.<name>`. */
  readonly address: string;
  readonly type: string;
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * A rule is data: what it checks (`appliesTo`), why (`title`), where it comes from (checkov/Trivy ids) and a
 * `check` that returns the reason of a violation, or undefined when the subject passes.
 */
export interface PolicyRule {
  readonly id: string;
  readonly title: string;
  readonly checkov: readonly string[];
  readonly trivy: readonly string[];
  /** Block kinds and types this rule reads: `resource.aws_eks_cluster`, `data.aws_iam_policy_document`, `output`. */
  readonly appliesTo: readonly string[];
  check(subject: Subject, document: StackDocument): string | undefined;
}

/** An accepted exception: one rule, one address, always with a reason a reviewer can judge. */
export interface Suppression {
  readonly ruleId: string;
  /** Stack id, e.g. `aws-prod`. */
  readonly stack: string;
  readonly address: string;
  readonly reason: string;
}

export interface Violation {
  readonly ruleId: string;
  readonly title: string;
  readonly stack: string;
  readonly address: string;
  readonly reason: string;
}
