import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';

/** The AWS partition of a region, for ARNs built without an API call. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function managedPolicyArn(partition: string, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

/**
 * A policy document rendered by the provider itself (no API call at plan time), kept as data so policy rules
 * can read actions, resources and principals from the synthesized JSON.
 */
export function policyDocument(
  scope: Construct,
  id: string,
  statements: DataAwsIamPolicyDocumentStatement[],
  provider?: AwsProvider,
): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, { provider, statement: statements });
}

export interface ServiceRoleProps {
  readonly name: string;
  /** Service principals allowed to assume the role, e.g. `eks.amazonaws.com`. */
  readonly services: readonly string[];
  readonly actions?: readonly string[];
  readonly partition: string;
  /** AWS managed policies to attach, by name. @default [] */
  readonly managedPolicies?: readonly string[];
}

/** An IAM role a service assumes, with AWS managed policies attached by name. */
export class ServiceRole extends Construct {
  public readonly role: IamRole;
  public readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust = policyDocument(this, 'trust', [
      {
        effect: 'Allow',
        actions: [...(props.actions ?? ['sts:AssumeRole'])],
        principals: [{ type: 'Service', identifiers: [...props.services] }],
      },
    ]);
    this.role = new IamRole(this, 'role', { name: props.name, assumeRolePolicy: trust.json });
    this.attachments = (props.managedPolicies ?? []).map(
      (policy) =>
        new IamRolePolicyAttachment(this, policy, {
          role: this.role.name,
          policyArn: managedPolicyArn(props.partition, policy),
        }),
    );
  }
}
