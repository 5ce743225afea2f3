import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import type { Construct } from 'constructs';
import type { AzureEnvironment } from '../lib/azure/environment';

/**
 * The azurerm provider for an environment. Credentials come from the run (ARM_* variables, Terraform Cloud
 * dynamic credentials or the Azure CLI), never from here. Soft-deleted Key Vaults and keys are recovered
 * instead of failing, and never purged on destroy: with purge protection on, a purge would fail anyway, and
 * a recoverable key is what lets a deleted cluster's secrets be read again.
 */
export function createAzureProvider(scope: Construct, environment: AzureEnvironment): AzurermProvider {
  return new AzurermProvider(scope, 'azurerm', {
    subscriptionId: environment.azure.subscriptionId,
    tenantId: environment.azure.tenantId,
    // Containers and blobs through Entra ID: the storage account has shared keys turned off.
    storageUseAzuread: true,
    features: [
      {
        keyVault: [
          {
            purgeSoftDeleteOnDestroy: false,
            purgeSoftDeletedKeysOnDestroy: false,
            purgeSoftDeletedSecretsOnDestroy: false,
            purgeSoftDeletedCertificatesOnDestroy: false,
            recoverSoftDeletedKeyVaults: true,
            recoverSoftDeletedKeys: true,
          },
        ],
        resourceGroup: [{ preventDeletionIfContainsResources: true }],
        // The backups account admits only the node subnet; with the data plane on, azurerm polls and reads
        // blob and queue endpoints after create and on every plan, and fails on the firewall's 403. Nothing
        // here needs the data plane: containers go through the management plane (storage_account_id).
        storage: [{ dataPlaneAvailable: false }],
      },
    ],
  });
}
