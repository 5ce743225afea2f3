import { DataAwsEksClusterAuth } from '@cdktf/provider-aws/lib/data-aws-eks-cluster-auth';
import { Fn, TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { EksControlPlane } from '../lib/aws/eks-control-plane';
import { EksManagedAddons } from '../lib/aws/eks-managed-addons';
import type { AwsEnvironment } from '../lib/aws/environment';
import { partitionOf } from '../lib/aws/iam';
import { ManagedNodeGroup } from '../lib/aws/managed-node-group';
import { AwsNetwork } from '../lib/aws/network';
import { EksNodeRole } from '../lib/aws/node-role';
import { AWS_INGRESS_ANNOTATIONS, awsDns, awsStorageClasses } from '../lib/aws/contract-values';
import type { ClusterDescription, NodePoolsDescription } from '../lib/contracts/cluster';
import { nodePoolSelectors } from '../lib/core/node-pools';
import { createAwsProvider } from '../providers/aws';
import { createKubernetesProviders } from '../providers/kubernetes';
import { ClusterStack } from './cluster-stack';

/**
 * `aws-prod` and friends: a VPC, an EKS control plane and the `core` managed node group with pinned EKS
 * add-ons. Uses the aws provider alone and no data source that calls AWS at plan time, so it plans offline.
 */
export class AwsEksClusterStack extends ClusterStack<AwsEnvironment, AwsNetwork, EksControlPlane> {
  constructor(scope: Construct, environment: AwsEnvironment) {
    super(scope, environment, 'aws');
  }

  protected configureProviders(): void {
    createAwsProvider(this, this.environment);
  }

  protected createNetwork(): AwsNetwork {
    const env = this.environment;
    return new AwsNetwork(this, 'network', {
      name: env.name,
      vpcCidr: env.network.vpcCidr,
      zones: env.zones,
      natGateways: env.aws.natGateways,
      clusterName: env.name,
    });
  }

  protected createCluster(network: AwsNetwork): EksControlPlane {
    const env = this.environment;
    return new EksControlPlane(this, 'control-plane', {
      name: env.name,
      kubernetesVersion: env.kubernetesVersion,
      subnetIds: network.privateSubnets.map((s) => s.id),
      privateEndpoint: env.apiAccess.privateEndpoint,
      publicAccessCidrs: env.apiAccess.publicAccessCidrs,
      serviceCidr: env.network.serviceCidr,
      logRetentionDays: env.aws.controlPlaneLogRetentionDays,
      supportType: env.aws.supportType,
      adminPrincipalArns: env.aws.adminPrincipalArns,
      partition: partitionOf(env.region),
    });
  }

  protected createNodePools(controlPlane: EksControlPlane, network: AwsNetwork): void {
    const env = this.environment;
    const nodeRole = new EksNodeRole(this, 'node-role', { name: env.name, partition: partitionOf(env.region) });
    const core = this.selectors().core;
    const coreGroup = new ManagedNodeGroup(this, 'core-pool', {
      clusterName: controlPlane.cluster.name,
      pool: 'core',
      environmentName: env.name,
      config: env.nodePools.core,
      subnetIds: network.privateSubnets.map((s) => s.id),
      nodeRoleArn: nodeRole.role.arn,
      labels: core.labels,
      taints: core.taints,
      dependsOn: nodeRole.attachments,
    });
    new EksManagedAddons(this, 'eks-addons', {
      clusterName: controlPlane.cluster.name,
      kubernetesVersion: env.kubernetesVersion,
      after: [coreGroup.nodeGroup],
    });
  }

  protected createIdentitiesAndStorage(): void {
    // Pod identities for controllers and the S3 buckets arrive with the production-grade EKS flavour.
  }

  protected describe(controlPlane: EksControlPlane): ClusterDescription {
    const env = this.environment;
    const cluster = controlPlane.cluster;
    return {
      environment: env.name,
      cloud: 'aws',
      clusterName: env.name,
      kubernetesVersion: env.kubernetesVersion,
      nodePools: this.selectors(),
      storage: { classes: awsStorageClasses() },
      ingress: { loadBalancerAnnotations: AWS_INGRESS_ANNOTATIONS },
      objectStorage: {
        endpoint: `https://s3.${env.region}.amazonaws.com`,
        region: env.region,
        forcePathStyle: false,
        buckets: {},
      },
      dns: awsDns(env),
      workloads: {},
      capabilities: { metricsServer: false },
      platformAddOns: [],
      kubernetesProviders: (scope) => {
        createAwsProvider(scope, env);
        // A short-lived token from the provider itself: no aws CLI or kubeconfig, so Terraform Cloud can run it.
        const auth = new DataAwsEksClusterAuth(scope, 'cluster-auth', { name: cluster.name });
        return createKubernetesProviders(scope, {
          host: cluster.endpoint,
          clusterCaCertificate: Fn.base64decode(cluster.certificateAuthority.get(0).data),
          token: auth.token,
        });
      },
    };
  }

  protected createOutputs(controlPlane: EksControlPlane): void {
    new TerraformOutput(this, 'cluster-name', { value: controlPlane.cluster.name });
    new TerraformOutput(this, 'cluster-endpoint', { value: controlPlane.cluster.endpoint });
    new TerraformOutput(this, 'region', { value: this.environment.region });
  }

  private selectors(): NodePoolsDescription {
    return nodePoolSelectors(this.environment.nodePools.gpu !== undefined);
  }
}
