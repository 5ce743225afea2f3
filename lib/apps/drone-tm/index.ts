import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { resources, RESTRICTED_CONTAINER } from '../../addons/common';
import type { AppsConfig } from '../config';
import { type KubernetesObject, ObjectsRelease } from '../../core/objects-release';
import { type AppContext, HotApp, requiredStaticKeys } from '../hot-app';
import { SCALEODM_API, SCALEODM_NAMESPACE } from '../scaleodm';
import { appSecret, generatedSecret, loginCookieSecret, smtpPasswordEntry } from '../secrets';

export const DRONE_TM_NAMESPACE = 'drone-tm';
/** Its public host, `drone.<baseDomain>`, as HOT names it. */
export const DRONE_TM_HOST = 'drone';
/** The app version: images and the migrations Job are named after it. */
const VERSION = '2026.7.1';
const BACKEND_IMAGE = { repository: 'ghcr.io/hotosm/drone-tm/backend', tag: VERSION };
/** The Secret every DroneTM container reads its secret settings from (`existingSecret`, as environment variables). */
const SECRETS = 'drone-tm-secrets';
/** The backend image's user as the chart runs it (no USER line: the chart sets 1001). */
const DRONE_TM_UID = 1001;
/** Dragonfly's image user (dfly, 999). */
const DRAGONFLY_UID = 999;
/** arq's queue (app/arq/tasks.py `WorkerSettings.queue_name`): a Redis sorted set in database 0. */
const WORKER_QUEUE = 'default_queue';
/** arq's `max_jobs`: one worker runs this many jobs at once. */
const JOBS_PER_WORKER = 20;

const restrictedPod = (uid: number) => ({
  runAsNonRoot: true,
  runAsUser: uid,
  runAsGroup: uid,
  fsGroup: uid,
  seccompProfile: { type: 'RuntimeDefault' },
});
// The worker and the QGIS packager write temporary files into the image (the chart mounts no volume for them).
const container = (uid: number) => ({
  ...RESTRICTED_CONTAINER,
  readOnlyRootFilesystem: false,
  runAsUser: uid,
  runAsGroup: uid,
});

/**
 * DroneTM (`drone-tm` 2026.7.1) with its frontend bundled into the backend (`frontend.mode: bundleWithBackend`;
 * the other mode is AWS CloudFront), its Dragonfly subchart (Redis-compatible, the arq queue), the QGIS
 * packager and its worker, on PostGIS 16, with imagery processed by ScaleODM.
 *
 * - Workers scale with KEDA on the length of their queue (1 to 4, slowly down: a stopped job waits a day for
 *   its retry); the backend with an HPA on CPU.
 * - Migrations: the chart's Job has no security context, placement or hook (a second release would patch its
 *   immutable template), so it is off and this app runs `alembic upgrade head` in a restricted Job per version.
 * - Pod Security `baseline`, with the reason: the backend's `frontend-assets` init container has no security
 *   context in the chart and its image chowns the assets as root.
 * - S3 with static keys on every cloud (its minio client signs with nothing else), on the endpoint browsers can
 *   reach too (presigned uploads), ScaleODM given the one pods use.
 */
export class DroneTmApp extends HotApp {
  constructor(settings: AppsConfig) {
    super(
      {
        id: 'drone-tm',
        project: 'drone-tm',
        tool: 'drone-tm',
        chart: { kind: 'registry', repository: 'oci://ghcr.io/hotosm/charts', chart: 'drone-tm', version: VERSION },
        database: { postgresMajor: 16, name: 'dronetm', owner: 'dronetm', extensions: ['postgis'], sizeGiB: 20 },
        workload: 'drone-tm',
        hosts: [{ name: DRONE_TM_HOST, service: 'drone-tm-backend', guards: ['app-login'] }],
        // ScaleODM's API out, its webhook calls in; KEDA reads the worker queue's length from Dragonfly.
        network: { toNamespaces: [SCALEODM_NAMESPACE], fromNamespaces: [SCALEODM_NAMESPACE, 'keda'] },
        // The worker ScaledObject needs KEDA's CRDs, Dragonfly's ServiceMonitor the Prometheus Operator's.
        dependsOn: ['keda', 'prometheus-operator-crds'],
        podSecurityException: {
          level: 'baseline',
          reason:
            "drone-tm 2026.7.1's frontend-assets init container has no securityContext in the chart and its image chowns the bundled assets as root",
        },
      },
      settings,
    );
  }

  protected override beforeRelease(scope: Construct, context: AppContext): ITerraformDependable[] {
    const database = context.database;
    if (!database) return [];
    const keys = requiredStaticKeys(context, 'drone-tm', 'DroneTM 2026.7.1');
    const secret = appSecret(scope, 'secrets', context, {
      name: SECRETS,
      data: {
        SECRET_KEY: generatedSecret(scope, 'secret-key', 48),
        POSTGRES_PASSWORD: database.password,
        S3_ACCESS_KEY: keys.accessKeyId,
        S3_SECRET_KEY: keys.secretAccessKey,
        // The login's: DroneTM reads the session cookie the login sets.
        COOKIE_SECRET: loginCookieSecret(scope),
        SCALEODM_WEBHOOK_SECRET: generatedSecret(scope, 'scaleodm-webhook-secret', 40),
        ...smtpPasswordEntry(scope, context.settings, 'SMTP_PASSWORD'),
      },
    });
    return [secret, this.migrations(scope, context, secret)];
  }

  /** `alembic upgrade head` once per version, restricted and on `worker`; its entrypoint waits for the database. */
  private migrations(scope: Construct, context: AppContext, secret: ITerraformDependable): JobV1 {
    return new JobV1(scope, 'migrations', {
      metadata: {
        name: `drone-tm-migrations-${VERSION.replace(/\./g, '-')}`,
        namespace: context.namespace,
        labels: { ...context.labels },
      },
      spec: {
        backoffLimit: 6,
        template: {
          metadata: { labels: { ...context.labels } },
          spec: {
            restartPolicy: 'OnFailure',
            automountServiceAccountToken: false,
            nodeSelector: context.placement.nodeSelector,
            toleration: context.placement.tolerations.map((t) => ({ ...t })),
            securityContext: {
              runAsNonRoot: true,
              runAsUser: String(DRONE_TM_UID),
              runAsGroup: String(DRONE_TM_UID),
              seccompProfile: { type: 'RuntimeDefault' },
            },
            container: [
              {
                name: 'migrations',
                image: `${BACKEND_IMAGE.repository}:${BACKEND_IMAGE.tag}`,
                args: ['alembic', 'upgrade', 'head'],
                envFrom: [{ secretRef: { name: SECRETS } }],
                env: Object.entries(this.databaseEnv(context)).map(([name, value]) => ({ name, value })),
                resources: resources('100m', '256Mi', '512Mi'),
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: false,
                  runAsNonRoot: true,
                  capabilities: { drop: ['ALL'] },
                  seccompProfile: { type: 'RuntimeDefault' },
                },
              },
            ],
          },
        },
      },
      waitForCompletion: true,
      timeouts: { create: '15m', update: '15m' },
      dependsOn: [...context.ready, secret],
    });
  }

  private databaseEnv(context: AppContext): Record<string, string> {
    const database = context.database;
    return {
      POSTGRES_HOST: database?.host ?? '',
      POSTGRES_PORT: String(database?.port ?? 5432),
      POSTGRES_DB: database?.name ?? '',
      POSTGRES_USER: database?.owner ?? '',
    };
  }

  protected override afterRelease(scope: Construct, context: AppContext): void {
    // KEDA owns the workers' HPA: at least one (arq's cron and health key need one), four at most. It waits for
    // KEDA, not for the chart: KEDA retries until the Deployment exists, and the release chain stays short.
    new ObjectsRelease(scope, 'worker-scaling', {
      releaseName: 'drone-tm-worker-scaling',
      namespace: context.namespace,
      objects: [
        {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'ScaledObject',
          metadata: { name: 'drone-tm-worker', namespace: context.namespace },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'drone-tm-worker' },
            minReplicaCount: 1,
            maxReplicaCount: 4,
            pollingInterval: 30,
            advanced: {
              horizontalPodAutoscalerConfig: {
                behavior: { scaleDown: { stabilizationWindowSeconds: 1800 } },
              },
            },
            triggers: [
              {
                type: 'redis',
                metadata: {
                  address: `drone-tm-dragonfly.${context.namespace}.svc.cluster.local:6379`,
                  listName: WORKER_QUEUE,
                  listLength: String(JOBS_PER_WORKER),
                  databaseIndex: '0',
                },
              },
            ],
          },
        } as KubernetesObject,
      ],
      dependsOn: context.ready,
    });
  }

  protected values(context: AppContext): Record<string, unknown> {
    const host = context.host(DRONE_TM_HOST);
    const login = `https://${context.host('login')}`;
    const store = context.objectStorage;
    const smtp = context.settings.smtp;
    const identity = { ...(store?.podLabels ?? {}) };
    return {
      existingSecret: { name: SECRETS },
      env: {
        DOMAIN: host,
        DEBUG: 'False',
        LOG_LEVEL: 'INFO',
        ...this.databaseEnv(context),
        S3_BUCKET_NAME: store?.bucket,
        // Presigned URLs are signed for this host, and browsers follow them: the store's public endpoint.
        S3_ENDPOINT_UPLOAD: store?.publicEndpoint,
        SCALEODM_S3_ENDPOINT: store?.endpoint,
        ODM_ENDPOINT: SCALEODM_API,
        BACKEND_URL_INTERNAL: `http://drone-tm-backend.${context.namespace}.svc.cluster.local:8000`,
        AUTH_PROVIDER: 'hanko',
        HANKO_API_URL: login,
        COOKIE_DOMAIN: `.${context.cluster.dns.baseDomain}`,
        ...(smtp
          ? {
              SMTP_HOST: smtp.host,
              SMTP_PORT: String(smtp.port),
              SMTP_USER: smtp.username ?? '',
              EMAILS_FROM_EMAIL: smtp.from,
            }
          : {}),
      },
      ingress: {
        enabled: true,
        className: 'traefik',
        annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' },
        hosts: [{ host, paths: [{ path: '/', pathType: 'Prefix' }] }],
        tls: [{ hosts: [host], secretName: 'drone-tm-tls' }],
      },
      backend: {
        image: BACKEND_IMAGE,
        replicaCount: context.replicas,
        resources: resources('250m', '512Mi', '1536Mi'),
        autoscaling: {
          enabled: true,
          minReplicas: context.replicas,
          maxReplicas: 4,
          targetCPUUtilizationPercentage: 75,
        },
      },
      migrations: { enabled: false },
      frontend: {
        mode: 'bundleWithBackend',
        image: { repository: 'ghcr.io/hotosm/drone-tm/frontend', tag: VERSION },
        runtimeEnv: { VITE_API_URL: '/api', VITE_AUTH_PROVIDER: 'hanko', VITE_HANKO_URL: login },
      },
      worker: {
        enabled: true,
        image: BACKEND_IMAGE,
        replicaCount: 1,
        resources: resources('500m', '1Gi', '4Gi'),
        autoscaling: { enabled: false },
      },
      qgis: {
        enabled: true,
        image: { repository: 'ghcr.io/hotosm/qfield-project-packager', tag: '26.3' },
        resources: resources('250m', '512Mi', '2Gi'),
      },
      podDisruptionBudget: {
        backend: { enabled: context.settings.highAvailability, minAvailable: 1 },
        worker: { enabled: false },
      },
      postgresql: { enabled: false },
      dragonfly: {
        image: { repository: 'docker.dragonflydb.io/dragonflydb/dragonfly', tag: 'v1.36.0' },
        replicaCount: 1,
        storage: { enabled: false },
        // One thread (it exits below 256 MB per thread, and takes every host CPU without a limit); no phoning home.
        extraArgs: ['--proactor_threads=1', '--version_check=false'],
        podSecurityContext: restrictedPod(DRAGONFLY_UID),
        securityContext: { ...RESTRICTED_CONTAINER, runAsUser: DRAGONFLY_UID, runAsGroup: DRAGONFLY_UID },
        resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
        ...context.placement,
        serviceAccount: { create: true },
        serviceMonitor: { enabled: true },
        // DroneTM's DSN to Dragonfly is fixed without a password: the namespace's NetworkPolicies guard it.
        passwordFromSecret: { enable: false },
      },
      serviceAccount: {
        create: true,
        name: store?.serviceAccount.name ?? 'drone-tm',
        automount: false,
        annotations: { ...(store?.serviceAccount.annotations ?? {}) },
      },
      podLabels: { ...context.labels, ...identity },
      podSecurityContext: restrictedPod(DRONE_TM_UID),
      securityContext: container(DRONE_TM_UID),
      ...context.placement,
    };
  }
}
