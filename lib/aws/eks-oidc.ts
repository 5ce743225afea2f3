import { EksIdentityProviderConfig } from '@cdktf/provider-aws/lib/eks-identity-provider-config';
import type { Construct } from 'constructs';
import type { KubernetesOidcSettings } from '../config/schema-parts';
import { OIDC_PREFIX } from '../core/kubernetes-oidc';

/**
 * The cluster's OIDC identity provider (`aws.oidc`): the API server accepts the issuer's ID tokens, users and
 * groups prefixed `oidc:`, with only what RBAC binds them to; IAM access entries stay the way in for admins.
 * EKS takes 15 to 30 minutes to associate one.
 */
export function eksOidcProvider(
  scope: Construct,
  props: { readonly clusterName: string; readonly oidc: KubernetesOidcSettings; readonly tags: Record<string, string> },
): EksIdentityProviderConfig {
  return new EksIdentityProviderConfig(scope, 'oidc-provider', {
    clusterName: props.clusterName,
    oidc: {
      identityProviderConfigName: 'people',
      issuerUrl: props.oidc.issuerUrl,
      clientId: props.oidc.clientId,
      usernameClaim: props.oidc.usernameClaim,
      usernamePrefix: OIDC_PREFIX,
      groupsClaim: props.oidc.groupsClaim,
      groupsPrefix: OIDC_PREFIX,
    },
    tags: { ...props.tags },
  });
}
