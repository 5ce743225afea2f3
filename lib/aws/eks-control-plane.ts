import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { TerraformCaller } from './caller';
import { policyDocument, ServiceRole } from './iam';
import { controlPlaneLogGroupName, LogsKey } from './logs-key';

/**
 * Every control-plane log type: api, audit and authenticator show who did what; controllerManager and
 * scheduler explain why workloads moved, which an incident review needs as much (CKV_AWS_37 asks for all).
 */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/** The policy of every admin entry, the runner's included: cluster-wide administration. */
const CLUSTER_ADMIN_POLICY = 'AmazonEKSClusterAdminPolicy';

export interface EksControlPlaneProps {
  readonly name: string;
  readonly kubernetesVersion: string;
  readonly subnetIds: string[];
  readonly privateEndpoint: boolean;
  /** Empty disables the public endpoint. */
  readonly publicAccessCidrs: readonly string[];
  readonly serviceCidr: string;
  /** Days CloudWatch keeps the control-plane logs. */
  readonly logRetentionDays: number;
  readonly supportType: 'STANDARD' | 'EXTENDED';
  /** IAM roles and users given cluster admin, besides the identity Terraform runs as. */
  readonly adminPrincipalArns: readonly string[];
  readonly partition: string;
  readonly region: string;
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

    // Created before the cluster so its retention and key are ours; EKS would otherwise create it with no
    // expiry and no key of ours.
    const logsKey = LogsKey.of(this, { environmentName: props.name, region: props.region, partition: props.partition });
    const logs = new CloudwatchLogGroup(this, 'control-plane-logs', {
      name: controlPlaneLogGroupName(props.name),
      retentionInDays: props.logRetentionDays,
      kmsKeyId: logsKey.key.arn,
      lifecycle: { preventDestroy: true },
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
        // No hidden admin: the identity Terraform runs as gets an access entry below, visible in state.
        bootstrapClusterCreatorAdminPermissions: false,
      },
      encryptionConfig: { provider: { keyArn: this.secretsKey.arn }, resources: ['secrets'] },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      kubernetesNetworkConfig: { ipFamily: 'ipv4', serviceIpv4Cidr: props.serviceCidr },
      upgradePolicy: { supportType: props.supportType },
      lifecycle: { preventDestroy: true },
      dependsOn: [...role.attachments, keyUse, logs],
    });

    const policyArn = `arn:${props.partition}:eks::aws:cluster-access-policy/${CLUSTER_ADMIN_POLICY}`;
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
        policyArn,
        accessScope: { type: 'cluster' },
      });
    }
    this.runnerAdmin(props, policyArn);
  }

  /**
   * The role (or user) Terraform runs as administers the cluster through its own access entry, so the apps
   * stack can install into it. When that principal is also listed in `adminPrincipalArns` its entry above
   * serves, and this one is not created: EKS refuses two entries for one principal.
   */
  private runnerAdmin(props: EksControlPlaneProps, policyArn: string): void {
    const runnerArn = TerraformCaller.of(this).issuerArn;
    const count = Fn.conditional(Fn.contains([...props.adminPrincipalArns], runnerArn), 0, 1);
    const entry = new EksAccessEntry(this, 'terraform-runner', {
      count,
      clusterName: this.cluster.name,
      principalArn: runnerArn,
      type: 'STANDARD',
    });
    new EksAccessPolicyAssociation(this, 'terraform-runner-cluster-admin', {
      count,
      clusterName: this.cluster.name,
      principalArn: runnerArn,
      policyArn,
      accessScope: { type: 'cluster' },
      dependsOn: [entry],
    });
  }
}
