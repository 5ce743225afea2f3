import { ALL_APPS } from '../support/apps';
import { azureStaging } from '../../lib/config/environments/azure-staging';
import { loadEnvironments } from '../../lib/config/load';
import type { Environment, EnvironmentInput } from '../../lib/config/schema';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../lib/config/kubernetes-versions';
import { AKS_SERVER_APP_ID } from '../../lib/azure/contract-values';
import { SEAWEEDFS } from '../../lib/azure/object-store';
import { evaluatePolicies, formatViolation } from '../../lib/policies/engine';
import { ALL_RULES } from '../../lib/policies/index';
import type { StackDocument } from '../../lib/policies/types';
import { dnsServiceIp } from '../../stacks/azure-aks-cluster-stack';
import type { AzureEnvironment } from '../../lib/azure/environment';
import { buildEnvironment, documentOf, synthEnvironments } from '../support/synth';
import { onlyResource as only, resourcesOf as resources } from '../support/documents';

const ZONE_ID =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/dns/providers/Microsoft.Network/dnszones/azure-staging.k8s.hotosm.org';

function azureEnvironment(patch: Partial<EnvironmentInput> = {}, env: Record<string, string> = {}): Environment {
  return loadEnvironments({ env, defaults: [{ ...azureStaging, ...patch } as EnvironmentInput] })[0];
}

function named(doc: StackDocument, type: string, name: string): Record<string, unknown> {
  const found = resources(doc, type).find((r) => r.name === name);
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found;
}

/** The database namespaces of azure-staging, as the settings default them. */
const DATABASES: readonly string[] = (azureEnvironment() as AzureEnvironment).azure.databaseNamespaces;

/**
 * Who reaches which blob container, read from the synthesized JSON: for each identity (by the name after
 * `id-azure-staging-`, `cnpg-` dropped), the ServiceAccounts federated to it and the containers its Storage
 * Blob Data roles are scoped to.
 */
function blobAccess(doc: StackDocument): Record<string, { subjects: string[]; containers: string[] }> {
  const byKey = (type: string, key: string): [string, Record<string, unknown>][] =>
    Object.entries(doc.resource?.[type] ?? {}).map(([id, config]) => [`\${${type}.${id}.${key}}`, config]);
  const identities = new Map(byKey('azurerm_user_assigned_identity', 'id'));
  const principals = new Map(
    byKey('azurerm_user_assigned_identity', 'principal_id').map(([ref, config]) => [ref, String(config.name)]),
  );
  const containers = new Map(byKey('azurerm_storage_container', 'id').map(([ref, c]) => [ref, String(c.name)]));
  const short = (name: string) => name.replace(/^id-azure-staging-/, '').replace(/^cnpg-/, '');
  const result: Record<string, { subjects: string[]; containers: string[] }> = {};
  const entry = (name: string) => (result[short(name)] ??= { subjects: [], containers: [] });
  for (const grant of resources(doc, 'azurerm_role_assignment')) {
    const principal = principals.get(String(grant.principal_id));
    if (!principal || !String(grant.role_definition_name).startsWith('Storage Blob Data')) continue;
    entry(principal).containers.push(containers.get(String(grant.scope)) ?? `not a container: ${String(grant.scope)}`);
  }
  for (const credential of resources(doc, 'azurerm_federated_identity_credential')) {
    const identity = identities.get(String(credential.parent_id));
    if (identity && result[short(String(identity.name))])
      entry(String(identity.name)).subjects.push(String(credential.subject));
  }
  return result;
}

describe('AzureAksClusterStack (azure-staging)', () => {
  const { cluster, apps } = buildEnvironment(azureEnvironment());
  const doc = documentOf(cluster);
  const aks = only(doc, 'azurerm_kubernetes_cluster');

  it('uses the azurerm, random and time providers with safe Key Vault features and no storage data plane', () => {
    expect(Object.keys(doc.provider ?? {}).sort()).toEqual(['azurerm', 'random', 'time']);
    expect(doc.provider?.azurerm[0]).toMatchObject({
      storage_use_azuread: true,
      features: [
        {
          key_vault: [{ purge_soft_delete_on_destroy: false, recover_soft_deleted_key_vaults: true }],
          resource_group: [{ prevent_deletion_if_contains_resources: true }],
          // The backups account's firewall answers the blob/queue data plane with 403: azurerm must not call it.
          storage: [{ data_plane_available: false }],
        },
      ],
    });
  });

  it('locks the resource group against deletion', () => {
    const group = only(doc, 'azurerm_resource_group');
    expect(group).toMatchObject({ name: 'rg-azure-staging', location: 'westeurope' });
    expect(only(doc, 'azurerm_management_lock')).toMatchObject({
      lock_level: 'CanNotDelete',
      scope: expect.stringMatching(/^\$\{azurerm_resource_group\..+\.id\}$/),
    });
  });

  it('puts nodes in the first half of the VNet, the API server and private endpoints after it, no default outbound', () => {
    expect(only(doc, 'azurerm_virtual_network').address_space).toEqual(['10.40.0.0/16']);
    const subnets = Object.fromEntries(resources(doc, 'azurerm_subnet').map((s) => [String(s.name), s]));
    expect(Object.keys(subnets).sort()).toEqual(['api-server', 'nodes', 'private-endpoints']);
    expect(subnets.nodes).toMatchObject({ address_prefixes: ['10.40.0.0/17'], default_outbound_access_enabled: false });
    expect(subnets['api-server']).toMatchObject({
      address_prefixes: ['10.40.128.0/28'],
      delegation: [{ service_delegation: { name: 'Microsoft.ContainerService/managedClusters' } }],
    });
    expect(subnets['private-endpoints']).toMatchObject({ address_prefixes: ['10.40.128.32/27'] });
  });

  it('runs Azure CNI overlay with Cilium network policy and a DNS service address inside the service CIDR', () => {
    expect(aks.network_profile).toEqual({
      network_plugin: 'azure',
      network_plugin_mode: 'overlay',
      network_data_plane: 'cilium',
      network_policy: 'cilium',
      pod_cidr: '192.168.0.0/16',
      service_cidr: '172.21.0.0/16',
      dns_service_ip: '172.21.0.10',
      load_balancer_sku: 'standard',
      outbound_type: 'loadBalancer',
    });
    expect(dnsServiceIp('10.0.0.0/16')).toBe('10.0.0.10');
  });

  it('authenticates with Entra ID and Azure RBAC only, with OIDC and workload identity on', () => {
    expect(aks).toMatchObject({
      local_account_disabled: true,
      role_based_access_control_enabled: true,
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, admin_group_object_ids: [] },
    });
    const admin = resources(doc, 'azurerm_role_assignment').find(
      (r) => r.role_definition_name === 'Azure Kubernetes Service RBAC Cluster Admin',
    );
    expect(admin?.principal_id).toBe('${data.azurerm_client_config.client-config.object_id}');
  });

  it('takes subscription, tenant and admin groups from HOT_AZURE_STAGING_* variables', () => {
    const group = '11111111-2222-3333-4444-555555555555';
    const tenant = '99999999-8888-7777-6666-555555555555';
    const env = azureEnvironment(
      {},
      {
        HOT_AZURE_STAGING_AZURE_ADMIN_GROUPS: group,
        HOT_AZURE_STAGING_AZURE_TENANT_ID: tenant,
        HOT_AZURE_STAGING_AZURE_SUBSCRIPTION_ID: '00000000-0000-0000-0000-000000000001',
      },
    );
    const withSettings = documentOf(buildEnvironment(env).cluster);
    expect(withSettings.provider?.azurerm[0]).toMatchObject({
      subscription_id: '00000000-0000-0000-0000-000000000001',
      tenant_id: tenant,
    });
    expect(only(withSettings, 'azurerm_kubernetes_cluster').azure_active_directory_role_based_access_control).toEqual({
      azure_rbac_enabled: true,
      tenant_id: tenant,
      admin_group_object_ids: [group],
    });
  });

  it('is a private cluster without allowed CIDRs, and public only to the allow-list with them', () => {
    const integration = {
      virtual_network_integration_enabled: true,
      subnet_id: expect.stringMatching(/^\$\{azurerm_subnet\.network_api-server-subnet_.+\.id\}$/),
    };
    expect(aks.private_cluster_enabled).toBe(true);
    expect(aks.api_server_access_profile).toEqual(integration);
    const env = azureEnvironment({ apiAccess: { privateEndpoint: true, publicAccessCidrs: ['203.0.113.0/24'] } });
    const open = documentOf(buildEnvironment(env).cluster);
    expect(only(open, 'azurerm_kubernetes_cluster')).toMatchObject({
      private_cluster_enabled: false,
      api_server_access_profile: { ...integration, authorized_ip_ranges: ['203.0.113.0/24'] },
    });
    // The allow-list opens the API only: the vault stays private whatever it says.
    expect(only(open, 'azurerm_key_vault')).toMatchObject({ public_network_access_enabled: false });
    expect(only(open, 'azurerm_key_vault').network_acls).not.toHaveProperty('ip_rules');
  });

  it('encrypts etcd with an HSM key in a private Key Vault, the combination AKS KMS supports', () => {
    expect(aks.key_management_service).toEqual({
      key_vault_key_id: expect.stringMatching(/^\$\{azurerm_key_vault_key\..+\.id\}$/),
      key_vault_network_access: 'Private',
    });
    expect(only(doc, 'azurerm_key_vault')).toMatchObject({
      sku_name: 'premium',
      purge_protection_enabled: true,
      rbac_authorization_enabled: true,
      public_network_access_enabled: false,
      network_acls: { default_action: 'Deny', bypass: 'None' },
      lifecycle: { prevent_destroy: true },
    });
    // Terraform reaches the vault's data plane through a private endpoint resolved by the privatelink zone.
    expect(only(doc, 'azurerm_private_endpoint')).toMatchObject({
      subnet_id: expect.stringMatching(/private-endpoint-subnet/),
      private_service_connection: { subresource_names: ['vault'], is_manual_connection: false },
    });
    expect(only(doc, 'azurerm_private_dns_zone').name).toBe('privatelink.vaultcore.azure.net');
    expect(only(doc, 'azurerm_private_dns_zone_virtual_network_link')).toMatchObject({ registration_enabled: false });
    // The key waits until the deployer's Crypto Officer grant reaches the data plane.
    const [sleepName, sleep] = Object.entries(doc.resource?.time_sleep ?? {})[0];
    expect(sleep.create_duration).toBe('300s');
    expect(only(doc, 'azurerm_key_vault_key').depends_on).toContain(`time_sleep.${sleepName}`);
    // In private mode AKS makes its own private link to the vault: the cluster identity may, and nothing more.
    const grants = resources(doc, 'azurerm_role_assignment').map((r) => r.role_definition_name);
    expect(grants).toEqual(expect.arrayContaining(['Key Vault Crypto User', 'Key Vault Contributor']));
    expect((aks.depends_on as string[]).some((d) => d.includes('cluster-kms-private-link'))).toBe(true);
    expect((aks.depends_on as string[]).some((d) => d.includes('cluster-api-subnet-network-contributor'))).toBe(true);
    expect(only(doc, 'azurerm_key_vault_key')).toMatchObject({
      key_type: 'RSA-HSM',
      rotation_policy: { expire_after: 'P2Y', automatic: { time_before_expiry: 'P365D' } },
      lifecycle: { prevent_destroy: true },
    });
    const dependsOn = aks.depends_on as string[];
    expect(dependsOn.some((d) => d.includes('cluster-crypto-user'))).toBe(true);
  });

  it('upgrades automatically inside the maintenance window and is protected from destroy', () => {
    const window = {
      frequency: 'Weekly',
      interval: 1,
      day_of_week: 'Sunday',
      start_time: '02:00',
      utc_offset: '+00:00',
      duration: 4,
    };
    expect(aks).toMatchObject({
      automatic_upgrade_channel: 'patch',
      node_os_upgrade_channel: 'NodeImage',
      maintenance_window_auto_upgrade: window,
      maintenance_window_node_os: window,
      sku_tier: 'Standard',
      azure_policy_enabled: true,
      oms_agent: { msi_auth_for_monitoring_enabled: true },
      lifecycle: { prevent_destroy: true, ignore_changes: ['default_node_pool[0].node_count'] },
    });
  });

  it('makes core a system pool for critical add-ons, autoscaled, without public IPs', () => {
    expect(aks.default_node_pool).toMatchObject({
      name: 'core',
      vm_size: 'Standard_D4s_v5',
      only_critical_addons_enabled: true,
      auto_scaling_enabled: true,
      min_count: 2,
      max_count: 4,
      node_labels: { 'node-type': 'core' },
      node_public_ip_enabled: false,
      host_encryption_enabled: true,
      zones: ['1', '2', '3'],
    });
  });

  it('autoscales a spot worker pool and a GPU pool that scales to zero', () => {
    const worker = named(doc, 'azurerm_kubernetes_cluster_node_pool', 'worker');
    expect(worker).toMatchObject({
      mode: 'User',
      priority: 'Spot',
      eviction_policy: 'Delete',
      spot_max_price: -1,
      min_count: 0,
      max_count: 10,
      node_labels: { 'node-type': 'worker' },
      node_taints: ['kubernetes.azure.com/scalesetpriority=spot:NoSchedule'],
      lifecycle: { ignore_changes: ['node_count'] },
    });
    // AKS adds the spot label to every spot node; declared, or every plan shows its removal.
    expect(worker.node_labels).toEqual({ 'node-type': 'worker', 'kubernetes.azure.com/scalesetpriority': 'spot' });
    expect(worker.upgrade_settings).toBeUndefined();
    const gpu = named(doc, 'azurerm_kubernetes_cluster_node_pool', 'gpu');
    expect(gpu).toMatchObject({
      vm_size: 'Standard_NC4as_T4_v3',
      priority: 'Regular',
      min_count: 0,
      gpu_driver: 'Install',
      node_taints: ['nvidia.com/gpu=true:NoSchedule'],
    });
  });

  it('has no gpu pool when none is configured', () => {
    const input = structuredClone(azureStaging) as { nodePools: Record<string, unknown> };
    delete input.nodePools.gpu;
    const env = loadEnvironments({ env: {}, defaults: [input as unknown as EnvironmentInput] })[0];
    const { cluster: noGpu } = buildEnvironment(env);
    expect(resources(documentOf(noGpu), 'azurerm_kubernetes_cluster_node_pool').map((p) => p.name)).toEqual(['worker']);
    expect(noGpu.description.nodePools.gpu).toBeUndefined();
  });

  it('keeps backups in a locked-down, versioned, zone-redundant storage account on staging', () => {
    expect(only(doc, 'azurerm_storage_account')).toMatchObject({
      account_replication_type: 'ZRS',
      min_tls_version: 'TLS1_2',
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      network_rules: { default_action: 'Deny' },
      blob_properties: {
        versioning_enabled: true,
        delete_retention_policy: { days: 30 },
        container_delete_retention_policy: { days: 30 },
      },
      lifecycle: { prevent_destroy: true },
    });
  });

  it('keeps a geo-redundant copy by default, for an environment that does not choose ZRS', () => {
    const input = structuredClone(azureStaging) as { azure: Record<string, unknown> };
    delete input.azure.storageReplication;
    const env = loadEnvironments({ env: {}, defaults: [input as unknown as EnvironmentInput] })[0];
    const account = only(documentOf(buildEnvironment(env).cluster), 'azurerm_storage_account');
    expect(account.account_replication_type).toBe('GZRS');
  });

  it('gives Velero the backups container and every database namespace a private, protected container of its own', () => {
    const containers = resources(doc, 'azurerm_storage_container');
    expect(containers.map((c) => c.name).sort()).toEqual(['backups', ...DATABASES.map((ns) => `cnpg-${ns}`)].sort());
    for (const container of containers) {
      expect(container).toMatchObject({ container_access_type: 'private', lifecycle: { prevent_destroy: true } });
    }
  });

  it('logs every blob read, write and delete of the backups account to the cluster Log Analytics workspace', () => {
    const setting = only(doc, 'azurerm_monitor_diagnostic_setting');
    expect(setting).toEqual({
      name: 'blob-access-logs',
      target_resource_id: '${azurerm_storage_account.backup-storage_account_C941AC76.id}/blobServices/default',
      log_analytics_workspace_id: '${azurerm_log_analytics_workspace.aks_logs_BE030C00.id}',
      enabled_log: [{ category: 'StorageRead' }, { category: 'StorageWrite' }, { category: 'StorageDelete' }],
    });
  });

  it('federates each database namespace to an identity of its own that reaches only its container', () => {
    const access = blobAccess(doc);
    expect(Object.keys(access).sort()).toEqual(['velero', ...DATABASES].sort());
    expect(access.velero).toEqual({ subjects: ['system:serviceaccount:velero:velero'], containers: ['backups'] });
    for (const ns of DATABASES) {
      expect(access[ns]).toEqual({ subjects: [`system:serviceaccount:${ns}:${ns}-db`], containers: [`cnpg-${ns}`] });
    }
    for (const c of resources(doc, 'azurerm_federated_identity_credential')) {
      expect(c.audience).toEqual(['api://AzureADTokenExchange']);
    }
  });

  it('hands each database identity to the apps side as a client id, by namespace', () => {
    const outputs = doc.output ?? {};
    expect(Object.keys(outputs)).not.toContain('cnpg-backups-client-id');
    const clientIds = outputs['cnpg-backups-client-ids'].value as Record<string, string>;
    expect(Object.keys(clientIds).sort()).toEqual([...DATABASES].sort());
    for (const ns of DATABASES) {
      expect(clientIds[ns]).toMatch(
        new RegExp(`^\\$\\{azurerm_user_assigned_identity\\.identity-cnpg-${ns}_identity_[0-9A-F]+\\.client_id\\}$`),
      );
    }
    const containers = outputs['cnpg-backup-containers'].value as Record<string, string>;
    expect(Object.keys(containers).sort()).toEqual([...DATABASES].sort());
    for (const ns of DATABASES) {
      expect(containers[ns]).toMatch(
        new RegExp(`^\\$\\{azurerm_storage_container\\.backup-storage_cnpg-${ns}_.+\\.name\\}$`),
      );
    }
  });

  it('makes no database identity or container for an environment without databases', () => {
    const bare = documentOf(
      buildEnvironment(azureEnvironment({ azure: { databaseNamespaces: [] }, apps: { disabled: ALL_APPS } })).cluster,
    );
    expect(Object.keys(blobAccess(bare))).toEqual(['velero']);
    expect(resources(bare, 'azurerm_storage_container').map((c) => c.name)).toEqual(['backups']);
  });

  it('scopes the DNS identities to the zone it creates, or to the one dns.zoneId names', () => {
    const roles = (d: StackDocument) =>
      resources(d, 'azurerm_role_assignment').filter((r) => r.role_definition_name === 'DNS Zone Contributor');
    const [created] = Object.keys(doc.resource?.azurerm_dns_zone ?? {});
    expect(roles(doc).map((r) => r.scope)).toEqual([
      `\${azurerm_dns_zone.${created}.id}`,
      `\${azurerm_dns_zone.${created}.id}`,
    ]);
    const withZone = buildEnvironment(azureEnvironment({}, { HOT_AZURE_STAGING_DNS_ZONE_ID: ZONE_ID }));
    const zoned = documentOf(withZone.cluster);
    expect(roles(zoned).map((r) => r.scope)).toEqual([ZONE_ID, ZONE_ID]);
    expect(zoned.resource?.azurerm_dns_zone).toBeUndefined();
    const dns = withZone.cluster.description.dns;
    expect(dns.provider).toBe('azure');
    expect(dns.externalDns?.extraArgs).toEqual([
      '--domain-filter=azure-staging.k8s.hotosm.org',
      '--azure-resource-group=dns',
      '--azure-subscription-id=00000000-0000-0000-0000-000000000001',
    ]);
    expect(dns.dns01Solver).toEqual({
      azureDNS: {
        subscriptionID: '00000000-0000-0000-0000-000000000001',
        resourceGroupName: 'dns',
        hostedZoneName: 'azure-staging.k8s.hotosm.org',
        environment: 'AzurePublicCloud',
        managedIdentity: { clientID: expect.stringMatching(/^\$\{TfToken\[TOKEN\.\d+\]\}$/) },
      },
    });
    expect(withZone.cluster.description.workloads['cert-manager']).toEqual({
      serviceAccountAnnotations: { 'azure.workload.identity/client-id': expect.any(String) },
      podLabels: { 'azure.workload.identity/use': 'true' },
    });
  });

  it('describes the cluster through the contract', () => {
    const { description } = cluster;
    expect(description).toMatchObject({
      environment: 'azure-staging',
      cloud: 'azure',
      clusterName: 'azure-staging',
      kubernetesVersion: '1.35',
      capabilities: { metricsServer: true, networkPolicy: true },
      nodePools: {
        core: {
          labels: { 'node-type': 'core' },
          taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' }],
        },
        worker: {
          labels: { 'node-type': 'worker' },
          taints: [{ key: 'kubernetes.azure.com/scalesetpriority', value: 'spot', effect: 'NoSchedule' }],
        },
        gpu: {
          labels: { 'node-type': 'gpu' },
          taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
        },
      },
      ingress: {
        loadBalancerAnnotations: { 'service.beta.kubernetes.io/azure-load-balancer-health-probe-protocol': 'tcp' },
      },
      objectStorage: {
        endpoint: 'http://seaweedfs-s3.object-store.svc.cluster.local:8333',
        // Browsers cannot reach the in-cluster name; presigned URLs are signed for the published one.
        publicEndpoint: 'https://s3.azure-staging.k8s.hotosm.org',
        region: 'us-east-1',
        forcePathStyle: true,
        buckets: {
          'drone-tm': { name: 'hot-drone-tm' },
          scaleodm: { name: 'hot-scaleodm' },
          openaerialmap: { name: 'hot-openaerialmap' },
          fair: { name: 'hot-fair' },
        },
      },
    });
    expect(description.objectStorage.buckets.backups).toBeUndefined();
    expect(description.platformAddOns.map((a) => a.id)).toEqual(['object-store']);
  });

  it('offers standard (default, Retain), ephemeral (Delete) and shared (RWX on Azure Files) classes', () => {
    const classes = Object.fromEntries(cluster.description.storage.classes.map((c) => [c.name, c]));
    expect(classes.standard).toMatchObject({
      provisioner: 'disk.csi.azure.com',
      reclaimPolicy: 'Retain',
      isDefault: true,
      volumeBindingMode: 'WaitForFirstConsumer',
    });
    expect(classes.ephemeral).toMatchObject({ provisioner: 'disk.csi.azure.com', reclaimPolicy: 'Delete' });
    expect(classes.shared).toMatchObject({ provisioner: 'file.csi.azure.com', isDefault: false });
  });

  it('gives the S3 apps generated keys, and DNS and backups their identities', () => {
    const { workloads } = cluster.description;
    for (const name of ['drone-tm', 'scaleodm', 'openaerialmap', 'fair'] as const) {
      expect(workloads[name]?.staticKeys?.accessKeyId).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
      expect(workloads[name]?.staticKeys?.secretAccessKey).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    }
    expect(resources(doc, 'random_password')).toHaveLength(4);
    expect(workloads.velero?.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
    expect(workloads['external-dns']?.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
  });

  describe('apps stack', () => {
    const appsDoc = documentOf(apps);

    it('reaches the API with kubelogin (Entra ID), host and CA from the cluster stack, no static credential', () => {
      const exec = {
        api_version: 'client.authentication.k8s.io/v1beta1',
        command: 'kubelogin',
        args: ['get-token', '--login', 'workloadidentity', '--server-id', AKS_SERVER_APP_ID],
      };
      const kubernetes = appsDoc.provider?.kubernetes[0] as Record<string, unknown>;
      expect(kubernetes.exec).toEqual([expect.objectContaining(exec)]);
      expect(kubernetes.host).toMatch(/kube_config\[0\]\.host/);
      expect(kubernetes.cluster_ca_certificate).toMatch(
        /^\$\{base64decode\(.+kube_config\[0\]\.cluster_ca_certificate\)\}$/,
      );
      expect(kubernetes.token).toBeUndefined();
      expect(kubernetes.client_key).toBeUndefined();
      const helm = appsDoc.provider?.helm[0] as { kubernetes: Record<string, unknown> };
      expect(helm.kubernetes.exec).toEqual(expect.objectContaining(exec));
    });

    it('installs SeaweedFS pinned, restricted, on core nodes, after its S3 identities and StorageClass', () => {
      const release = named(appsDoc, 'helm_release', SEAWEEDFS.release);
      expect(release).toMatchObject({
        chart: 'seaweedfs',
        repository: 'https://seaweedfs.github.io/seaweedfs/helm',
        version: '4.44.0',
        namespace: 'object-store',
      });
      const dependsOn = release.depends_on as string[];
      expect(dependsOn.some((d) => d.startsWith('kubernetes_secret_v1.object-store_s3-config'))).toBe(true);
      expect(dependsOn.some((d) => d.startsWith('kubernetes_storage_class_v1.object-store_storage-class'))).toBe(true);
      const values = JSON.parse((release.values as string[])[0]) as Record<string, Record<string, unknown>>;
      expect(values.image).toEqual({ tag: '4.44' });
      expect(values.s3).toMatchObject({ enabled: true, enableAuth: true, existingConfigSecret: 'seaweedfs-s3-config' });
      expect(values.master.nodeSelector).toBe('node-type: core');
      expect(values.volume.podSecurityContext).toMatchObject({ runAsNonRoot: true });
      const storageClass = resources(appsDoc, 'kubernetes_storage_class_v1').find(
        (r) => (r.metadata as { name: string }).name === 'object-store',
      );
      expect(storageClass).toMatchObject({ reclaim_policy: 'Retain', storage_provisioner: 'disk.csi.azure.com' });
    });

    it("publishes the S3 gateway at s3.<baseDomain> through the chart's Ingress, on the shared class with TLS", () => {
      const values = JSON.parse((named(appsDoc, 'helm_release', SEAWEEDFS.release).values as string[])[0]) as {
        s3: Record<string, unknown>;
      };
      expect(values.s3.ingress).toEqual({
        enabled: true,
        className: 'traefik',
        host: 's3.azure-staging.k8s.hotosm.org',
        path: '/',
        pathType: 'Prefix',
        annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' },
        tls: [{ secretName: 'seaweedfs-s3-tls', hosts: ['s3.azure-staging.k8s.hotosm.org'] }],
      });
      expect(appsDoc.output?.['published-hosts']?.value).toContainEqual({
        host: 's3.azure-staging.k8s.hotosm.org',
        service: 'object-store/seaweedfs-s3',
        guards: ['app-login'],
        unauthenticated_reason: null,
      });
    });

    it("admits browsers' cross-origin requests from the environment's own hosts only", () => {
      const values = JSON.parse((named(appsDoc, 'helm_release', SEAWEEDFS.release).values as string[])[0]) as {
        s3: Record<string, unknown>;
      };
      expect(values.s3.extraArgs).toEqual(["-allowedOrigins='https://*.azure-staging.k8s.hotosm.org'"]);
    });

    it('admits the ingress controller to the S3 port and the ACME solver, never to the unauthenticated ports', () => {
      const policy = resources(appsDoc, 'kubernetes_network_policy_v1').find(
        (p) =>
          (p.metadata as { name: string; namespace: string }).namespace === 'object-store' &&
          (p.metadata as { name: string }).name === 'allow-ingress-controller',
      );
      expect(policy?.spec).toEqual({
        pod_selector: {},
        policy_types: ['Ingress'],
        ingress: [
          {
            from: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'ingress' } } }],
            ports: [
              { port: '8333', protocol: 'TCP' },
              { port: '8089', protocol: 'TCP' },
            ],
          },
        ],
      });
    });

    it('scopes each S3 identity to its own bucket, with keys only by reference', () => {
      const secret = resources(appsDoc, 'kubernetes_secret_v1').find(
        (r) => (r.metadata as { name: string }).name === SEAWEEDFS.configSecret,
      );
      const config = (secret?.data as Record<string, string>).seaweedfs_s3_config;
      expect(config).toMatch(/^\$\{jsonencode\(/);
      expect(config).toContain('"Write:hot-drone-tm"');
      expect(config).toMatch(
        /"secretKey" = random_password\.object-store-keys_drone-tm-secret-access-key_[0-9A-F]+\.result/,
      );
    });
  });
});

describe('azure-staging, synthesized as cdktf does', () => {
  const { documents } = synthEnvironments([azureEnvironment()]);

  it.each(['azure-staging', 'azure-staging-apps'])('%s passes every policy rule', (id) => {
    expect(evaluatePolicies(id, documents[id], ALL_RULES).map(formatViolation)).toEqual([]);
  });

  it('hands host, CA and S3 keys to the apps stack as sensitive outputs', () => {
    const outputs = Object.entries(documents['azure-staging'].output ?? {}).filter(([name]) =>
      name.startsWith('cross-stack-output-'),
    );
    expect(outputs.length).toBeGreaterThanOrEqual(10);
    for (const [, output] of outputs) expect(output.sensitive).toBe(true);
  });

  it('runs the kubernetes versions AKS supports in late 2026', () => {
    expect(SUPPORTED_KUBERNETES_VERSIONS.azure).toEqual(['1.35', '1.36', '1.37']);
  });
});
