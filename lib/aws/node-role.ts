import { Construct } from 'constructs';
import { ServiceRole } from './iam';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';

/**
 * The role EC2 nodes run as. SSM Session Manager replaces SSH (no key pairs, no open port 22).
 * The CNI policy stays on the node role until the VPC CNI gets its own Pod Identity.
 */
export const NODE_MANAGED_POLICIES = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKS_CNI_Policy',
  'AmazonEC2ContainerRegistryPullOnly',
  'AmazonSSMManagedInstanceCore',
] as const;

export class EksNodeRole extends Construct {
  public readonly role: IamRole;
  public readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: { readonly name: string; readonly partition: string }) {
    super(scope, id);
    const serviceRole = new ServiceRole(this, 'node-role', {
      name: `${props.name}-eks-node`,
      services: ['ec2.amazonaws.com'],
      partition: props.partition,
      managedPolicies: NODE_MANAGED_POLICIES,
    });
    this.role = serviceRole.role;
    this.attachments = serviceRole.attachments;
  }
}
