import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Construct } from 'constructs';

export interface AksKeyVaultProps {
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly tenantId: string;
  /** Who runs Terraform: needs Key Vault Crypto Officer to create and rotate the key. */
  readonly deployerObjectId: string;
  /** Public IPs that may reach the vault's data plane (Terraform's runners); Azure services always may. */
  readonly allowedCidrs: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

/** Keys rotate yearly and expire after two years; KMS follows the newest version on the next apply. */
export const KMS_KEY_ROTATION = {
  expireAfter: 'P2Y',
  notifyBeforeExpiry: 'P30D',
  rotateBeforeExpiry: 'P365D',
} as const;

/**
 * A premium (HSM-backed) Key Vault with RBAC authorization, purge protection and a firewall, holding the key
 * that encrypts etcd (AKS KMS v2). Vault and key are protected from `terraform destroy`.
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
      publicNetworkAccessEnabled: true,
      networkAcls: {
        defaultAction: 'Deny',
        // AKS reaches the vault for KMS as a trusted Azure service.
        bypass: 'AzureServices',
        ipRules: [...props.allowedCidrs],
      },
      tags: { ...props.tags },
      lifecycle: { preventDestroy: true },
    });
    const officer = new RoleAssignment(this, 'deployer-crypto-officer', {
      scope: this.vault.id,
      roleDefinitionName: 'Key Vault Crypto Officer',
      principalId: props.deployerObjectId,
    });
    this.kmsKey = new KeyVaultKey(this, 'kms-key', {
      name: 'etcd-kms',
      keyVaultId: this.vault.id,
      keyType: 'RSA-HSM',
      keySize: 2048,
      keyOpts: ['decrypt', 'encrypt', 'sign', 'unwrapKey', 'verify', 'wrapKey'],
      rotationPolicy: {
        expireAfter: KMS_KEY_ROTATION.expireAfter,
        notifyBeforeExpiry: KMS_KEY_ROTATION.notifyBeforeExpiry,
        automatic: { timeBeforeExpiry: KMS_KEY_ROTATION.rotateBeforeExpiry },
      },
      tags: { ...props.tags },
      dependsOn: [officer],
      lifecycle: { preventDestroy: true },
    });
  }

  /** Lets an identity (the cluster's) use the key for KMS, nothing more. */
  public grantCryptoUser(id: string, principalId: string): RoleAssignment {
    return new RoleAssignment(this, id, {
      scope: this.vault.id,
      roleDefinitionName: 'Key Vault Crypto User',
      principalId,
      principalType: 'ServicePrincipal',
    });
  }
}
