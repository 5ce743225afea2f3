import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { Construct } from 'constructs';
import { DATABASE_CONTAINER_PREFIX } from '../config/clouds/azure';

export interface BackupStorageProps {
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** `ZRS`, `GZRS`, `RAGZRS` or `GRS` (the settings refuse LRS). */
  readonly replication: string;
  readonly softDeleteDays: number;
  /** Subnets whose traffic (via the Microsoft.Storage service endpoint) may reach the account. */
  readonly subnetIds: readonly string[];
  /** Each gets its own container `cnpg-<namespace>` for its CloudNativePG backups. @default [] */
  readonly databaseNamespaces?: readonly string[];
  /** Where the blob service's read, write and delete logs go. */
  readonly logAnalyticsWorkspaceId: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** The blob-service log categories: every data-plane request, who made it and on which blob. */
export const BLOB_LOG_CATEGORIES = ['StorageRead', 'StorageWrite', 'StorageDelete'] as const;

export function databaseContainerName(namespace: string): string {
  return `${DATABASE_CONTAINER_PREFIX}${namespace}`;
}

/**
 * The storage account for backups (Velero, CloudNativePG): Entra ID only (no shared keys, so no account key
 * to leak), no public blobs, TLS 1.2, HTTPS only, a firewall that admits only the node subnet (no IP is
 * allowed: Terraform manages account and containers through the management plane, see providers/azure.ts),
 * infrastructure encryption, versioning, change feed and soft delete, and every blob request logged to Log
 * Analytics. Velero writes to `backups`; each database namespace to its own `cnpg-<namespace>`, so a role on
 * one container reaches exactly one tool's backups.
 */
export class BackupStorage extends Construct {
  public readonly account: StorageAccount;
  public readonly backups: StorageContainer;
  /** By database namespace. */
  public readonly databases: Readonly<Record<string, StorageContainer>>;

  constructor(scope: Construct, id: string, props: BackupStorageProps) {
    super(scope, id);
    this.account = new StorageAccount(this, 'account', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      accountKind: 'StorageV2',
      accountTier: 'Standard',
      accountReplicationType: props.replication,
      accessTier: 'Hot',
      minTlsVersion: 'TLS1_2',
      httpsTrafficOnlyEnabled: true,
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      infrastructureEncryptionEnabled: true,
      crossTenantReplicationEnabled: false,
      localUserEnabled: false,
      sftpEnabled: false,
      publicNetworkAccessEnabled: true,
      networkRules: {
        defaultAction: 'Deny',
        bypass: ['AzureServices', 'Logging', 'Metrics'],
        virtualNetworkSubnetIds: [...props.subnetIds],
      },
      blobProperties: {
        versioningEnabled: true,
        changeFeedEnabled: true,
        deleteRetentionPolicy: { days: props.softDeleteDays },
        containerDeleteRetentionPolicy: { days: props.softDeleteDays },
      },
      tags: { ...props.tags },
      lifecycle: { preventDestroy: true },
    });
    this.backups = this.container('backups', 'backups');
    this.databases = Object.fromEntries(
      (props.databaseNamespaces ?? []).map((namespace) => [
        namespace,
        this.container(`cnpg-${namespace}`, databaseContainerName(namespace)),
      ]),
    );
    // Diagnostic settings are management-plane resources: the account's firewall does not block them.
    new MonitorDiagnosticSetting(this, 'blob-access-logs', {
      name: 'blob-access-logs',
      targetResourceId: `${this.account.id}/blobServices/default`,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      enabledLog: BLOB_LOG_CATEGORIES.map((category) => ({ category })),
    });
  }

  /**
   * Created through the management plane (storage_account_id), so the data-plane firewall does not block it.
   * Deleting a container deletes its backups: it is protected like the account.
   */
  private container(id: string, name: string): StorageContainer {
    return new StorageContainer(this, id, {
      name,
      storageAccountId: this.account.id,
      containerAccessType: 'private',
      lifecycle: { preventDestroy: true },
    });
  }
}
