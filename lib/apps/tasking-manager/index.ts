import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { AppsConfig } from '../config';
import { sensitiveVariable } from '../../core/sensitive-variable';
import { type AppContext, HotApp } from '../hot-app';
import { appSecret, deploymentVariable, generatedSecret, smtpPasswordEntry } from '../secrets';

/** The Secret every backend container reads its secret settings from (`existingSecret`, as env). */
export const TASKING_MANAGER_SECRET = 'tasking-manager-env';
/** The API's public host, `tasks-api.<baseDomain>`, as HOT separates it from the app's. */
export const TASKING_MANAGER_API_HOST = 'tasks-api';
/** Where the frontend would be, `tasks.<baseDomain>`: OAuth redirects, e-mail links and CORS name it. */
export const TASKING_MANAGER_APP_HOST = 'tasks';
/** The chart of this project (charts/tasking-manager) and the release its default image is built from. */
const CHART_VERSION = '0.1.0';
const APP_VERSION = '5.5.2';

/** uvicorn workers per pod, each with this many database connections at most. */
const WORKERS = 4;
const CONNECTIONS_PER_WORKER = 4;
const MAX_REPLICAS = 9;

/**
 * HOT's Tasking Manager backend (v5.5.2) with this project's own chart: the API (HPA 2 to 9 pods of 2 vCPU / 4 GiB
 * on CPU 60 % / memory 70 %, what ECS runs today, and a PDB), `alembic upgrade head` in a pre-install/pre-upgrade
 * hook before the new API serves, and the backend's scheduler (task auto-unlock, project statistics). PostGIS 16.
 * The frontend is left out: HOT publishes it only as files on S3 and CloudFront, built per domain (README).
 */
export class TaskingManagerApp extends HotApp {
  constructor(settings: AppsConfig) {
    super(
      {
        id: 'tasking-manager',
        project: 'tasking-manager',
        tool: 'tasking-manager',
        chart: { kind: 'project', chart: 'tasking-manager', version: CHART_VERSION },
        // Argo CD cannot fetch a chart that lives only in this repository.
        delivery: 'helm',
        database: {
          postgresMajor: 16,
          name: 'tasking_manager',
          owner: 'tm',
          sizeGiB: 50,
          resources: { cpu: '500m', memoryMiB: 2048 },
          // Every API pod at the HPA's maximum, the scheduler and a migration, with room for CloudNativePG's own.
          parameters: { max_connections: String(MAX_REPLICAS * WORKERS * CONNECTIONS_PER_WORKER + 50) },
        },
        hosts: [{ name: TASKING_MANAGER_API_HOST, service: 'tasking-manager-backend', guards: ['app-login'] }],
        // The HPA's nine API pods of 2 vCPU / 4 GiB, the scheduler, a migration Job and the database.
        quota: { requestsCpu: '21', requestsMemoryGiB: 42, limitsMemoryGiB: 48, storageGiB: 150, pods: 30 },
      },
      settings,
    );
  }

  protected override beforeRelease(scope: Construct, context: AppContext): ITerraformDependable[] {
    const database = context.database;
    if (!database) return [];
    const smtp = context.settings.smtp;
    return [
      appSecret(scope, 'env', context, {
        name: TASKING_MANAGER_SECRET,
        data: {
          POSTGRES_PASSWORD: database.password,
          TM_SECRET: generatedSecret(scope, 'tm-secret', 64),
          TM_CLIENT_ID: deploymentVariable(
            scope,
            'tasking_manager_osm_client_id',
            "Tasking Manager's OSM OAuth2 client id",
          ),
          TM_CLIENT_SECRET: sensitiveVariable(
            scope,
            'tasking_manager_osm_client_secret',
            "Tasking Manager's OSM OAuth2 client secret",
          ).stringValue,
          // The backend refuses to start with empty SMTP credentials (fastapi-mail): without a relay user it
          // gets a generated one that no relay knows, and sends nothing.
          TM_SMTP_USER: smtp?.username ?? 'no-relay',
          ...(smtp?.username
            ? smtpPasswordEntry(scope, context.settings, 'TM_SMTP_PASSWORD')
            : { TM_SMTP_PASSWORD: generatedSecret(scope, 'smtp-password-none', 24) }),
        },
      }),
    ];
  }

  protected values(context: AppContext): Record<string, unknown> {
    const database = context.database;
    const app = `https://${context.host(TASKING_MANAGER_APP_HOST)}`;
    const api = context.host(TASKING_MANAGER_API_HOST);
    const smtp = context.settings.smtp;
    return {
      existingSecret: TASKING_MANAGER_SECRET,
      env: {
        POSTGRES_ENDPOINT: database?.host,
        POSTGRES_PORT: String(database?.port ?? 5432),
        POSTGRES_DB: database?.name,
        POSTGRES_USER: database?.owner,
        DB_MIN_CONNECTIONS: '1',
        DB_MAX_CONNECTIONS: String(CONNECTIONS_PER_WORKER),
        TM_APP_BASE_URL: app,
        TM_APP_API_URL: `https://${api}/api`,
        TM_REDIRECT_URI: `${app}/authorized`,
        TM_SCOPE: 'read_prefs write_api',
        // A JSON list, not a comma-separated one.
        EXTRA_CORS_ORIGINS: JSON.stringify([app]),
        TM_ENVIRONMENT: context.cluster.environment,
        TM_ORG_NAME: 'Humanitarian OpenStreetMap Team',
        TM_ORG_CODE: 'HOT',
        TM_DEFAULT_CHANGESET_COMMENT: '#hotosm-project',
        OSM_SERVER_URL: 'https://www.openstreetmap.org',
        OSM_NOMINATIM_SERVER_URL: 'https://nominatim.openstreetmap.org',
        OSM_USER_AGENT: `HOT-TaskingManager-API/${APP_VERSION} (${app})`,
        TM_LOG_LEVEL: '20',
        USE_SENTRY: 'false',
        ...(smtp
          ? {
              TM_SMTP_HOST: smtp.host,
              TM_SMTP_PORT: String(smtp.port),
              TM_EMAIL_FROM_ADDRESS: smtp.from,
              TM_EMAIL_CONTACT_ADDRESS: smtp.from,
            }
          : { SEND_PROJECT_EMAIL_UPDATES: 'false' }),
      },
      backend: {
        workers: WORKERS,
        replicas: context.replicas,
        autoscaling: {
          enabled: true,
          minReplicas: context.replicas,
          maxReplicas: MAX_REPLICAS,
          targetCPUUtilizationPercentage: 60,
          targetMemoryUtilizationPercentage: 70,
        },
        disruptionBudget: { enabled: context.settings.highAvailability, maxUnavailable: 1 },
      },
      migrations: { enabled: true, database: { host: database?.host, port: database?.port ?? 5432, waitSeconds: 900 } },
      scheduler: { enabled: true },
      ingress: {
        enabled: true,
        className: 'traefik',
        host: api,
        annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' },
        tlsSecretName: 'tasking-manager-api-tls',
      },
      podLabels: { ...context.labels },
      ...context.placement,
    };
  }
}
