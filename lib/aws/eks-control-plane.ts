import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { policyDocument, ServiceRole } from './iam';

/** Log types that matter for security review; controllerManager and scheduler are opt-in noise. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator'] as const;

export interface EksControlPlaneProps {
  readonly name: string;
  readonly kubernetesVersion: string;
  readonly subnetIds: string[];
  readonly privateEndpoint: boolean;
  /** Empty disables the public endpoint. */
  readonly publicAccessCidrs: readonly string[];
  readonly serviceCidr: string;
  readonly logRetentionDays: number;
  readonly supportType: 'STANDARD' | 'EXTENDED';
  readonly adminPrincipalArns: readonly string[];
  readonly partition: string;
}

/**
 * The EKS control plane: API authentication mode with access entries (no aws-auth ConfigMap), Kubernetes
 * secrets envelope-encrypted with a rotating KMS key, audit logs kept for a fixed time, and the API private
 * with an optional allow-listed public endpoint. The cluster and key refuse `terraform destroy`.
 */
export class EksControlPlane extends Construct {
  public readonly cluster: EksCluster;
  public readonly secretsKey: KmsKey;

  constructor(scope: Construct, id: string, props: EksControlPlaneProps) {
    super(scope, id);

    const role = new ServiceRole(this, 'cluster-role', {
      name: `${props.name}-eks-cluster`,
      services: ['eks.amazonaws.com'],
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      partition: props.partition,
      managedPolicies: ['AmazonEKSClusterPolicy'],
    });

    this.secretsKey = new KmsKey(this, 'secrets-key', {
      description: `Envelope encryption of Kubernetes secrets in EKS cluster ${props.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'secrets-key-alias', {
      name: `alias/${props.name}-eks-secrets`,
      targetKeyId: this.secretsKey.keyId,
    });
    const keyUse = new IamRolePolicy(this, 'secrets-key-use', {
      name: 'eks-secrets-encryption',
      role: role.role.name,
      policy: policyDocument(this, 'secrets-key-use-policy', [
        {
          effect: 'Allow',
          actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'],
          resources: [this.secretsKey.arn],
        },
      ]).json,
    });

    // Created before the cluster so its retention is ours; EKS would otherwise create it with no expiry.
    const logs = new CloudwatchLogGroup(this, 'control-plane-logs', {
      name: `/aws/eks/${props.name}/cluster`,
      retentionInDays: props.logRetentionDays,
    });

    const publicEndpoint = props.publicAccessCidrs.length > 0;
    this.cluster = new EksCluster(this, 'cluster', {
      name: props.name,
      version: props.kubernetesVersion,
      roleArn: role.role.arn,
      vpcConfig: {
        subnetIds: props.subnetIds,
        endpointPrivateAccess: props.privateEndpoint,
        endpointPublicAccess: publicEndpoint,
        publicAccessCidrs: publicEndpoint ? [...props.publicAccessCidrs] : undefined,
      },
      accessConfig: {
        authenticationMode: 'API',
        // The identity that runs the first apply (a person or the Terraform Cloud role) becomes admin.
        bootstrapClusterCreatorAdminPermissions: true,
      },
      encryptionConfig: { provider: { keyArn: this.secretsKey.arn }, resources: ['secrets'] },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      kubernetesNetworkConfig: { ipFamily: 'ipv4', serviceIpv4Cidr: props.serviceCidr },
      upgradePolicy: { supportType: props.supportType },
      lifecycle: { preventDestroy: true },
      dependsOn: [...role.attachments, keyUse, logs],
    });

    for (const principalArn of props.adminPrincipalArns) {
      const entryId = `admin-${principalArn
        .split(':')
        .pop()
        ?.replace(/[^A-Za-z0-9-]/g, '-')}`;
      const entry = new EksAccessEntry(this, entryId, {
        clusterName: this.cluster.name,
        principalArn,
        type: 'STANDARD',
      });
      new EksAccessPolicyAssociation(this, `${entryId}-cluster-admin`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: `arn:${props.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
        accessScope: { type: 'cluster' },
      });
    }
  }
}
