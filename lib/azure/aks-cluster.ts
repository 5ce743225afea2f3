import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Construct } from 'constructs';
import type { NodePoolConfig } from '../config/schema';
import type { AksKeyVault } from './key-vault';

export interface MaintenanceWindow {
  readonly dayOfWeek: string;
  readonly startHourUtc: number;
  readonly durationHours: number;
}

export interface AksClusterProps {
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly kubernetesVersion: string;
  readonly zones: readonly string[];
  readonly nodeSubnetId: string;
  /** Delegated to AKS: the API server's internal load balancer lives here (API Server VNet Integration). */
  readonly apiServerSubnetId: string;
  readonly serviceCidr: string;
  readonly dnsServiceIp: string;
  readonly podCidr: string;
  /** Empty: a private cluster (no public API endpoint at all). */
  readonly authorizedIpRanges: readonly string[];
  readonly tenantId: string;
  readonly adminGroupObjectIds: readonly string[];
  readonly deployerObjectId: string;
  readonly skuTier: string;
  readonly core: NodePoolConfig;
  readonly coreLabels: Readonly<Record<string, string>>;
  readonly hostEncryption: boolean;
  readonly logRetentionDays: number;
  readonly maintenance: MaintenanceWindow;
  readonly keyVault: AksKeyVault;
  readonly tags: Readonly<Record<string, string>>;
}

/** Upgrades surge a third of a pool at a time, as the AKS baseline does. */
export const UPGRADE_SETTINGS = { maxSurge: '33%', drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 } as const;

/**
 * The AKS control plane with the `core` system pool (critical add-ons only), Azure CNI overlay with Cilium
 * network policy, Entra ID with Azure RBAC and no local accounts, OIDC issuer and workload identity, API Server
 * VNet Integration, KMS v2 etcd encryption with a private vault, Container Insights, Azure Policy, and
 * scheduled upgrades.
 */
export class AksCluster extends Construct {
  public readonly cluster: KubernetesCluster;
  public readonly identity: UserAssignedIdentity;
  public readonly logs: LogAnalyticsWorkspace;

  constructor(scope: Construct, id: string, props: AksClusterProps) {
    super(scope, id);
    this.identity = new UserAssignedIdentity(this, 'cluster-identity', {
      name: `id-${props.name}-control-plane`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: { ...props.tags },
    });
    const network = new RoleAssignment(this, 'cluster-network-contributor', {
      scope: props.nodeSubnetId,
      roleDefinitionName: 'Network Contributor',
      principalId: this.identity.principalId,
      principalType: 'ServicePrincipal',
    });
    const apiServerNetwork = new RoleAssignment(this, 'cluster-api-subnet-network-contributor', {
      scope: props.apiServerSubnetId,
      roleDefinitionName: 'Network Contributor',
      principalId: this.identity.principalId,
      principalType: 'ServicePrincipal',
    });
    const kms = props.keyVault.grantCryptoUser('cluster-crypto-user', this.identity.principalId);
    const kmsPrivateLink = props.keyVault.grantPrivateLinkCreation(
      'cluster-kms-private-link',
      this.identity.principalId,
    );
    this.logs = new LogAnalyticsWorkspace(this, 'logs', {
      name: `log-${props.name}`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      sku: 'PerGB2018',
      retentionInDays: props.logRetentionDays,
      localAuthenticationEnabled: false,
      tags: { ...props.tags },
    });
    const window = {
      frequency: 'Weekly',
      interval: 1,
      dayOfWeek: props.maintenance.dayOfWeek,
      startTime: `${String(props.maintenance.startHourUtc).padStart(2, '0')}:00`,
      utcOffset: '+00:00',
      duration: props.maintenance.durationHours,
    };
    const privateCluster = props.authorizedIpRanges.length === 0;
    this.cluster = new KubernetesCluster(this, 'cluster', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      nodeResourceGroup: `rg-${props.name}-nodes`,
      dnsPrefix: props.name,
      kubernetesVersion: props.kubernetesVersion,
      skuTier: props.skuTier,
      automaticUpgradeChannel: 'patch',
      nodeOsUpgradeChannel: 'NodeImage',
      maintenanceWindowAutoUpgrade: window,
      maintenanceWindowNodeOs: window,
      identity: { type: 'UserAssigned', identityIds: [this.identity.id] },
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      localAccountDisabled: true,
      roleBasedAccessControlEnabled: true,
      azureActiveDirectoryRoleBasedAccessControl: {
        azureRbacEnabled: true,
        tenantId: props.tenantId,
        adminGroupObjectIds: [...props.adminGroupObjectIds],
      },
      privateClusterEnabled: privateCluster,
      // KMS with a private vault works only with API Server VNet Integration (AKS KMS docs, "Limitations").
      apiServerAccessProfile: {
        virtualNetworkIntegrationEnabled: true,
        subnetId: props.apiServerSubnetId,
        authorizedIpRanges: privateCluster ? undefined : [...props.authorizedIpRanges],
      },
      keyManagementService: { keyVaultKeyId: props.keyVault.kmsKey.id, keyVaultNetworkAccess: 'Private' },
      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        networkDataPlane: 'cilium',
        networkPolicy: 'cilium',
        podCidr: props.podCidr,
        serviceCidr: props.serviceCidr,
        dnsServiceIp: props.dnsServiceIp,
        loadBalancerSku: 'standard',
        outboundType: 'loadBalancer',
      },
      defaultNodePool: {
        name: 'core',
        vmSize: props.core.instanceTypes[0],
        zones: [...props.zones],
        vnetSubnetId: props.nodeSubnetId,
        autoScalingEnabled: true,
        minCount: props.core.minSize,
        maxCount: props.core.maxSize,
        nodeCount: props.core.desiredSize ?? props.core.minSize,
        onlyCriticalAddonsEnabled: true,
        nodeLabels: { ...props.coreLabels },
        nodePublicIpEnabled: false,
        hostEncryptionEnabled: props.hostEncryption,
        osSku: 'AzureLinux',
        osDiskType: 'Managed',
        osDiskSizeGb: props.core.diskSizeGiB,
        maxPods: 110,
        temporaryNameForRotation: 'coretmp',
        upgradeSettings: { ...UPGRADE_SETTINGS },
      },
      autoScalerProfile: { balanceSimilarNodeGroups: true, expander: 'least-waste', skipNodesWithLocalStorage: false },
      storageProfile: {
        diskDriverEnabled: true,
        fileDriverEnabled: true,
        blobDriverEnabled: false,
        snapshotControllerEnabled: true,
      },
      omsAgent: { logAnalyticsWorkspaceId: this.logs.id, msiAuthForMonitoringEnabled: true },
      azurePolicyEnabled: true,
      imageCleanerEnabled: true,
      imageCleanerIntervalHours: 48,
      runCommandEnabled: false,
      tags: { ...props.tags },
      dependsOn: [network, apiServerNetwork, kms, kmsPrivateLink],
      lifecycle: {
        preventDestroy: true,
        // The cluster autoscaler owns the node count.
        ignoreChanges: ['default_node_pool[0].node_count'],
      },
    });
    // Terraform's own identity administers the cluster (the apps stack), through Azure RBAC, not local accounts.
    new RoleAssignment(this, 'deployer-cluster-admin', {
      scope: this.cluster.id,
      roleDefinitionName: 'Azure Kubernetes Service RBAC Cluster Admin',
      principalId: props.deployerObjectId,
    });
  }
}
