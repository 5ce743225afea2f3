import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { Construct } from 'constructs';

export interface BackupStorageProps {
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly replication: string;
  readonly softDeleteDays: number;
  /** Subnets whose traffic (via the Microsoft.Storage service endpoint) may reach the account. */
  readonly subnetIds: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The storage account for backups (Velero, CloudNativePG): Entra ID only (no shared keys, so no account key
 * to leak), no public blobs, TLS 1.2, HTTPS only, a firewall that admits only the node subnet (no IP is
 * allowed: Terraform manages account and container through the management plane, see providers/azure.ts),
 * infrastructure encryption, versioning, change feed and soft delete. One `backups` container; tools write
 * under their own prefixes.
 */
export class BackupStorage extends Construct {
  public readonly account: StorageAccount;
  public readonly backups: StorageContainer;

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
    // Created through the management plane (storage_account_id), so the data-plane firewall does not block it.
    this.backups = new StorageContainer(this, 'backups', {
      name: 'backups',
      storageAccountId: this.account.id,
      containerAccessType: 'private',
    });
  }
}
