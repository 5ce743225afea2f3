import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Construct } from 'constructs';

export const WORKLOAD_IDENTITY_AUDIENCE = 'api://AzureADTokenExchange';

export interface ServiceAccountRef {
  readonly namespace: string;
  readonly serviceAccount: string;
}

export interface RoleGrant {
  readonly role: string;
  readonly scope: string;
}

export interface WorkloadIdentityProps {
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly oidcIssuerUrl: string;
  /** The ServiceAccounts that may act as this identity (one federated credential each, 20 at most). */
  readonly serviceAccounts: readonly ServiceAccountRef[];
  /** Roles on exactly the resources the workload needs (a DNS zone, a blob container). @default [] */
  readonly grants?: readonly RoleGrant[];
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A user-assigned identity that Kubernetes ServiceAccounts assume through AKS workload identity (federated
 * credentials on the cluster's OIDC issuer), with roles scoped to single resources.
 */
export class WorkloadIdentity extends Construct {
  public readonly identity: UserAssignedIdentity;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    this.identity = new UserAssignedIdentity(this, 'identity', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: { ...props.tags },
    });
    for (const account of props.serviceAccounts) {
      new FederatedIdentityCredential(this, `federated-${account.namespace}-${account.serviceAccount}`, {
        name: `${account.namespace}-${account.serviceAccount}`,
        resourceGroupName: props.resourceGroupName,
        parentId: this.identity.id,
        issuer: props.oidcIssuerUrl,
        subject: `system:serviceaccount:${account.namespace}:${account.serviceAccount}`,
        audience: [WORKLOAD_IDENTITY_AUDIENCE],
      });
    }
    (props.grants ?? []).forEach((grant, index) => {
      new RoleAssignment(this, `role-${index}`, {
        scope: grant.scope,
        roleDefinitionName: grant.role,
        principalId: this.identity.principalId,
        principalType: 'ServicePrincipal',
      });
    });
  }

  /** What the workload's ServiceAccount and pods carry to use this identity. */
  public access(): {
    serviceAccountAnnotations: Record<string, string>;
    podLabels: Record<string, string>;
  } {
    return {
      serviceAccountAnnotations: { 'azure.workload.identity/client-id': this.identity.clientId },
      podLabels: { 'azure.workload.identity/use': 'true' },
    };
  }
}
