import type { KubernetesOidcSettings } from '../config/schema-parts';
import type { ApiServerOidc } from '../contracts/cluster';

/** Users and groups from the issuer carry this prefix, so no token can pose as `system:masters` or a node. */
export const OIDC_PREFIX = 'oidc:';

/** What an API server configured with `oidc` accepts, as the contract describes it. */
export function apiServerOidcOf(oidc: KubernetesOidcSettings): ApiServerOidc {
  return {
    issuerUrl: oidc.issuerUrl,
    clientId: oidc.clientId,
    usernameClaim: oidc.usernameClaim,
    groupsClaim: oidc.groupsClaim,
    prefix: OIDC_PREFIX,
  };
}
