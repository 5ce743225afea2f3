import { blocks, isReference, strings } from '../read';
import type { PolicyRule, Subject } from '../types';

export interface Statement {
  readonly effect: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly principals: string[];
  /** Condition keys with the operator that tests them, e.g. `StringEquals aws:SourceAccount`. */
  readonly conditions: { readonly test: string; readonly variable: string }[];
}

/** Statements of a policy: from an aws_iam_policy_document data block, or a literal JSON policy string. */
export function statementsOf(subject: Subject): Statement[] {
  if (subject.address.startsWith('data.')) {
    return blocks(subject.config.statement).map((s) => ({
      effect: typeof s.effect === 'string' ? s.effect : 'Allow',
      actions: strings(s.actions),
      resources: strings(s.resources),
      principals: blocks(s.principals).flatMap((p) => strings(p.identifiers)),
      conditions: blocks(s.condition).map((c) => ({ test: String(c.test), variable: String(c.variable) })),
    }));
  }
  const text = subject.config.policy ?? subject.config.assume_role_policy;
  if (typeof text !== 'string') return [];
  // A literal JSON policy may embed references (`"Resource": "${aws_kms_key.k.arn}"`) and is still read;
  // only a policy that is itself an expression (`${data.aws_iam_policy_document.x.json}`) is skipped.
  let parsed: { Statement?: unknown } | null;
  try {
    parsed = JSON.parse(text) as { Statement?: unknown } | null;
  } catch {
    if (isReference(text)) return [];
    return [{ effect: 'Allow', actions: ['<unparseable policy>'], resources: [], principals: [], conditions: [] }];
  }
  const statement = parsed?.Statement;
  const list: unknown[] = Array.isArray(statement) ? statement : [statement];
  return list
    .filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null)
    .map((s) => ({
      effect: typeof s.Effect === 'string' ? s.Effect : 'Allow',
      actions: strings(s.Action),
      resources: strings(s.Resource),
      principals: principalsOf(s.Principal),
      conditions: Object.entries((s.Condition as Record<string, Record<string, unknown>> | undefined) ?? {}).flatMap(
        ([test, keys]) => Object.keys(keys).map((variable) => ({ test, variable })),
      ),
    }));
}

function principalsOf(value: unknown): string[] {
  if (value === '*') return ['*'];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(strings);
}

const POLICY_SUBJECTS = [
  'data.aws_iam_policy_document',
  'resource.aws_iam_policy',
  'resource.aws_iam_role_policy',
  'resource.aws_iam_role',
];

const allows = (subject: Subject) => statementsOf(subject).filter((s) => s.effect === 'Allow');

export const awsIamRules: PolicyRule[] = [
  {
    id: 'HOT-IAM-001',
    title: 'No IAM policy grants full administrator rights ("*" on "*")',
    checkov: ['CKV_AWS_62', 'CKV_AWS_1'],
    trivy: ['AVD-AWS-0057'],
    appliesTo: POLICY_SUBJECTS,
    check: (subject) =>
      allows(subject).some((s) => s.actions.includes('*') && s.resources.includes('*'))
        ? 'a statement allows action "*" on resource "*"'
        : undefined,
  },
  {
    id: 'HOT-IAM-002',
    title: 'No IAM policy allows every action of a service or of AWS',
    checkov: ['CKV_AWS_63', 'CKV_AWS_290'],
    trivy: ['AVD-AWS-0057'],
    appliesTo: POLICY_SUBJECTS,
    check: (subject) => {
      const wild = allows(subject).flatMap((s) => s.actions.filter((a) => a === '*' || a.endsWith(':*')));
      return wild.length > 0 ? `allows wildcard actions ${wild.join(', ')}; list the actions needed` : undefined;
    },
  },
  {
    id: 'HOT-IAM-003',
    title: 'Role trust policies name their principals (no "*")',
    checkov: ['CKV_AWS_60'],
    trivy: [],
    appliesTo: POLICY_SUBJECTS,
    check: (subject) =>
      allows(subject).some((s) => s.principals.includes('*')) ? 'a statement trusts principal "*"' : undefined,
  },
  {
    id: 'HOT-IAM-004',
    title: 'No IAM users or long-lived access keys: people use SSO, workloads use roles',
    checkov: ['CKV_AWS_273', 'CKV_AWS_40'],
    trivy: [],
    appliesTo: [
      'resource.aws_iam_user',
      'resource.aws_iam_access_key',
      'resource.aws_iam_user_policy',
      'resource.aws_iam_user_policy_attachment',
    ],
    check: ({ type }) => `${type} creates IAM user credentials; use a role with EKS Pod Identity or SSO instead`,
  },
];
