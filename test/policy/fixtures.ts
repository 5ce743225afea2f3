import type { StackDocument } from '../../lib/policies/types';
import { APP_FIXTURES } from './fixtures-apps';
import { KUBERNETES_FIXTURES } from './fixtures-kubernetes';
import { HETZNER_FIXTURES } from './fixtures-hetzner';
import { AWS_PLATFORM_FIXTURES, secureBucketDocument } from './fixtures-aws-platform';

/**
 * One passing and one failing Terraform JSON document per policy rule, shaped like the cdk.tf.json cdktf
 * synthesizes for aws-prod and aws-prod-apps (snake_case keys, nested blocks as objects, `${...}` references,
 * construct-path logical ids). Every pass document is clean under ALL rules; every fail document breaks only its
 * own rule, except for the overlaps listed in FAIL_ALSO_BREAKS.
 */
export interface FixturePair {
  readonly pass: StackDocument;
  readonly fail: StackDocument;
}

type Block = Record<string, unknown>;

export const NAMES = {
  cluster: 'control-plane_cluster_47C848BD',
  key: 'control-plane_secrets-key_4B5C69FD',
  nodeGroup: 'core-pool_node-group_081BB200',
  launchTemplate: 'core-pool_launch-template_D6D38339',
  subnet: 'network_private-us-east-1a_E1039AEF',
  vpc: 'network_vpc_4E8F0223',
  defaultSecurityGroup: 'network_default-security-group_F40826B8',
  logGroup: 'control-plane_control-plane-logs_FA5058B5',
  logsKey: 'logs-key_44F95A88',
  flowLog: 'flow-logs_flow-log_2E4F04EC',
  keyUsePolicy: 'control-plane_secrets-key-use-policy_CA2A2433',
  trustPolicy: 'control-plane_cluster-role_trust_6F7CEDB4',
  role: 'control-plane_cluster-role_FC4B9D29',
  user: 'ci-deployer_user_2B1D5E7A',
  bucket: 'backups_bucket_8C2F41A0',
  release: 'cert-manager_release_6A1F0B2C',
} as const;

// --- aws-prod: EKS control plane -------------------------------------------------------------------------------

const VPC_CONFIG: Block = {
  endpoint_private_access: true,
  endpoint_public_access: false,
  subnet_ids: [`\${aws_subnet.${NAMES.subnet}.id}`],
};

function eksCluster(patch: Block = {}): StackDocument {
  return {
    resource: {
      aws_eks_cluster: {
        [NAMES.cluster]: {
          access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false },
          enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
          encryption_config: {
            provider: { key_arn: `\${aws_kms_key.${NAMES.key}.arn}` },
            resources: ['secrets'],
          },
          kubernetes_network_config: { ip_family: 'ipv4', service_ipv4_cidr: '172.20.0.0/16' },
          lifecycle: { prevent_destroy: true },
          name: 'aws-prod',
          role_arn: `\${aws_iam_role.${NAMES.role}.arn}`,
          upgrade_policy: { support_type: 'STANDARD' },
          version: '1.35',
          vpc_config: VPC_CONFIG,
          ...patch,
        },
      },
    },
  };
}

function nodeGroup(patch: Block = {}): StackDocument {
  return {
    resource: {
      aws_eks_node_group: {
        [NAMES.nodeGroup]: {
          ami_type: 'AL2023_x86_64_STANDARD',
          capacity_type: 'ON_DEMAND',
          cluster_name: `\${aws_eks_cluster.${NAMES.cluster}.name}`,
          instance_types: ['m7i.large', 'm6i.large'],
          launch_template: {
            id: `\${aws_launch_template.${NAMES.launchTemplate}.id}`,
            version: `\${aws_launch_template.${NAMES.launchTemplate}.latest_version}`,
          },
          node_group_name: 'core',
          node_role_arn: '${aws_iam_role.node-role_06BD3073.arn}',
          scaling_config: { desired_size: 2, max_size: 4, min_size: 2 },
          subnet_ids: [`\${aws_subnet.${NAMES.subnet}.id}`],
          ...patch,
        },
      },
    },
  };
}

// --- aws-prod: KMS, EC2, VPC, CloudWatch -----------------------------------------------------------------------

function kmsKey(patch: Block = {}): StackDocument {
  return {
    resource: {
      aws_kms_key: {
        [NAMES.key]: {
          deletion_window_in_days: 30,
          description: 'Envelope encryption of Kubernetes secrets in EKS cluster aws-prod',
          enable_key_rotation: true,
          lifecycle: { prevent_destroy: true },
          ...patch,
        },
      },
    },
  };
}

const METADATA_OPTIONS: Block = {
  http_endpoint: 'enabled',
  http_put_response_hop_limit: 1,
  http_tokens: 'required',
  instance_metadata_tags: 'disabled',
};

function rootVolume(encrypted: string): Block {
  return {
    device_name: '/dev/xvda',
    ebs: { delete_on_termination: 'true', encrypted, volume_size: 50, volume_type: 'gp3' },
  };
}

function launchTemplate(patch: Block = {}): StackDocument {
  return {
    resource: {
      aws_launch_template: {
        [NAMES.launchTemplate]: {
          block_device_mappings: [rootVolume('true')],
          description: 'Nodes of the core pool of aws-prod',
          metadata_options: METADATA_OPTIONS,
          name: 'aws-prod-core',
          update_default_version: true,
          ...patch,
        },
      },
    },
  };
}

function subnet(mapPublicIp: boolean): StackDocument {
  return {
    resource: {
      aws_subnet: {
        [NAMES.subnet]: {
          availability_zone: 'us-east-1a',
          cidr_block: '10.20.0.0/19',
          map_public_ip_on_launch: mapPublicIp,
          tags: { Name: 'aws-prod-private-us-east-1a', 'kubernetes.io/role/internal-elb': '1' },
          vpc_id: `\${aws_vpc.${NAMES.vpc}.id}`,
        },
      },
    },
  };
}

function vpcWithDefaultGroup(ingress: Block[], flowLog: Block | null = { traffic_type: 'ALL' }): StackDocument {
  return {
    resource: {
      ...(flowLog
        ? {
            aws_flow_log: {
              [NAMES.flowLog]: {
                iam_role_arn: '${aws_iam_role.flow-logs_role_B4B87A12.arn}',
                log_destination: '${aws_cloudwatch_log_group.flow-logs_log-group_BD9661F8.arn}',
                log_destination_type: 'cloud-watch-logs',
                vpc_id: `\${aws_vpc.${NAMES.vpc}.id}`,
                ...flowLog,
              },
            },
          }
        : {}),
      aws_default_security_group: {
        [NAMES.defaultSecurityGroup]: {
          egress: [],
          ingress,
          tags: { Name: 'aws-prod-default-deny' },
          vpc_id: `\${aws_vpc.${NAMES.vpc}.id}`,
        },
      },
      aws_vpc: {
        [NAMES.vpc]: {
          cidr_block: '10.20.0.0/16',
          enable_dns_hostnames: true,
          enable_dns_support: true,
          tags: { Name: 'aws-prod' },
        },
      },
    },
  };
}

function logGroup(
  retentionInDays: number,
  kmsKeyId: string | null = `\${aws_kms_key.${NAMES.logsKey}.arn}`,
): StackDocument {
  return {
    resource: {
      aws_cloudwatch_log_group: {
        [NAMES.logGroup]: {
          ...(kmsKeyId ? { kms_key_id: kmsKeyId } : {}),
          name: '/aws/eks/aws-prod/cluster',
          retention_in_days: retentionInDays,
          lifecycle: { prevent_destroy: true },
        },
      },
    },
  };
}

// --- aws-prod: IAM ---------------------------------------------------------------------------------------------

function keyUsePolicy(actions: string[], resources: string[]): StackDocument {
  return {
    data: {
      aws_iam_policy_document: {
        [NAMES.keyUsePolicy]: { statement: [{ actions, effect: 'Allow', resources }] },
      },
    },
  };
}

const KEY_ARN = `\${aws_kms_key.${NAMES.key}.arn}`;

function trustPolicy(principal: Block): StackDocument {
  return {
    data: {
      aws_iam_policy_document: {
        [NAMES.trustPolicy]: {
          statement: [{ actions: ['sts:AssumeRole', 'sts:TagSession'], effect: 'Allow', principals: [principal] }],
        },
      },
    },
  };
}

const CLUSTER_ROLE: StackDocument = {
  resource: {
    aws_iam_role: {
      [NAMES.role]: {
        assume_role_policy: `\${data.aws_iam_policy_document.${NAMES.trustPolicy}.json}`,
        name: 'aws-prod-eks-cluster',
      },
    },
  },
};

// --- state and credentials -------------------------------------------------------------------------------------

function bucket(lifecycle: Block | undefined): StackDocument {
  // A bucket with every companion the S3 rules ask for, so only prevent_destroy varies.
  const document = secureBucketDocument({}, [], {}, NAMES.bucket);
  const rest = { ...document.resource?.aws_s3_bucket?.[NAMES.bucket] };
  delete rest.lifecycle;
  return {
    ...document,
    resource: {
      ...document.resource,
      aws_s3_bucket: { [NAMES.bucket]: { ...rest, ...(lifecycle ? { lifecycle } : {}) } },
    },
  };
}

function kubeconfigOutput(sensitive: boolean | undefined): StackDocument {
  return {
    output: {
      kubeconfig: {
        ...(sensitive === undefined ? {} : { sensitive }),
        value: `\${templatefile("kubeconfig.tpl", { endpoint = aws_eks_cluster.${NAMES.cluster}.endpoint })}`,
      },
    },
  };
}

function helmProvider(token: string): StackDocument {
  return {
    provider: {
      helm: [
        {
          kubernetes: {
            cluster_ca_certificate:
              '${base64decode(data.terraform_remote_state.cross-stack-reference-input-aws-prod.outputs.cross-stack-output-aws_eks_clustercontrol-plane_cluster_47C848BDcertificate_authority0data)}',
            host: '${data.terraform_remote_state.cross-stack-reference-input-aws-prod.outputs.cross-stack-output-aws_eks_clustercontrol-plane_cluster_47C848BDendpoint}',
            token,
          },
        },
      ],
    },
  };
}

function terraformBlock(backend: Block): StackDocument {
  return {
    terraform: {
      backend,
      required_providers: { aws: { source: 'aws', version: '5.100.0' } },
    },
  };
}

// --- aws-prod-apps: Helm releases ------------------------------------------------------------------------------

function helmRelease(patch: Block = {}): StackDocument {
  return {
    resource: {
      helm_release: {
        [NAMES.release]: {
          atomic: true,
          chart: 'cert-manager',
          cleanup_on_fail: true,
          create_namespace: false,
          max_history: 5,
          name: 'cert-manager',
          namespace: 'cert-manager',
          repository: 'oci://quay.io/jetstack/charts',
          timeout: 600,
          values: ['{"crds":{"enabled":true}}'],
          version: 'v1.18.2',
          wait: true,
          ...patch,
        },
      },
    },
  };
}

// --- azure-staging: AKS, Key Vault, storage --------------------------------------------------------------------

export const AZURE_NAMES = {
  cluster: 'aks_cluster_D4B35EC5',
  nodePool: 'worker-pool_node-pool_916D12C1',
  keyVault: 'key-vault_FE1F1979',
  kmsKey: 'key-vault_kms-key_8B26C3A0',
  storageAccount: 'backup-storage_account_C941AC76',
  container: 'backup-storage_backups_BC0C65D9',
  blobLogs: 'backup-storage_blob-access-logs_21FC34BE',
  blobRole: 'identity-velero_role-0_D453E883',
} as const;

const AKS_DEFAULT_POOL: Block = {
  auto_scaling_enabled: true,
  max_count: 4,
  min_count: 2,
  name: 'core',
  node_labels: { 'node-type': 'core' },
  node_public_ip_enabled: false,
  only_critical_addons_enabled: true,
  vm_size: 'Standard_D4s_v5',
  vnet_subnet_id: '${azurerm_subnet.network_node-subnet_A124BC81.id}',
  zones: ['1', '2', '3'],
};

const API_SERVER_INTEGRATION = {
  subnet_id: '${azurerm_subnet.network_api-server-subnet_5688CF9B.id}',
  virtual_network_integration_enabled: true,
};

function aksCluster(patch: Block = {}): StackDocument {
  return {
    resource: {
      azurerm_kubernetes_cluster: {
        [AZURE_NAMES.cluster]: {
          automatic_upgrade_channel: 'patch',
          azure_active_directory_role_based_access_control: {
            admin_group_object_ids: [],
            azure_rbac_enabled: true,
            tenant_id: '${data.azurerm_client_config.client-config.tenant_id}',
          },
          azure_policy_enabled: true,
          default_node_pool: AKS_DEFAULT_POOL,
          dns_prefix: 'azure-staging',
          key_management_service: {
            key_vault_key_id: `\${azurerm_key_vault_key.${AZURE_NAMES.kmsKey}.id}`,
            key_vault_network_access: 'Private',
          },
          api_server_access_profile: API_SERVER_INTEGRATION,
          kubernetes_version: '1.35',
          lifecycle: { ignore_changes: ['default_node_pool[0].node_count'], prevent_destroy: true },
          local_account_disabled: true,
          location: 'westeurope',
          name: 'azure-staging',
          network_profile: {
            network_data_plane: 'cilium',
            network_plugin: 'azure',
            network_plugin_mode: 'overlay',
            network_policy: 'cilium',
            pod_cidr: '192.168.0.0/16',
            service_cidr: '172.21.0.0/16',
          },
          node_os_upgrade_channel: 'NodeImage',
          oidc_issuer_enabled: true,
          oms_agent: {
            log_analytics_workspace_id: '${azurerm_log_analytics_workspace.aks_logs_BE030C00.id}',
            msi_auth_for_monitoring_enabled: true,
          },
          private_cluster_enabled: true,
          resource_group_name: '${azurerm_resource_group.network_resource-group_457E2DA6.name}',
          role_based_access_control_enabled: true,
          sku_tier: 'Standard',
          workload_identity_enabled: true,
          ...patch,
        },
      },
    },
  };
}

function aksNodePool(patch: Block = {}): StackDocument {
  return {
    resource: {
      azurerm_kubernetes_cluster_node_pool: {
        [AZURE_NAMES.nodePool]: {
          auto_scaling_enabled: true,
          kubernetes_cluster_id: `\${azurerm_kubernetes_cluster.${AZURE_NAMES.cluster}.id}`,
          max_count: 10,
          min_count: 0,
          mode: 'User',
          name: 'worker',
          node_public_ip_enabled: false,
          node_labels: { 'node-type': 'worker', 'kubernetes.azure.com/scalesetpriority': 'spot' },
          node_taints: ['kubernetes.azure.com/scalesetpriority=spot:NoSchedule'],
          priority: 'Spot',
          vm_size: 'Standard_D8s_v5',
          ...patch,
        },
      },
    },
  };
}

function keyVault(patch: Block = {}): StackDocument {
  return {
    resource: {
      azurerm_key_vault: {
        [AZURE_NAMES.keyVault]: {
          lifecycle: { prevent_destroy: true },
          location: 'westeurope',
          name: '${join("", ["azurestagingkv", random_string.name-suffix.result])}',
          network_acls: { bypass: 'AzureServices', default_action: 'Deny', ip_rules: [] },
          public_network_access_enabled: true,
          purge_protection_enabled: true,
          rbac_authorization_enabled: true,
          sku_name: 'premium',
          soft_delete_retention_days: 90,
          tenant_id: '${data.azurerm_client_config.client-config.tenant_id}',
          ...patch,
        },
      },
    },
  };
}

function kmsKeyVaultKey(patch: Block = {}): StackDocument {
  return {
    resource: {
      azurerm_key_vault_key: {
        [AZURE_NAMES.kmsKey]: {
          key_opts: ['decrypt', 'encrypt', 'sign', 'unwrapKey', 'verify', 'wrapKey'],
          key_size: 2048,
          key_type: 'RSA-HSM',
          key_vault_id: `\${azurerm_key_vault.${AZURE_NAMES.keyVault}.id}`,
          lifecycle: { prevent_destroy: true },
          name: 'etcd-kms',
          rotation_policy: {
            automatic: { time_before_expiry: 'P365D' },
            expire_after: 'P2Y',
            notify_before_expiry: 'P30D',
          },
          ...patch,
        },
      },
    },
  };
}

function storageAccount(patch: Block = {}, logged: readonly string[] = BLOB_LOGS): StackDocument {
  return {
    resource: {
      azurerm_storage_account: {
        [AZURE_NAMES.storageAccount]: {
          account_replication_type: 'ZRS',
          account_tier: 'Standard',
          allow_nested_items_to_be_public: false,
          blob_properties: {
            container_delete_retention_policy: { days: 30 },
            delete_retention_policy: { days: 30 },
            versioning_enabled: true,
          },
          https_traffic_only_enabled: true,
          lifecycle: { prevent_destroy: true },
          location: 'westeurope',
          min_tls_version: 'TLS1_2',
          name: '${join("", ["azurestagingst", random_string.name-suffix.result])}',
          network_rules: { bypass: ['AzureServices'], default_action: 'Deny', ip_rules: [] },
          shared_access_key_enabled: false,
          ...patch,
        },
      },
      azurerm_monitor_diagnostic_setting: {
        [AZURE_NAMES.blobLogs]: {
          enabled_log: logged.map((category) => ({ category })),
          log_analytics_workspace_id: '${azurerm_log_analytics_workspace.aks_logs_BE030C00.id}',
          name: 'blob-access-logs',
          target_resource_id: `\${azurerm_storage_account.${AZURE_NAMES.storageAccount}.id}/blobServices/default`,
        },
      },
    },
  };
}

function blobRoleAssignment(scope: string): StackDocument {
  return {
    resource: {
      azurerm_role_assignment: {
        [AZURE_NAMES.blobRole]: {
          principal_id: '${azurerm_user_assigned_identity.identity-velero_identity_7E73D391.principal_id}',
          principal_type: 'ServicePrincipal',
          role_definition_name: 'Storage Blob Data Contributor',
          scope,
        },
      },
    },
  };
}

const BLOB_LOGS = ['StorageRead', 'StorageWrite', 'StorageDelete'];

function storageContainer(accessType: string): StackDocument {
  return {
    resource: {
      azurerm_storage_container: {
        [AZURE_NAMES.container]: {
          container_access_type: accessType,
          name: 'backups',
          storage_account_id: `\${azurerm_storage_account.${AZURE_NAMES.storageAccount}.id}`,
          lifecycle: { prevent_destroy: true },
        },
      },
    },
  };
}

export const AZURE_FIXTURES: Record<string, FixturePair> = {
  'HOT-AKS-001': { pass: aksCluster(), fail: aksCluster({ oms_agent: undefined }) },
  'HOT-AKS-002': {
    pass: aksCluster(),
    fail: aksCluster({
      azure_active_directory_role_based_access_control: {
        azure_rbac_enabled: false,
        tenant_id: '${data.azurerm_client_config.client-config.tenant_id}',
      },
    }),
  },
  'HOT-AKS-003': {
    pass: aksCluster({
      private_cluster_enabled: false,
      api_server_access_profile: { ...API_SERVER_INTEGRATION, authorized_ip_ranges: ['203.0.113.0/24'] },
    }),
    fail: aksCluster({
      private_cluster_enabled: false,
      api_server_access_profile: { ...API_SERVER_INTEGRATION, authorized_ip_ranges: ['0.0.0.0/0'] },
    }),
  },
  'HOT-AKS-004': {
    pass: aksCluster(),
    fail: aksCluster({ network_profile: { network_plugin: 'azure', network_plugin_mode: 'overlay' } }),
  },
  'HOT-AKS-005': { pass: aksCluster(), fail: aksCluster({ azure_policy_enabled: false }) },
  'HOT-AKS-006': { pass: aksCluster(), fail: aksCluster({ local_account_disabled: false }) },
  'HOT-AKS-007': { pass: aksNodePool(), fail: aksNodePool({ node_public_ip_enabled: true }) },
  'HOT-AKS-008': { pass: aksCluster(), fail: aksCluster({ sku_tier: 'Free' }) },
  'HOT-AKS-009': { pass: aksCluster(), fail: aksCluster({ automatic_upgrade_channel: 'none' }) },
  'HOT-AKS-010': {
    pass: aksCluster(),
    fail: aksCluster({ default_node_pool: { ...AKS_DEFAULT_POOL, only_critical_addons_enabled: false } }),
  },
  'HOT-AKS-011': { pass: aksCluster(), fail: aksCluster({ key_management_service: undefined }) },
  'HOT-AKS-012': { pass: aksCluster(), fail: aksCluster({ workload_identity_enabled: false }) },
  'HOT-AKS-013': {
    pass: aksCluster(),
    fail: aksCluster({
      key_management_service: {
        key_vault_key_id: `\${azurerm_key_vault_key.${AZURE_NAMES.kmsKey}.id}`,
        key_vault_network_access: 'Public',
      },
    }),
  },
  'HOT-AKS-014': { pass: aksNodePool(), fail: aksNodePool({ node_labels: { 'node-type': 'worker' } }) },
  'HOT-AKV-001': { pass: keyVault(), fail: keyVault({ purge_protection_enabled: false }) },
  'HOT-AKV-002': {
    pass: keyVault(),
    fail: keyVault({ network_acls: { bypass: 'AzureServices', default_action: 'Allow' } }),
  },
  'HOT-AKV-003': { pass: keyVault(), fail: keyVault({ rbac_authorization_enabled: false }) },
  'HOT-AKV-004': { pass: kmsKeyVaultKey(), fail: kmsKeyVaultKey({ key_type: 'RSA' }) },
  'HOT-AKV-005': { pass: kmsKeyVaultKey(), fail: kmsKeyVaultKey({ rotation_policy: undefined }) },
  'HOT-STG-001': { pass: storageAccount(), fail: storageAccount({ min_tls_version: 'TLS1_0' }) },
  'HOT-STG-002': { pass: storageAccount(), fail: storageAccount({ https_traffic_only_enabled: false }) },
  'HOT-STG-003': { pass: storageContainer('private'), fail: storageContainer('blob') },
  'HOT-STG-004': {
    pass: storageAccount(),
    fail: storageAccount({ network_rules: { bypass: ['AzureServices'], default_action: 'Allow' } }),
  },
  'HOT-STG-005': {
    pass: storageAccount(),
    fail: storageAccount({ blob_properties: { delete_retention_policy: { days: 30 }, versioning_enabled: false } }),
  },
  'HOT-STG-006': { pass: storageAccount(), fail: storageAccount({ shared_access_key_enabled: true }) },
  'HOT-STG-007': { pass: storageAccount(), fail: storageAccount({ account_replication_type: 'LRS' }) },
  'HOT-STG-008': { pass: storageAccount(), fail: storageAccount({}, ['StorageWrite']) },
  'HOT-STG-009': {
    pass: blobRoleAssignment(`\${azurerm_storage_container.${AZURE_NAMES.container}.id}`),
    fail: blobRoleAssignment(`\${azurerm_storage_account.${AZURE_NAMES.storageAccount}.id}`),
  },
};

export const FIXTURES: Record<string, FixturePair> = {
  'HOT-EKS-001': {
    pass: eksCluster(),
    fail: eksCluster({ encryption_config: { provider: { key_arn: KEY_ARN }, resources: [] } }),
  },
  'HOT-EKS-002': {
    pass: eksCluster({
      enabled_cluster_log_types: ['scheduler', 'controllerManager', 'authenticator', 'audit', 'api'],
    }),
    fail: eksCluster({ enabled_cluster_log_types: ['api', 'audit', 'authenticator'] }),
  },
  'HOT-EKS-003': {
    pass: eksCluster({
      vpc_config: { ...VPC_CONFIG, endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] },
    }),
    fail: eksCluster({
      vpc_config: { ...VPC_CONFIG, endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24', '0.0.0.0/0'] },
    }),
  },
  'HOT-EKS-004': {
    pass: eksCluster(),
    fail: eksCluster({ vpc_config: { ...VPC_CONFIG, endpoint_private_access: false } }),
  },
  'HOT-EKS-005': {
    pass: eksCluster(),
    fail: eksCluster({
      access_config: { authentication_mode: 'API_AND_CONFIG_MAP', bootstrap_cluster_creator_admin_permissions: false },
    }),
  },
  'HOT-EKS-008': {
    pass: eksCluster(),
    fail: eksCluster({
      access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: true },
    }),
  },
  'HOT-EKS-006': {
    pass: nodeGroup(),
    fail: nodeGroup({ remote_access: { ec2_ssh_key: 'aws-prod-ops' } }),
  },
  'HOT-KMS-001': {
    pass: kmsKey(),
    fail: kmsKey({ enable_key_rotation: false }),
  },
  'HOT-KMS-002': {
    pass: kmsKey(),
    fail: kmsKey({ deletion_window_in_days: 7 }),
  },
  'HOT-LT-001': {
    pass: launchTemplate(),
    fail: launchTemplate({ metadata_options: { ...METADATA_OPTIONS, http_tokens: 'optional' } }),
  },
  'HOT-LT-002': {
    pass: launchTemplate(),
    fail: launchTemplate({ metadata_options: { ...METADATA_OPTIONS, http_put_response_hop_limit: 2 } }),
  },
  'HOT-LT-003': {
    pass: launchTemplate(),
    fail: launchTemplate({ block_device_mappings: [rootVolume('false')] }),
  },
  'HOT-VPC-001': {
    pass: subnet(false),
    fail: subnet(true),
  },
  'HOT-VPC-002': {
    pass: vpcWithDefaultGroup([]),
    fail: vpcWithDefaultGroup([
      { cidr_blocks: ['10.20.0.0/16'], from_port: 0, protocol: '-1', self: true, to_port: 0 },
    ]),
  },
  'HOT-VPC-003': {
    pass: vpcWithDefaultGroup([]),
    fail: vpcWithDefaultGroup([], null),
  },
  'HOT-CWL-001': {
    pass: logGroup(365),
    fail: logGroup(90),
  },
  'HOT-CWL-002': {
    pass: logGroup(365),
    fail: logGroup(365, null),
  },
  'HOT-IAM-001': {
    pass: keyUsePolicy(['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], [KEY_ARN]),
    fail: keyUsePolicy(['*'], ['*']),
  },
  'HOT-IAM-002': {
    pass: keyUsePolicy(['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], [KEY_ARN]),
    fail: keyUsePolicy(['kms:*'], [KEY_ARN]),
  },
  'HOT-IAM-003': {
    pass: trustPolicy({ identifiers: ['eks.amazonaws.com'], type: 'Service' }),
    fail: trustPolicy({ identifiers: ['*'], type: 'AWS' }),
  },
  'HOT-IAM-004': {
    pass: CLUSTER_ROLE,
    fail: { resource: { aws_iam_user: { [NAMES.user]: { name: 'ci-deployer', path: '/automation/' } } } },
  },
  'HOT-STATE-001': {
    pass: bucket({ prevent_destroy: true }),
    fail: bucket(undefined),
  },
  'HOT-STATE-002': {
    pass: kubeconfigOutput(true),
    fail: kubeconfigOutput(undefined),
  },
  'HOT-STATE-003': {
    pass: helmProvider('${data.aws_eks_cluster_auth.cluster-auth.token}'),
    fail: helmProvider('k8s-aws-v1.aHR0cHM6Ly9zdHMudXMtZWFzdC0xLmFtYXpvbmF3cy5jb20v'),
  },
  'HOT-STATE-004': {
    pass: terraformBlock({ local: { path: '../../../terraform.aws-prod.tfstate' } }),
    fail: terraformBlock({ s3: { bucket: 'hot-terraform-state', key: 'aws-prod.tfstate', region: 'us-east-1' } }),
  },
  'HOT-HELM-001': {
    pass: helmRelease(),
    fail: helmRelease({ version: '~1.18' }),
  },
  'HOT-HELM-002': {
    pass: helmRelease(),
    fail: helmRelease({ repository: 'http://charts.jetstack.io' }),
  },
  'HOT-HELM-003': {
    pass: helmRelease(),
    fail: helmRelease({ atomic: false }),
  },
  'HOT-HELM-004': {
    pass: helmRelease(),
    fail: helmRelease({ name: 'cert-manager-with-a-release-name-much-longer-than-helm-allows' }),
  },
  'HOT-HELM-007': {
    pass: helmRelease({ set_sensitive: [{ name: 'configs.secret.argocdServerAdminPassword', value: '${var.hash}' }] }),
    fail: helmRelease({
      set_sensitive: [{ name: 'configs.secret.extra.accounts\\.viewer\\.password', value: '${var.hash}' }],
    }),
  },
  ...KUBERNETES_FIXTURES,
  ...AZURE_FIXTURES,
  ...AWS_PLATFORM_FIXTURES,
  ...HETZNER_FIXTURES,
  ...APP_FIXTURES,
};

/**
 * Rules that a failing fixture cannot break alone, because another rule is a strict superset of it:
 * a KMS key without prevent_destroy is also a stateful resource without it, and "*" on "*" is also a
 * wildcard action.
 */
export const FAIL_ALSO_BREAKS: Record<string, readonly string[]> = {
  'HOT-IAM-001': ['HOT-IAM-002'],
};
