import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Sleep } from '@cdktf/provider-time/lib/sleep';
import { Construct } from 'constructs';

export interface AksKeyVaultProps {
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly tenantId: string;
  /** Who runs Terraform: needs Key Vault Crypto Officer to create and rotate the key. */
  readonly deployerObjectId: string;
  /** The VNet whose private DNS resolves the vault to its private endpoint. */
  readonly vnetId: string;
  /** Where the vault's private endpoint gets its address. */
  readonly privateEndpointSubnetId: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** Keys rotate yearly and expire after two years; KMS follows the newest version on the next apply. */
export const KMS_KEY_ROTATION = {
  expireAfter: 'P2Y',
  notifyBeforeExpiry: 'P30D',
  rotateBeforeExpiry: 'P365D',
} as const;

/** The zone Azure resolves `<vault>.vault.azure.net` to a private endpoint in. */
export const KEY_VAULT_PRIVATE_DNS_ZONE = 'privatelink.vaultcore.azure.net';

/**
 * Azure RBAC changes reach the Key Vault data plane up to ten minutes after the assignment exists (Azure RBAC
 * troubleshooting); the key is created through the data plane right after the Crypto Officer grant.
 */
export const ROLE_PROPAGATION_WAIT = '300s';

/**
 * A premium (HSM-backed) Key Vault with RBAC authorization and purge protection, holding the key that
 * encrypts etcd (AKS KMS v2, private mode). The vault has no public network access at all: AKS reaches it
 * through the private endpoint it creates for KMS (API Server VNet Integration), and Terraform through the
 * private endpoint here, resolved by the `privatelink.vaultcore.azure.net` zone linked to the VNet: the runner
 * works from inside the VNet (lib/azure/README.md, "Reaching a private cluster"). Vault and key are protected
 * from `terraform destroy`.
 */
export class AksKeyVault extends Construct {
  public readonly vault: KeyVault;
  public readonly kmsKey: KeyVaultKey;

  constructor(scope: Construct, id: string, props: AksKeyVaultProps) {
    super(scope, id);
    this.vault = new KeyVault(this, 'vault', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tenantId: props.tenantId,
      skuName: 'premium',
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
      publicNetworkAccessEnabled: false,
      networkAcls: { defaultAction: 'Deny', bypass: 'None' },
      tags: { ...props.tags },
      lifecycle: { preventDestroy: true },
    });
    const zone = new PrivateDnsZone(this, 'private-dns-zone', {
      name: KEY_VAULT_PRIVATE_DNS_ZONE,
      resourceGroupName: props.resourceGroupName,
      tags: { ...props.tags },
    });
    const link = new PrivateDnsZoneVirtualNetworkLink(this, 'private-dns-link', {
      name: 'vnet',
      resourceGroupName: props.resourceGroupName,
      privateDnsZoneName: zone.name,
      virtualNetworkId: props.vnetId,
      registrationEnabled: false,
      tags: { ...props.tags },
    });
    const endpoint = new PrivateEndpoint(this, 'private-endpoint', {
      name: `pe-${props.name}`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      subnetId: props.privateEndpointSubnetId,
      privateServiceConnection: {
        name: 'vault',
        privateConnectionResourceId: this.vault.id,
        subresourceNames: ['vault'],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: 'vault', privateDnsZoneIds: [zone.id] },
      tags: { ...props.tags },
    });
    const officer = new RoleAssignment(this, 'deployer-crypto-officer', {
      scope: this.vault.id,
      roleDefinitionName: 'Key Vault Crypto Officer',
      principalId: props.deployerObjectId,
    });
    const propagated = new Sleep(this, 'crypto-officer-propagation', {
      createDuration: ROLE_PROPAGATION_WAIT,
      triggers: { assignment: officer.id },
      dependsOn: [officer],
    });
    this.kmsKey = new KeyVaultKey(this, 'kms-key', {
      name: 'etcd-kms',
      keyVaultId: this.vault.id,
      keyType: 'RSA-HSM',
      keySize: 2048,
      keyOpts: ['decrypt', 'encrypt', 'sign', 'unwrapKey', 'verify', 'wrapKey'],
      // Expiry comes from the rotation policy, per version. A fixed expiration_date (checkov CKV_AZURE_40) would
      // stop KMS on that day unless someone rotated by hand, and Terraform would stamp it onto every new version.
      rotationPolicy: {
        expireAfter: KMS_KEY_ROTATION.expireAfter,
        notifyBeforeExpiry: KMS_KEY_ROTATION.notifyBeforeExpiry,
        automatic: { timeBeforeExpiry: KMS_KEY_ROTATION.rotateBeforeExpiry },
      },
      tags: { ...props.tags },
      // The data-plane call goes through the private endpoint, with the role in effect.
      dependsOn: [propagated, endpoint, link],
      lifecycle: { preventDestroy: true },
    });
  }

  /** Lets an identity (the cluster's) use the key for KMS, nothing more. */
  public grantCryptoUser(id: string, principalId: string): RoleAssignment {
    return this.grant(id, 'Key Vault Crypto User', principalId);
  }

  /**
   * In private mode AKS creates a private endpoint and private link to the vault for KMS itself, which needs
   * Key Vault Contributor (management plane only: no key or secret access).
   */
  public grantPrivateLinkCreation(id: string, principalId: string): RoleAssignment {
    return this.grant(id, 'Key Vault Contributor', principalId);
  }

  private grant(id: string, role: string, principalId: string): RoleAssignment {
    return new RoleAssignment(this, id, {
      scope: this.vault.id,
      roleDefinitionName: role,
      principalId,
      principalType: 'ServicePrincipal',
    });
  }
}
