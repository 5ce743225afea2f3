import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { HotError } from '../core/errors';
import { managedPolicyArn, policyDocument } from './iam';

/** The EKS Pod Identity agent assumes roles for pods as this service; it also sets session tags. */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';

/** Session tags EKS Pod Identity sets on every session, which the trust policy pins. */
export const POD_IDENTITY_TAGS = {
  clusterArn: 'aws:RequestTag/eks-cluster-arn',
  namespace: 'aws:RequestTag/kubernetes-namespace',
  serviceAccount: 'aws:RequestTag/kubernetes-service-account',
} as const;

/** A Kubernetes ServiceAccount, by namespace and name. */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly serviceAccount: string;
}

export interface PodIdentityRoleProps {
  readonly clusterName: string;
  /** The cluster whose pods may assume the role (the `eks-cluster-arn` session tag). */
  readonly clusterArn: string;
  /** IAM role name, at most 64 characters. */
  readonly roleName: string;
  readonly partition: string;
  /** ServiceAccounts bound to the role, one association each. @default [] */
  readonly serviceAccounts?: readonly ServiceAccountRef[];
  /** ServiceAccounts an EKS add-on binds to the role itself: trusted, but no association made here. @default [] */
  readonly addOnServiceAccounts?: readonly ServiceAccountRef[];
  /** The role's own inline policy. @default [] */
  readonly statements?: DataAwsIamPolicyDocumentStatement[];
  /** AWS managed policies by name, where AWS maintains the least-privilege set. @default [] */
  readonly managedPolicies?: readonly string[];
}

/**
 * An IAM role for in-cluster pods through EKS Pod Identity: trusted by the Pod Identity service only, for this
 * account, this cluster and the named namespaces and ServiceAccounts only (the session tags the service
 * sets), so an association made elsewhere in the account cannot hand the role to another pod. Bound to its
 * ServiceAccounts in the cluster stack: they need no annotations and the apps stack never sees a role ARN.
 */
export class PodIdentityRole extends Construct {
  public readonly role: IamRole;
  public readonly associations: EksPodIdentityAssociation[];

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const trusted = [...(props.serviceAccounts ?? []), ...(props.addOnServiceAccounts ?? [])];
    if (trusted.length === 0) {
      throw new HotError({
        setting: `Pod Identity role ${props.roleName}`,
        value: [],
        fix: 'trusts no ServiceAccount; name the ServiceAccounts (serviceAccounts or addOnServiceAccounts) that use it',
      });
    }
    const unique = (values: string[]) => [...new Set(values)];
    const trust = policyDocument(this, 'trust', [
      {
        effect: 'Allow',
        // TagSession: Pod Identity passes namespace and ServiceAccount as session tags that policies may use.
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        principals: [{ type: 'Service', identifiers: [POD_IDENTITY_PRINCIPAL] }],
        // Only the session tags the EKS User Guide documents (pod-id-abac): the cluster's ARN names the account
        // too, and a condition on a key the service might not send would refuse every pod.
        condition: [
          { test: 'StringEquals', variable: POD_IDENTITY_TAGS.clusterArn, values: [props.clusterArn] },
          {
            test: 'StringEquals',
            variable: POD_IDENTITY_TAGS.namespace,
            values: unique(trusted.map((a) => a.namespace)),
          },
          {
            test: 'StringEquals',
            variable: POD_IDENTITY_TAGS.serviceAccount,
            values: unique(trusted.map((a) => a.serviceAccount)),
          },
        ],
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
