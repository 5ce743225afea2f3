import type { AdminSsoSettings } from '../../config/schema-parts';
import type { AdminExposure } from '../admin-access';

/** The Secret (key `client-secret`) Grafana reads the SSO client secret from, through its environment. */
export const GRAFANA_SSO_SECRET = 'grafana-sso';

/** A JMESPath raw string literal. */
function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Whether the signed-in user's claim matches one of `values` (a list claim like groups, or a string claim). */
function matches(claim: AdminSsoSettings['claim'], values: readonly string[]): string {
  return values
    .map((v) => (claim === 'groups' ? `contains(groups[*], ${literal(v)})` : `${claim} == ${literal(v)}`))
    .join(' || ');
}

/**
 * Grafana's role from the claim: Admin for `admins`, Viewer for `viewers`, and no sign-in for anybody else
 * (`role_attribute_strict`), so an account at the issuer is not enough to get in.
 */
export function grafanaRolePath(sso: AdminSsoSettings): string {
  const rules = [`(${matches(sso.claim, sso.admins)}) && 'Admin'`];
  if (sso.viewers.length > 0) rules.push(`(${matches(sso.claim, sso.viewers)}) && 'Viewer'`);
  return rules.join(' || ');
}

/**
 * Grafana chart values for SSO: generic OAuth with PKCE against the issuer, the login form and basic auth off
 * (the generated admin password then opens nothing from outside), the client secret from a Secret by
 * environment variable, never through the chart's values. Without SSO: the local admin only.
 */
export function grafanaSso(exposure: AdminExposure, host: string): Record<string, unknown> {
  const sso = exposure.sso;
  const server = { root_url: `https://${host}` };
  if (!sso) return { 'grafana.ini': { server } };
  const scopes = ['openid', 'profile', 'email', ...(sso.claim === 'groups' ? ['groups'] : [])];
  return {
    'grafana.ini': {
      server,
      auth: { disable_login_form: true, oauth_auto_login: true },
      'auth.basic': { enabled: false },
      'auth.generic_oauth': {
        enabled: true,
        name: 'Single sign-on',
        client_id: sso.clientId,
        scopes: scopes.join(' '),
        auth_url: sso.authorizeUrl,
        token_url: sso.tokenUrl,
        api_url: sso.userInfoUrl,
        use_pkce: true,
        allow_sign_up: true,
        role_attribute_path: grafanaRolePath(sso),
        role_attribute_strict: true,
        allow_assign_grafana_admin: false,
      },
    },
    envValueFrom: {
      GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { secretKeyRef: { name: GRAFANA_SSO_SECRET, key: 'client-secret' } },
    },
  };
}
