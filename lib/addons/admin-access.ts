import type { Construct } from 'constructs';
import type { AdminAccessSettings, AdminSsoSettings } from '../config/schema-parts';
import type { KubernetesObject } from '../core/objects-release';
import { sensitiveVariable } from '../core/sensitive-variable';
import type { HostGuard } from '../core/published-hosts';
import { INGRESS_NAMESPACE } from './common';

/** The Traefik Middleware that admits only the allow-listed sources, shared by the admin UIs. */
const ADMIN_ALLOW_LIST = 'admin-allow-list';
/** The sensitive variable of the apps stack holding the SSO client secret. */
const ADMIN_SSO_SECRET_VARIABLE = 'admin_sso_client_secret';

/** How an admin UI is published, decided once from the settings. */
export interface AdminExposure {
  /** False: no Ingress; the UI is reached with `kubectl port-forward`. */
  readonly published: boolean;
  readonly guards: readonly HostGuard[];
  readonly sso?: AdminSsoSettings;
  readonly allowedCidrs: readonly string[];
}

export function adminExposure(settings: AdminAccessSettings): AdminExposure {
  const guards: HostGuard[] = [];
  if (settings.sso) guards.push('sso');
  if (settings.allowedCidrs.length > 0) guards.push('allow-list');
  return { published: guards.length > 0, guards, sso: settings.sso, allowedCidrs: settings.allowedCidrs };
}

/**
 * Ingress annotations of an admin UI: the allow-list middleware when there is one. It lives in the ingress
 * controller's namespace (the ingress add-on makes it once Traefik's CRDs exist), so the admin UIs need not
 * wait for Traefik; until it exists Traefik serves their routes to nobody.
 */
export function adminIngressAnnotations(exposure: AdminExposure): Record<string, string> {
  return exposure.allowedCidrs.length > 0
    ? { 'traefik.ingress.kubernetes.io/router.middlewares': `${INGRESS_NAMESPACE}-${ADMIN_ALLOW_LIST}@kubernetescrd` }
    : {};
}

/**
 * The allow-list itself. Traefik matches the connection's source address: the ingress Service keeps client
 * addresses (`externalTrafficPolicy: Local`, see the ingress add-on), so the range is the visitor's.
 */
interface TraefikMiddleware extends KubernetesObject {
  readonly spec: { readonly ipAllowList: { readonly sourceRange: readonly string[] } };
}

export function allowListMiddleware(allowedCidrs: readonly string[]): TraefikMiddleware {
  return {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'Middleware',
    metadata: { name: ADMIN_ALLOW_LIST, namespace: INGRESS_NAMESPACE },
    spec: { ipAllowList: { sourceRange: [...allowedCidrs] } },
  };
}

/** The SSO client secret: one sensitive variable of the apps stack, shared by every admin UI. */
export function adminSsoClientSecret(scope: Construct): string {
  return sensitiveVariable(
    scope,
    ADMIN_SSO_SECRET_VARIABLE,
    'Client secret of the admin UIs at the single sign-on issuer (platform.adminAccess.sso)',
  ).stringValue;
}
