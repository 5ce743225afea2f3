import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import type { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { Fn, TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { AksCluster } from '../lib/azure/aks-cluster';
import { BackupStorage } from '../lib/azure/backup-storage';
import {
  AZURE_INGRESS_ANNOTATIONS,
  AZURE_INGRESS_CLIENT_ADDRESS,
  azureNetwork,
  azureDns,
  azureStorageClasses,
  kubeloginExec,
} from '../lib/azure/contract-values';
import type { AzureEnvironment } from '../lib/azure/environment';
import { AzureDnsZone, type AzureDnsZoneProps, azureZoneLocation } from '../lib/azure/dns-zone';
import { AksKeyVault } from '../lib/azure/key-vault';
import { GlobalNames } from '../lib/azure/names';
import { AzureNetwork } from '../lib/azure/network';
import { AKS_SPOT_TAINT, AksNodePool } from '../lib/azure/node-pool';
import { ObjectStoreCredentials, SeaweedFsAddOn, seaweedObjectStorage } from '../lib/azure/object-store';
import { WorkloadIdentity } from '../lib/azure/workload-identity';
import { formatCidr, parseCidr } from '../lib/core/cidr';
import type { ClusterDescription, NodePoolsDescription, Taint, WorkloadAccess } from '../lib/contracts/cluster';
import { WORKLOADS, databaseServiceAccount, type WorkloadName } from '../lib/contracts/workloads';
import type { EnvironmentZone } from '../lib/core/dns-zone';
import { nodePoolSelectors } from '../lib/core/node-pools';
import { createAzureProvider } from '../providers/azure';
import { createKubernetesProviders } from '../providers/kubernetes';
import { createTimeProvider } from '../providers/time';
import { tfcAzureWorkloadIdentity } from '../lib/terraform-cloud/dynamic-credentials';
import { ClusterStack, type ClusterStackOptions } from './cluster-stack';

/** `onlyCriticalAddonsEnabled` puts this taint on the system pool; platform add-ons tolerate it. */
export const CRITICAL_ADDONS_TAINT: Taint = { key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' };

interface AzureBase {
  readonly network: AzureNetwork;
  readonly names: GlobalNames;
  readonly client: DataAzurermClientConfig;
  readonly tenantId: string;
}

/** The Azure object-store plugin paired with Velero 1.18. */
const AZURE_VELERO_PLUGIN_IMAGE = 'velero/velero-plugin-for-microsoft-azure:v1.14.2';

/** Filled by createIdentitiesAndStorage; hooks pass state along in their values (see ClusterStack). */
interface AzureWorkloadState {
  readonly identities: Partial<Record<WorkloadName, WorkloadIdentity>>;
  /** One per database namespace, each reaching only that namespace's container. */
  readonly databaseIdentities: Record<string, WorkloadIdentity>;
  storage?: BackupStorage;
  credentials?: ObjectStoreCredentials;
}

interface AzureCluster extends AzureBase {
  readonly aks: AksCluster;
  readonly keyVault: AksKeyVault;
  readonly state: AzureWorkloadState;
}

/**
 * `azure-staging` and friends: a locked resource group, a VNet, an AKS cluster with a `core` system pool,
 * autoscaled `worker` and optional `gpu` user pools, KMS in a Key Vault, workload identities for the
 * platform's controllers, a Blob account for backups and generated keys for the in-cluster S3 store.
 * Cannot plan offline (no azurerm plugin here): checked by types, unit tests and policy rules.
 */
export class AzureAksClusterStack extends ClusterStack<AzureEnvironment, AzureBase, AzureCluster> {
  constructor(scope: Construct, environment: AzureEnvironment, options: ClusterStackOptions = {}) {
    super(scope, environment, 'azure', options);
  }

  protected configureProviders(): void {
    createAzureProvider(this, this.environment);
    new RandomProvider(this, 'random');
    createTimeProvider(this);
  }

  protected createNetwork(): AzureBase {
    const env = this.environment;
    const network = new AzureNetwork(this, 'network', {
      name: env.name,
      location: env.region,
      vnetCidr: env.network.vnetCidr,
      tags: env.tags,
    });
    const client = new DataAzurermClientConfig(this, 'client-config');
    return {
      network,
      names: new GlobalNames(this, 'name-suffix', env.name),
      client,
      tenantId: env.azure.tenantId ?? client.tenantId,
    };
  }

  protected createDnsZone(base: AzureBase): EnvironmentZone {
    return new AzureDnsZone(this, 'dns-zone', this.zoneProps(base)).zone;
  }

  protected createCluster(base: AzureBase): AzureCluster {
    const env = this.environment;
    const rg = base.network.resourceGroup;
    const keyVault = new AksKeyVault(this, 'key-vault', {
      name: base.names.keyVault,
      location: env.region,
      resourceGroupName: rg.name,
      tenantId: base.tenantId,
      deployerObjectId: base.client.objectId,
      vnetId: base.network.vnet.id,
      privateEndpointSubnetId: base.network.privateEndpointSubnet.id,
      tags: env.tags,
    });
    const aks = new AksCluster(this, 'aks', {
      name: env.name,
      location: env.region,
      resourceGroupName: rg.name,
      kubernetesVersion: env.kubernetesVersion,
      zones: env.zones,
      nodeSubnetId: base.network.nodeSubnet.id,
      apiServerSubnetId: base.network.apiServerSubnet.id,
      serviceCidr: env.network.serviceCidr,
      dnsServiceIp: dnsServiceIp(env.network.serviceCidr),
      podCidr: env.network.podCidr,
      authorizedIpRanges: env.apiAccess.publicAccessCidrs,
      tenantId: base.tenantId,
      adminGroupObjectIds: env.azure.adminGroupObjectIds,
      deployerObjectId: base.client.objectId,
      skuTier: env.azure.skuTier,
      core: env.nodePools.core,
      coreLabels: this.selectors().core.labels,
      hostEncryption: env.azure.hostEncryption,
      logRetentionDays: env.azure.logRetentionDays,
      maintenance: env.azure.maintenance,
      keyVault,
      tags: env.tags,
    });
    return { ...base, aks, keyVault, state: { identities: {}, databaseIdentities: {} } };
  }

  protected createNodePools(cluster: AzureCluster): void {
    const env = this.environment;
    const selectors = this.selectors();
    const common = {
      clusterId: cluster.aks.cluster.id,
      zones: env.zones,
      subnetId: cluster.network.nodeSubnet.id,
      kubernetesVersion: env.kubernetesVersion,
      hostEncryption: env.azure.hostEncryption,
      tags: env.tags,
    };
    new AksNodePool(this, 'worker-pool', {
      ...common,
      pool: 'worker',
      config: env.nodePools.worker,
      labels: selectors.worker.labels,
      taints: selectors.worker.taints,
    });
    if (env.nodePools.gpu && selectors.gpu) {
      new AksNodePool(this, 'gpu-pool', {
        ...common,
        pool: 'gpu',
        config: env.nodePools.gpu,
        labels: selectors.gpu.labels,
        taints: selectors.gpu.taints,
      });
    }
  }

  protected createIdentitiesAndStorage(cluster: AzureCluster, zone: EnvironmentZone): void {
    const env = this.environment;
    const rg = cluster.network.resourceGroup;
    const state = cluster.state;
    const storage = new BackupStorage(this, 'backup-storage', {
      name: cluster.names.storageAccount,
      location: env.region,
      resourceGroupName: rg.name,
      replication: env.azure.storageReplication,
      softDeleteDays: env.azure.softDeleteDays,
      subnetIds: [cluster.network.nodeSubnet.id],
      databaseNamespaces: env.azure.databaseNamespaces,
      logAnalyticsWorkspaceId: cluster.aks.logs.id,
      tags: env.tags,
    });
    state.storage = storage;
    const common = {
      location: env.region,
      resourceGroupName: rg.name,
      oidcIssuerUrl: cluster.aks.cluster.oidcIssuerUrl,
      tags: env.tags,
    };
    const blobWriter = (container: StorageContainer) => [
      { role: 'Storage Blob Data Contributor', scope: container.id },
    ];
    for (const name of ['external-dns', 'cert-manager'] as const) {
      state.identities[name] = new WorkloadIdentity(this, `identity-${name}`, {
        ...common,
        name: `id-${env.name}-${name}`,
        serviceAccounts: [WORKLOADS[name]],
        grants: [{ role: 'DNS Zone Contributor', scope: zone.id }],
      });
    }
    state.identities.velero = new WorkloadIdentity(this, 'identity-velero', {
      ...common,
      name: `id-${env.name}-velero`,
      serviceAccounts: [WORKLOADS.velero],
      grants: blobWriter(storage.backups),
    });
    // As on EKS each database namespace is confined to its own backups, here by an identity per namespace
    // whose role is scoped to that namespace's container: one stolen token reaches one database's backups.
    for (const [namespace, container] of Object.entries(storage.databases)) {
      state.databaseIdentities[namespace] = new WorkloadIdentity(this, `identity-cnpg-${namespace}`, {
        ...common,
        name: `id-${env.name}-cnpg-${namespace}`,
        serviceAccounts: [{ namespace, serviceAccount: databaseServiceAccount(namespace) }],
        grants: blobWriter(container),
      });
    }
    state.credentials = new ObjectStoreCredentials(this, 'object-store-keys');
  }

  protected describe(cluster: AzureCluster, _base: AzureBase, zone: EnvironmentZone): ClusterDescription {
    const env = this.environment;
    const aks = cluster.aks.cluster;
    const workloads: Partial<Record<WorkloadName, WorkloadAccess>> = {};
    for (const [name, identity] of Object.entries(cluster.state.identities) as [WorkloadName, WorkloadIdentity][]) {
      workloads[name] = identity.access();
    }
    for (const [name, keys] of Object.entries(cluster.state.credentials?.keys ?? {}) as [
      WorkloadName,
      WorkloadAccess['staticKeys'],
    ][]) {
      workloads[name] = { serviceAccountAnnotations: {}, podLabels: {}, staticKeys: keys };
    }
    const kubeloginMode = env.azure.kubeloginMode;
    return {
      environment: env.name,
      cloud: 'azure',
      clusterName: env.name,
      kubernetesVersion: env.kubernetesVersion,
      nodePools: this.selectors(),
      storage: { classes: azureStorageClasses() },
      ingress: { loadBalancerAnnotations: AZURE_INGRESS_ANNOTATIONS, clientAddress: AZURE_INGRESS_CLIENT_ADDRESS },
      objectStorage: seaweedObjectStorage(env.dns.baseDomain),
      dns: azureDns(
        env,
        cluster.tenantId,
        { id: zone.id, location: azureZoneLocation(this.zoneProps(cluster)) },
        (cluster.state.identities['cert-manager'] as WorkloadIdentity).identity.clientId,
      ),
      veleroBackupLocation: cluster.state.storage && {
        provider: 'azure',
        pluginImage: AZURE_VELERO_PLUGIN_IMAGE,
        bucket: cluster.state.storage.backups.name,
        config: {
          resourceGroup: cluster.network.resourceGroup.name,
          storageAccount: cluster.state.storage.account.name,
          subscriptionId: env.azure.subscriptionId ?? cluster.client.subscriptionId,
          // Velero's workload identity (federated credential on its ServiceAccount), no account keys.
          useAAD: 'true',
        },
      },
      workloads,
      databaseBackupLocation: (namespace) => {
        const container = cluster.state.storage?.databases[namespace];
        const identity = cluster.state.databaseIdentities[namespace];
        if (!container || !identity || !cluster.state.storage) return undefined;
        return {
          // The blob endpoint ends with "/": the container is the whole destination, one per namespace.
          destinationPath: `${cluster.state.storage.account.primaryBlobEndpoint}${container.name}`,
          credentials: { kind: 'azure-identity' },
          ...identity.access(),
        };
      },
      network: azureNetwork(env.network.serviceCidr, cluster.network.apiServerSubnetCidr),
      capabilities: { metricsServer: true, networkPolicy: true, kubeProxy: false, karpenter: false },
      platformAddOns: [new SeaweedFsAddOn(env.azure.objectStoreSizeGiB)],
      kubernetesProviders: (scope) => {
        // Host and CA come from the cluster stack as sensitive cross-stack references; the token comes from
        // kubelogin at run time (local accounts are disabled, so there is no static credential to pass).
        const kubeConfig = aks.kubeConfig.get(0);
        return createKubernetesProviders(scope, {
          host: kubeConfig.host,
          clusterCaCertificate: Fn.base64decode(kubeConfig.clusterCaCertificate),
          // A Terraform Cloud run signs in as its own workload identity, whatever kubeloginMode says.
          exec:
            env.backend.type === 'terraform-cloud'
              ? kubeloginExec('workloadidentity', tfcAzureWorkloadIdentity(scope, cluster.tenantId))
              : kubeloginExec(kubeloginMode),
        });
      },
    };
  }

  protected createOutputs(cluster: AzureCluster): void {
    const aks = cluster.aks.cluster;
    new TerraformOutput(this, 'cluster-name', { value: aks.name });
    new TerraformOutput(this, 'resource-group', { value: cluster.network.resourceGroup.name });
    new TerraformOutput(this, 'oidc-issuer-url', { value: aks.oidcIssuerUrl });
    new TerraformOutput(this, 'region', { value: this.environment.region });
    const { storage, databaseIdentities } = cluster.state;
    if (storage) {
      // Velero gets these through the contract; CloudNativePG databases (with the apps) will too.
      new TerraformOutput(this, 'backup-storage-account', { value: storage.account.name });
      new TerraformOutput(this, 'backup-container', { value: storage.backups.name });
      new TerraformOutput(this, 'cnpg-backup-containers', {
        value: Object.fromEntries(Object.entries(storage.databases).map(([ns, container]) => [ns, container.name])),
      });
    }
    new TerraformOutput(this, 'cnpg-backups-client-ids', {
      value: Object.fromEntries(
        Object.entries(databaseIdentities).map(([ns, identity]) => [ns, identity.identity.clientId]),
      ),
    });
  }

  private zoneProps(base: AzureBase): AzureDnsZoneProps {
    const env = this.environment;
    return {
      name: env.dns.baseDomain,
      existingZoneId: env.dns.zoneId,
      resourceGroupName: base.network.resourceGroup.name,
      subscriptionId: env.azure.subscriptionId ?? base.client.subscriptionId,
      tags: env.tags,
    };
  }

  private selectors(): NodePoolsDescription {
    const env = this.environment;
    const base = nodePoolSelectors(env.nodePools.gpu !== undefined);
    const withSpot = (taints: readonly Taint[], spot: boolean | undefined) =>
      spot ? [...taints, AKS_SPOT_TAINT] : [...taints];
    return {
      core: { labels: base.core.labels, taints: [...base.core.taints, CRITICAL_ADDONS_TAINT] },
      worker: { labels: base.worker.labels, taints: withSpot(base.worker.taints, env.nodePools.worker.spot) },
      ...(base.gpu
        ? { gpu: { labels: base.gpu.labels, taints: withSpot(base.gpu.taints, env.nodePools.gpu?.spot) } }
        : {}),
    };
  }
}

/** AKS wants the cluster DNS service at a fixed address inside the service CIDR; the tenth is conventional. */
export function dnsServiceIp(serviceCidr: string): string {
  const cidr = parseCidr(serviceCidr);
  if (!cidr) throw new Error(`serviceCidr ${serviceCidr} passed validation but does not parse`);
  return formatCidr({ network: cidr.network + 10, prefix: 32 }).replace(/\/32$/, '');
}
