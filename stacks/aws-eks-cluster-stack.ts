import { Fn, TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import {
  AWS_INGRESS_ANNOTATIONS,
  awsDatabaseBackupLocation,
  AWS_INGRESS_CLIENT_ADDRESS,
  awsDns,
  awsNetwork,
  awsStorageClasses,
  eksTokenExec,
} from '../lib/aws/contract-values';
import { AwsDnsZone } from '../lib/aws/dns-zone';
import { EksControlPlane } from '../lib/aws/eks-control-plane';
import { eksOidcProvider } from '../lib/aws/eks-oidc';
import { EksManagedAddons } from '../lib/aws/eks-managed-addons';
import { VpcFlowLogs } from '../lib/aws/flow-logs';
import type { AwsEnvironment } from '../lib/aws/environment';
import { partitionOf } from '../lib/aws/iam';
import { KarpenterAddOn, KarpenterCrdAddOn } from '../lib/aws/karpenter-addon';
import { KarpenterInfrastructure } from '../lib/aws/karpenter-infra';
import type { KarpenterPoolSpec } from '../lib/aws/karpenter-node-pools';
import {
  LOAD_BALANCER_CONTROLLER_NAMESPACE,
  LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
  LoadBalancerControllerAddOn,
} from '../lib/aws/load-balancer-controller-addon';
import { loadBalancerControllerStatements } from '../lib/aws/load-balancer-controller-policy';
import { ManagedNodeGroup } from '../lib/aws/managed-node-group';
import { AwsNetwork } from '../lib/aws/network';
import { EksNodeRole } from '../lib/aws/node-role';
import { ObjectStorage } from '../lib/aws/object-storage';
import { PodIdentityRole } from '../lib/aws/pod-identity';
import { WorkloadIdentities } from '../lib/aws/workload-identities';
import type { ClusterDescription, NodePoolsDescription } from '../lib/contracts/cluster';
import type { BucketPurpose } from '../lib/contracts/workloads';
import type { EnvironmentZone } from '../lib/core/dns-zone';
import { apiServerOidcOf } from '../lib/core/kubernetes-oidc';
import { nodePoolSelectors } from '../lib/core/node-pools';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BACKUP_REPLICA_LOGS_PURPOSE, BACKUP_REPLICA_PURPOSE, BackupReplica } from '../lib/aws/backup-replica';
import { RestoreReader } from '../lib/aws/restore-reader';
import { bucketName } from '../lib/config/schema-parts';
import { createAwsProvider, createAwsReplicaProvider } from '../providers/aws';
import { createKubernetesProviders } from '../providers/kubernetes';
import { tfcAwsConfigFile } from '../lib/terraform-cloud/dynamic-credentials';
import { ClusterStack, type ClusterStackOptions } from './cluster-stack';

/** The EBS CSI controller's ServiceAccount in the managed add-on. */
const EBS_CSI_SERVICE_ACCOUNT = 'ebs-csi-controller-sa';

/**
 * What the hooks build, filled in hook order (backend -> network -> cluster -> node pools -> identities and
 * storage) and read by `describe`: hooks run before subclass fields exist, so state travels in this object.
 */
export interface EksClusterParts {
  readonly controlPlane: EksControlPlane;
  /** The cluster's VPC, which the load balancer controller's security-group rights are confined to. */
  readonly vpcArn: string;
  karpenter?: KarpenterInfrastructure;
  storage?: ObjectStorage;
  identities?: WorkloadIdentities;
}

/**
 * `aws-prod` and friends: a VPC, an EKS control plane, the `core` managed node group, Karpenter's AWS side
 * (worker and gpu capacity come from Karpenter in the apps stack), Pod Identity roles for controllers and
 * apps, and the S3 buckets. Uses the aws provider alone and no data source that calls AWS at plan time, so it
 * plans offline.
 */
export class AwsEksClusterStack extends ClusterStack<AwsEnvironment, AwsNetwork, EksClusterParts> {
  constructor(scope: Construct, environment: AwsEnvironment, options: ClusterStackOptions = {}) {
    super(scope, environment, 'aws', options);
  }

  protected configureProviders(): void {
    createAwsProvider(this, this.environment);
    const replica = this.environment.aws.backupReplica;
    if (replica) createAwsReplicaProvider(this, this.environment, replica.region);
  }

  protected createNetwork(): AwsNetwork {
    const env = this.environment;
    const network = new AwsNetwork(this, 'network', {
      name: env.name,
      vpcCidr: env.network.vpcCidr,
      zones: env.zones,
      natGateways: env.aws.natGateways,
      clusterName: env.name,
    });
    new VpcFlowLogs(this, 'flow-logs', {
      environmentName: env.name,
      vpc: network.vpc,
      region: env.region,
      partition: partitionOf(env.region),
      retentionDays: env.aws.flowLogRetentionDays,
    });
    return network;
  }

  protected createDnsZone(): EnvironmentZone {
    const env = this.environment;
    return new AwsDnsZone(this, 'dns-zone', {
      name: env.dns.baseDomain,
      existingZoneId: env.dns.zoneId,
      tags: env.tags,
    }).zone;
  }

  protected createCluster(network: AwsNetwork): EksClusterParts {
    const env = this.environment;
    const controlPlane = new EksControlPlane(this, 'control-plane', {
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
      region: env.region,
    });
    if (env.aws.oidc) {
      eksOidcProvider(this, { clusterName: controlPlane.cluster.name, oidc: env.aws.oidc, tags: env.tags });
    }
    return { controlPlane, vpcArn: network.vpc.arn };
  }

  protected createNodePools(parts: EksClusterParts, network: AwsNetwork): void {
    const env = this.environment;
    const controlPlane = parts.controlPlane;
    const partition = partitionOf(env.region);
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
    // Worker and gpu capacity: Karpenter launches it; the AWS side lives here, the chart in the apps stack.
    parts.karpenter = new KarpenterInfrastructure(this, 'karpenter', {
      environmentName: env.name,
      cluster: controlPlane.cluster,
      partition,
      region: env.region,
    });
    // AWS maintains this policy's tag-scoped least-privilege set for the driver.
    const ebsCsi = new PodIdentityRole(this, 'ebs-csi-driver', {
      clusterName: controlPlane.cluster.name,
      clusterArn: controlPlane.cluster.arn,
      roleName: `${env.name}-ebs-csi-driver`,
      partition,
      addOnServiceAccounts: [{ namespace: 'kube-system', serviceAccount: EBS_CSI_SERVICE_ACCOUNT }],
      managedPolicies: ['service-role/AmazonEBSCSIDriverPolicy'],
    });
    new EksManagedAddons(this, 'eks-addons', {
      clusterName: controlPlane.cluster.name,
      kubernetesVersion: env.kubernetesVersion,
      after: [coreGroup.nodeGroup],
      podIdentities: {
        'aws-ebs-csi-driver': { roleArn: ebsCsi.role.arn, serviceAccount: EBS_CSI_SERVICE_ACCOUNT },
      },
    });
  }

  protected createIdentitiesAndStorage(parts: EksClusterParts, zone: EnvironmentZone): void {
    const env = this.environment;
    const partition = partitionOf(env.region);
    const clusterName = parts.controlPlane.cluster.name;
    parts.storage = new ObjectStorage(this, 'object-storage', {
      environmentName: env.name,
      bucketPrefix: env.aws.bucketPrefix,
      noncurrentVersionDays: env.aws.noncurrentVersionDays,
      accessLogDays: env.aws.accessLogDays,
      partition,
      baseDomain: env.dns.baseDomain,
    });
    this.replicateBackups(parts.storage);
    parts.identities = new WorkloadIdentities(this, 'workload-identities', {
      environmentName: env.name,
      clusterName,
      clusterArn: parts.controlPlane.cluster.arn,
      partition,
      storage: parts.storage,
      zoneId: zone.id,
      databaseNamespaces: env.aws.databaseNamespaces,
    });
    new PodIdentityRole(this, 'load-balancer-controller', {
      clusterName,
      clusterArn: parts.controlPlane.cluster.arn,
      roleName: `${env.name}-aws-load-balancer-controller`,
      partition,
      serviceAccounts: [
        { namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE, serviceAccount: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT },
      ],
      statements: loadBalancerControllerStatements({
        partition,
        region: env.region,
        clusterName: env.name,
        vpcArn: parts.vpcArn,
      }),
    });
  }

  protected override createRestoreReader(parts: EksClusterParts, target: string): void {
    const storage = parts.storage as ObjectStorage;
    new RestoreReader(this, `restore-reader-${target}`, {
      environmentName: this.environment.name,
      target,
      bucketArn: storage.buckets.backups.bucket.arn,
      keyArn: storage.key.arn,
    });
  }

  protected describe(parts: EksClusterParts, network: AwsNetwork, zone: EnvironmentZone): ClusterDescription {
    const env = this.environment;
    const cluster = parts.controlPlane.cluster;
    const karpenter = parts.karpenter as KarpenterInfrastructure;
    const storage = parts.storage as ObjectStorage;
    const selectors = this.selectors();
    return {
      environment: env.name,
      cloud: 'aws',
      clusterName: env.name,
      kubernetesVersion: env.kubernetesVersion,
      nodePools: selectors,
      storage: { classes: awsStorageClasses() },
      ingress: { loadBalancerAnnotations: AWS_INGRESS_ANNOTATIONS, clientAddress: AWS_INGRESS_CLIENT_ADDRESS },
      objectStorage: {
        endpoint: `https://s3.${env.region}.amazonaws.com`,
        publicEndpoint: `https://s3.${env.region}.amazonaws.com`,
        region: env.region,
        forcePathStyle: false,
        // By reference: the apps stack reads the names from this stack's state, never from a copy.
        buckets: Object.fromEntries(
          Object.entries(storage.buckets).map(([purpose, bucket]) => [purpose, { name: bucket.bucket.bucket }]),
        ) as Record<BucketPurpose, { name: string }>,
      },
      dns: awsDns(env, zone.id),
      apiServerOidc: env.aws.oidc ? apiServerOidcOf(env.aws.oidc) : undefined,
      workloads: parts.identities?.access ?? {},
      databaseBackupLocation: (namespace) =>
        parts.identities?.databaseBackups && env.aws.databaseNamespaces.includes(namespace)
          ? awsDatabaseBackupLocation(storage.buckets.backups.bucket.bucket, namespace)
          : undefined,
      network: awsNetwork(env),
      capabilities: { metricsServer: false, networkPolicy: true, kubeProxy: true, karpenter: true },
      platformAddOns: [
        new LoadBalancerControllerAddOn({ clusterName: env.name, region: env.region, vpcId: network.vpc.id }),
        new KarpenterCrdAddOn(),
        new KarpenterAddOn({
          clusterName: env.name,
          environmentName: env.name,
          clusterEndpoint: cluster.endpoint,
          interruptionQueue: karpenter.queue.name,
          instanceProfile: karpenter.instanceProfile.name,
          pools: this.karpenterPools(selectors),
        }),
      ],
      kubernetesProviders: (scope) =>
        createKubernetesProviders(scope, {
          host: cluster.endpoint,
          clusterCaCertificate: Fn.base64decode(cluster.certificateAuthority.get(0).data),
          exec: eksTokenExec(
            cluster.name,
            env.region,
            env.backend.type === 'terraform-cloud' ? { AWS_CONFIG_FILE: tfcAwsConfigFile(scope) } : {},
          ),
        }),
    };
  }

  protected createOutputs(parts: EksClusterParts): void {
    const controlPlane = parts.controlPlane;
    new TerraformOutput(this, 'cluster-name', { value: controlPlane.cluster.name });
    new TerraformOutput(this, 'cluster-endpoint', { value: controlPlane.cluster.endpoint });
    new TerraformOutput(this, 'region', { value: this.environment.region });
  }

  /** The locked copy of the backups in `aws.backupReplica.region`, where configured. */
  private replicateBackups(storage: ObjectStorage): void {
    const env = this.environment;
    const replica = env.aws.backupReplica;
    const provider = this.node.tryFindChild('aws-backup-replica');
    if (!replica || !(provider instanceof AwsProvider)) return;
    new BackupReplica(this, 'backup-replica', {
      environmentName: env.name,
      source: storage.buckets.backups,
      sourceKeyArn: storage.key.arn,
      sourceRegion: env.region,
      provider,
      region: replica.region,
      bucketName: bucketName(env.aws.bucketPrefix, env.name, BACKUP_REPLICA_PURPOSE),
      logsBucketName: bucketName(env.aws.bucketPrefix, env.name, BACKUP_REPLICA_LOGS_PURPOSE),
      partition: partitionOf(env.region),
      accessLogDays: env.aws.accessLogDays,
      objectLock: { mode: replica.objectLockMode, days: replica.objectLockDays },
      noncurrentVersionDays: env.aws.noncurrentVersionDays,
    });
  }

  private karpenterPools(selectors: NodePoolsDescription): KarpenterPoolSpec[] {
    const pools = this.environment.nodePools;
    const worker: KarpenterPoolSpec = { name: 'worker', config: pools.worker, selector: selectors.worker };
    return pools.gpu && selectors.gpu
      ? [worker, { name: 'gpu', config: pools.gpu, selector: selectors.gpu }]
      : [worker];
  }

  private selectors(): NodePoolsDescription {
    return nodePoolSelectors(this.environment.nodePools.gpu !== undefined);
  }
}
