import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { INGRESS_CLASS, resources } from '../../addons/common';
import type { AppsConfig } from '../config';
import { type KubernetesObject, ObjectsRelease } from '../../core/objects-release';
import { type AppContext, HotApp } from '../hot-app';
import { appSecret, deploymentVariable, loginCookieSecret } from '../secrets';
import { sensitiveVariable } from '../../core/sensitive-variable';
import { HANKO_PORT, HANKO_SERVICE, Hanko } from './hanko';

export const LOGIN_NAMESPACE = 'login';
/** The login's public host, `login.<baseDomain>`: the apps' `HANKO_API_URL`. */
export const LOGIN_HOST = 'login';
const SECRETS = 'login-secrets';
const VERSION = '0.3.7';
/** The chart's TLS secret for its Ingresses; the app's own routes on the same host reuse it. */
const TLS_SECRET = 'login-tls';
/** The hosts of the apps that sign in with the login (Hanko's CORS origins). */
const SIGNING_IN = ['login', 'drone', 'field', 'sandbox'];

/**
 * HOT's shared login (`login` 0.1.12, app 0.3.7: a backend and a frontend) with Hanko (`hanko.ts`), which the
 * chart expects beside it on the same host, on one PostgreSQL database for both (as upstream runs them).
 *
 * - Pod Security `baseline`, with the reason: the frontend image is nginx running as root, and the chart shares
 *   one security context between backend and frontend.
 * - Routes: the chart's `/api`, `/me` and `/assets` work on Traefik; its `/app` route is an nginx regular
 *   expression, so this app adds `/app` with a StripPrefix Middleware, and Hanko's catch-all `/` at the lowest
 *   priority.
 * - DroneTM reads the same `COOKIE_SECRET` (one generated value of the stack).
 */
export class LoginApp extends HotApp {
  constructor(settings: AppsConfig) {
    super(
      {
        id: 'login',
        project: 'login',
        tool: 'login',
        chart: { kind: 'registry', repository: 'oci://ghcr.io/hotosm/charts', chart: 'login', version: '0.1.12' },
        database: { postgresMajor: 17, name: 'login', owner: 'login', extensions: [], sizeGiB: 10 },
        hosts: [{ name: LOGIN_HOST, service: 'login-frontend', guards: ['app-login'] }],
        // Traefik's StripPrefix Middleware for `/app` is a Traefik custom resource.
        dependsOn: ['ingress'],
        podSecurityException: {
          level: 'baseline',
          reason:
            'the login frontend image (0.3.7) is nginx running as root, and chart 0.1.12 gives backend and frontend one security context',
        },
      },
      settings,
    );
  }

  protected override beforeRelease(scope: Construct, context: AppContext): ITerraformDependable[] {
    const database = context.database;
    if (!database) return [];
    const host = context.host(LOGIN_HOST);
    const hanko = new Hanko(scope, 'hanko', {
      context,
      host,
      origins: SIGNING_IN.map((name) => `https://${context.host(name)}`),
    });
    const secret = appSecret(scope, 'secrets', context, {
      name: SECRETS,
      data: {
        COOKIE_SECRET: loginCookieSecret(scope),
        DATABASE_URL: database.url('postgresql+asyncpg'),
        // Hanko's tables are in the same database (the admin statistics read them).
        HANKO_DB_URL: database.url(),
        OSM_CLIENT_ID: deploymentVariable(scope, 'login_osm_client_id', "The login's OSM OAuth2 client id"),
        OSM_CLIENT_SECRET: sensitiveVariable(scope, 'login_osm_client_secret', "The login's OSM OAuth2 client secret")
          .stringValue,
      },
    });
    return [secret, ...hanko.ready];
  }

  protected override afterRelease(scope: Construct, context: AppContext): void {
    const host = context.host(LOGIN_HOST);
    const namespace = context.namespace;
    new ObjectsRelease(scope, 'routes', {
      releaseName: 'login-routes',
      namespace,
      objects: [
        {
          apiVersion: 'traefik.io/v1alpha1',
          kind: 'Middleware',
          metadata: { name: 'strip-app', namespace },
          spec: { stripPrefix: { prefixes: ['/app'] } },
        } as KubernetesObject,
      ],
      dependsOn: context.ready,
    });
    const ingress = (id: string, path: string, service: string, port: number, annotations: Record<string, string>) =>
      new IngressV1(scope, `${id}-route`, {
        metadata: { name: `login-${id}`, namespace, labels: { ...context.labels }, annotations },
        spec: {
          ingressClassName: INGRESS_CLASS,
          // The chart's certificate for this host: no second one.
          tls: [{ hosts: [host], secretName: TLS_SECRET }],
          rule: [
            {
              host,
              http: {
                path: [{ path, pathType: 'Prefix', backend: { service: { name: service, port: { number: port } } } }],
              },
            },
          ],
        },
        dependsOn: context.ready,
      });
    // The frontend is built for `/app` but serves its files at `/`.
    ingress('app', '/app', 'login-frontend', 80, {
      'traefik.ingress.kubernetes.io/router.middlewares': `${namespace}-strip-app@kubernetescrd`,
    });
    // Everything the chart does not route (registration, passcodes, WebAuthn, sessions) is Hanko's.
    ingress('hanko', '/', HANKO_SERVICE, HANKO_PORT, { 'traefik.ingress.kubernetes.io/router.priority': '1' });
  }

  protected values(context: AppContext): Record<string, unknown> {
    const host = context.host(LOGIN_HOST);
    const url = `https://${host}`;
    // Shared by backend (its image's user, 1000) and frontend (nginx as root in its image): no user is forced.
    const pod = { seccompProfile: { type: 'RuntimeDefault' } };
    return {
      existingSecret: { name: SECRETS },
      env: {
        AUTH_PROVIDER: 'hanko',
        HANKO_API_URL: url,
        JWT_ISSUER: url,
        BACKEND_URL: url,
        FRONTEND_URL: url,
        COOKIE_DOMAIN: `.${context.cluster.dns.baseDomain}`,
        OSM_REDIRECT_URI: `${url}/api/auth/osm/callback`,
        // The chart sets OSM_URL and OSM_SCOPE; the backend reads these two (hotosm_auth config).
        OSM_API_URL: 'https://www.openstreetmap.org',
        OSM_SCOPES: 'read_prefs',
        LOG_LEVEL: 'INFO',
        // The chart's default lists six people's addresses; admins are named per deployment.
        ADMIN_EMAILS: '',
        DRONETM_BACKEND_URL: `https://${context.host('drone')}`,
        // Apps this environment does not run: the admin proxy must not call HOT's production ones.
        FAIR_BACKEND_URL: '',
        PORTAL_BACKEND_URL: '',
        OAM_BACKEND_URL: '',
        UMAP_BACKEND_URL: '',
        EXPORT_TOOL_BACKEND_URL: '',
        CHATMAP_BACKEND_URL: '',
      },
      ingress: { enabled: true, className: INGRESS_CLASS, host, tls: [{ hosts: [host], secretName: TLS_SECRET }] },
      backend: {
        image: { repository: 'ghcr.io/hotosm/login-backend', tag: VERSION },
        replicaCount: context.replicas,
        resources: resources('100m', '256Mi', '512Mi'),
      },
      frontend: {
        image: { repository: 'ghcr.io/hotosm/login-frontend', tag: VERSION },
        replicaCount: context.replicas,
        resources: resources('25m', '32Mi', '128Mi'),
      },
      serviceAccount: { create: true, automount: false },
      podLabels: { ...context.labels },
      podSecurityContext: pod,
      securityContext: { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } },
      ...context.placement,
    };
  }
}
