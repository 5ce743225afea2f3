import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { managedPolicyArn, policyDocument } from './iam';

/** The EKS Pod Identity agent assumes roles for pods as this service; it also sets session tags. */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';

/** A Kubernetes ServiceAccount, by namespace and name. */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly serviceAccount: string;
}

export interface PodIdentityRoleProps {
  readonly clusterName: string;
  /** IAM role name, at most 64 characters. */
  readonly roleName: string;
  readonly partition: string;
  /** ServiceAccounts bound to the role, one association each. @default [] (an EKS add-on binds it) */
  readonly serviceAccounts?: readonly ServiceAccountRef[];
  /** The role's own inline policy. @default [] */
  readonly statements?: DataAwsIamPolicyDocumentStatement[];
  /** AWS managed policies by name, where AWS maintains the least-privilege set. @default [] */
  readonly managedPolicies?: readonly string[];
}

/**
 * An IAM role for in-cluster pods through EKS Pod Identity: trusted by the Pod Identity service only and bound
 * to named ServiceAccounts in the cluster stack, so the ServiceAccounts need no annotations and the apps stack
 * never sees a role ARN.
 */
export class PodIdentityRole extends Construct {
  public readonly role: IamRole;
  public readonly associations: EksPodIdentityAssociation[];

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const trust = policyDocument(this, 'trust', [
      {
        effect: 'Allow',
        // TagSession: Pod Identity passes namespace and ServiceAccount as session tags that policies may use.
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        principals: [{ type: 'Service', identifiers: [POD_IDENTITY_PRINCIPAL] }],
      },
    ]);
    this.role = new IamRole(this, 'role', { name: props.roleName, assumeRolePolicy: trust.json });
    const statements = props.statements ?? [];
    if (statements.length > 0) {
      new IamRolePolicy(this, 'policy', {
        name: 'least-privilege',
        role: this.role.name,
        policy: policyDocument(this, 'policy-document', statements).json,
      });
    }
    for (const policy of props.managedPolicies ?? []) {
      new IamRolePolicyAttachment(this, policy.split('/').pop() as string, {
        role: this.role.name,
        policyArn: managedPolicyArn(props.partition, policy),
      });
    }
    this.associations = (props.serviceAccounts ?? []).map(
      (account) =>
        new EksPodIdentityAssociation(this, `${account.namespace}-${account.serviceAccount}`, {
          clusterName: props.clusterName,
          namespace: account.namespace,
          serviceAccount: account.serviceAccount,
          roleArn: this.role.arn,
        }),
    );
  }
}
