import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { resources, RESTRICTED_CONTAINER } from '../../addons/common';
import type { AppsConfig } from '../config';
import type { SensitiveValue } from '../../addons/helm-addon';
import { type AppContext, HotApp } from '../hot-app';
import { appSecret, generatedSecret, smtpPasswordEntry } from '../secrets';

export const ODK_CENTRAL_NAMESPACE = 'odk-central';
/** Central's API, inside the cluster: what Field-TM talks to (the frontend answers only its public name). */
export const ODK_CENTRAL_API = `http://odk-central-backend.${ODK_CENTRAL_NAMESPACE}.svc:8383`;
/** Its public host, `odk.<baseDomain>`: the web UI, ODK Collect and Enketo's own calls back to Central. */
export const ODK_CENTRAL_HOST = 'odk';

/** The backend's secret settings, mounted as files and exported by `BASH_ENV` before `start-odk.sh` runs. */
const BACKEND_SECRET = 'odk-central-env';
const BACKEND_ENV_SCRIPT = 'odk-central-export-secrets';
const SECRETS_DIR = '/etc/hot/secrets';
const SCRIPT_DIR = '/etc/hot/env';

/** What the root-run images keep: no privilege escalation, the runtime's seccomp profile. */
const ROOT_IMAGE_POD = { seccompProfile: { type: 'RuntimeDefault' } };
const ROOT_IMAGE_CONTAINER = { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } };

const restrictedPod = (uid: number, sysctls = false) => ({
  runAsNonRoot: true,
  runAsUser: uid,
  runAsGroup: uid,
  fsGroup: uid,
  seccompProfile: { type: 'RuntimeDefault' },
  // Binds port 80 as a non-root user; a safe sysctl, allowed at every Pod Security level.
  ...(sysctls ? { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] } : {}),
});
const restrictedContainer = (uid: number) => ({ ...RESTRICTED_CONTAINER, runAsUser: uid, runAsGroup: uid });

/** One Enketo Redis (main: persistent; cache: in memory) from the non-Bitnami redis-ha subchart. */
function enketoRedis(context: AppContext, persistent: boolean): Record<string, unknown> {
  const small = resources('10m', '32Mi', '64Mi');
  return {
    enabled: true,
    // Sentinel needs a quorum of three; staging runs one Redis without it.
    replicas: context.settings.highAvailability ? 3 : 1,
    hardAntiAffinity: false,
    image: { repository: 'public.ecr.aws/docker/library/redis', tag: '7.2.7-alpine' },
    ...context.placement,
    securityContext: restrictedPod(1000),
    containerSecurityContext: restrictedContainer(1000),
    serviceAccount: { create: true, automountToken: false },
    // Enketo has no Redis password setting: the namespace's NetworkPolicies are the guard.
    auth: false,
    init: { resources: small },
    redis: {
      resources: resources('50m', '128Mi', '256Mi'),
      ...(persistent ? {} : { config: { maxmemory: '192mb', 'maxmemory-policy': 'allkeys-lru' } }),
    },
    sentinel: { resources: resources('20m', '32Mi', '64Mi') },
    splitBrainDetection: { resources: small },
    configmapTest: { resources: small },
    exporter: { enabled: false },
    haproxy: {
      enabled: true,
      replicas: context.replicas,
      hardAntiAffinity: false,
      image: { repository: 'public.ecr.aws/docker/library/haproxy', tag: '3.0.8-alpine' },
      securityContext: restrictedPod(99),
      containerSecurityContext: restrictedContainer(99),
      serviceAccount: { create: true, automountToken: false },
      resources: resources('20m', '64Mi', '128Mi'),
      init: { resources: small },
      tests: { resources: small },
      metrics: { enabled: false },
    },
    persistentVolume: persistent ? { enabled: true, size: '1Gi', storageClass: 'standard' } : { enabled: false },
  };
}

/**
 * ODK Central (community chart `odk-central` 0.4.4, Central v2026.1.1) for Field-TM: backend, Enketo, the web
 * frontend and pyxform on PostGIS 16, Enketo's two Redis from the chart's redis-ha subcharts.
 *
 * - Pod Security `baseline`: the backend, Enketo and nginx images run as root and write their configuration into
 *   the image when they start; no value of the chart lets them run as another user. pyxform and Redis run
 *   `restricted`-clean all the same.
 * - The backend's database and SMTP passwords never enter the chart's values: they are files of a Secret this
 *   app writes, exported by a `BASH_ENV` script before Central's start script runs.
 * - Enketo's three keys can only come from values (the chart renders their Secret itself), so they go through
 *   `set_sensitive` (hidden from plans and synthesized JSON) and the app is always delivered by Helm: an Argo CD
 *   Application would hold them in plain sight.
 */
export class OdkCentralApp extends HotApp {
  constructor(settings: AppsConfig) {
    super(
      {
        id: 'odk-central',
        project: 'field-tm',
        tool: 'odk-central',
        chart: {
          kind: 'registry',
          repository: 'https://caktus.github.io/helm-charts',
          chart: 'odk-central',
          version: '0.4.4',
        },
        // Central's migrations create citext and pg_trgm; pgrowlocks is not a trusted extension.
        database: {
          postgresMajor: 16,
          name: 'odk',
          owner: 'odk',
          extensions: ['citext', 'pg_trgm', 'pgrowlocks'],
          sizeGiB: 20,
        },
        hosts: [{ name: ODK_CENTRAL_HOST, service: 'odk-central-frontend', guards: ['app-login'] }],
        network: { fromNamespaces: ['field-tm'] },
        delivery: 'helm',
        podSecurityException: {
          level: 'baseline',
          reason:
            'the ODK Central backend, Enketo and nginx images (v2026.1.1) run as root and write their configuration into the image at start; chart 0.4.4 has no value to run them as another user',
        },
        disruptionBudgets: [
          {
            name: 'odk-central-backend',
            matchLabels: { 'app.kubernetes.io/name': 'backend', 'app.kubernetes.io/instance': 'odk-central' },
          },
          {
            name: 'odk-central-frontend',
            matchLabels: { 'app.kubernetes.io/name': 'frontend', 'app.kubernetes.io/instance': 'odk-central' },
          },
        ],
      },
      settings,
    );
  }

  protected override beforeRelease(scope: Construct, context: AppContext): ITerraformDependable[] {
    const database = context.database;
    if (!database) return [];
    return [
      appSecret(scope, 'backend-env', context, {
        name: BACKEND_SECRET,
        data: {
          PGPASSWORD: database.password,
          ...smtpPasswordEntry(scope, context.settings, 'EMAIL_PASSWORD'),
        },
      }),
      new ConfigMapV1(scope, 'export-secrets', {
        metadata: { name: BACKEND_ENV_SCRIPT, namespace: context.namespace, labels: { ...context.labels } },
        dependsOn: context.ready,
        data: {
          'export-secrets.sh': `for f in ${SECRETS_DIR}/*; do export "$(basename "$f")=$(cat "$f")"; done\n`,
        },
      }),
    ];
  }

  protected override sensitiveValues(scope: Construct): SensitiveValue[] {
    // Enketo checks these exact lengths at start (start-enketo.sh).
    return [
      { name: 'global.enketoSecrets.enketoSecret', value: generatedSecret(scope, 'enketo-secret', 64) },
      { name: 'global.enketoSecrets.enketoLessSecret', value: generatedSecret(scope, 'enketo-less-secret', 32) },
      { name: 'global.enketoSecrets.enketoApiKey', value: generatedSecret(scope, 'enketo-api-key', 128) },
    ];
  }

  protected values(context: AppContext): Record<string, unknown> {
    const database = context.database;
    const domain = context.host(ODK_CENTRAL_HOST);
    const smtp = context.settings.smtp;
    const common = {
      enabled: true,
      replicaCount: context.replicas,
      serviceAccount: { create: true, automount: false },
      podLabels: { ...context.labels },
      ...context.placement,
    };
    return {
      global: { centralDomain: domain, enketoSecretName: 'odk-central-enketo-secrets' },
      'enketo-redis-main': enketoRedis(context, true),
      'enketo-redis-cache': enketoRedis(context, false),
      backend: {
        ...common,
        podSecurityContext: ROOT_IMAGE_POD,
        securityContext: ROOT_IMAGE_CONTAINER,
        resources: resources('250m', '1Gi', '2Gi'),
        image: { repository: 'ghcr.io/caktus/central-service', tag: 'v2026.1.1' },
        environmentVariables: {
          BASH_ENV: `${SCRIPT_DIR}/export-secrets.sh`,
          PGHOST: database?.host,
          PGPORT: '5432',
          PGDATABASE: database?.name,
          PGUSER: database?.owner,
          PGAPPNAME: 'odkcentral',
          DOMAIN: domain,
          HTTPS_PORT: '443',
          SYSADMIN_EMAIL: smtp?.from ?? `hostmaster@${context.cluster.dns.baseDomain}`,
          EMAIL_FROM: smtp?.from ?? '',
          EMAIL_HOST: smtp?.host ?? '',
          EMAIL_PORT: String(smtp?.port ?? 587),
          EMAIL_SECURE: 'false',
          EMAIL_IGNORE_TLS: 'false',
          EMAIL_USER: smtp?.username ?? '',
          DB_POOL_SIZE: '10',
          SESSION_LIFETIME: '86400',
          // Central would report errors to ODK's own Sentry project: off.
          SENTRY_KEY: '',
          SENTRY_ORG_SUBDOMAIN: '',
          SENTRY_PROJECT: '',
          SENTRY_TRACE_RATE: '0',
          // Blobs stay in the database; Central's S3 upload runs from a cron the non-root platform would not start.
          S3_SERVER: '',
          S3_ACCESS_KEY: '',
          S3_SECRET_KEY: '',
          S3_BUCKET_NAME: '',
          OIDC_ENABLED: 'false',
          OIDC_ISSUER_URL: '',
          OIDC_CLIENT_ID: '',
          OIDC_CLIENT_SECRET: '',
        },
        volumes: [
          { name: 'hot-secrets', secret: { secretName: BACKEND_SECRET, defaultMode: 0o400 } },
          { name: 'hot-env', configMap: { name: BACKEND_ENV_SCRIPT } },
        ],
        volumeMounts: [
          { name: 'hot-secrets', mountPath: SECRETS_DIR, readOnly: true },
          { name: 'hot-env', mountPath: SCRIPT_DIR, readOnly: true },
        ],
      },
      enketo: {
        ...common,
        podSecurityContext: ROOT_IMAGE_POD,
        securityContext: ROOT_IMAGE_CONTAINER,
        resources: resources('100m', '256Mi', '768Mi'),
        image: { repository: 'ghcr.io/caktus/central-enketo', tag: 'v2026.1.1' },
        config: { supportEmail: smtp?.from ?? `hostmaster@${context.cluster.dns.baseDomain}`, httpsPort: '443' },
      },
      frontend: {
        ...common,
        podSecurityContext: ROOT_IMAGE_POD,
        securityContext: ROOT_IMAGE_CONTAINER,
        resources: resources('50m', '64Mi', '256Mi'),
        image: { repository: 'ghcr.io/caktus/central-nginx', tag: 'v2026.1.1' },
        environmentVariables: { DOMAIN: domain, SSL_TYPE: 'upstream', CERTBOT_EMAIL: '', OIDC_ENABLED: 'false' },
        ingress: {
          enabled: true,
          className: 'traefik',
          annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' },
          hosts: [{ host: domain, paths: [{ path: '/', pathType: 'Prefix' }] }],
          tls: [{ secretName: 'odk-central-tls', hosts: [domain] }],
        },
        // The chart's frontend template reads this key, which its values lack: without it nothing renders.
        ingressApp: { enabled: false },
      },
      pyxform: {
        ...common,
        podSecurityContext: restrictedPod(65534, true),
        // gunicorn writes its worker files to /tmp, in the image.
        securityContext: { ...restrictedContainer(65534), readOnlyRootFilesystem: false },
        resources: resources('100m', '256Mi', '1Gi'),
        image: { repository: 'ghcr.io/getodk/pyxform-http', tag: 'v3.0.0' },
      },
    };
  }
}
