import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import {
  CLUSTER_ISSUER_PROD,
  INGRESS_CLASS,
  requiredNodeAffinity,
  resources,
  type Toleration,
} from '../../addons/common';
import type { AppsConfig } from '../config';
import { type AppContext, HotApp } from '../hot-app';
import { appSecret } from '../secrets';

export const OPENAERIALMAP_NAMESPACE = 'openaerialmap';
/** The catalogue's public host, `imagery.<baseDomain>`: `/stac` and `/raster` under it. */
export const OPENAERIALMAP_HOST = 'imagery';
/** The Secret eoAPI reads the pgSTAC connection from (`postgresql.type: external-secret`). */
export const PGSTAC_SECRET = 'openaerialmap-pgstac';

/** pgSTAC's roles: its migrations grant them to the migrating user, which needs ADMIN OPTION on each (PG 16+). */
const PGSTAC_ROLES = ['pgstac_admin', 'pgstac_ingest', 'pgstac_read'];
const DATABASE = 'pgstac';
const OWNER = 'oam_stac';

/**
 * A Helm hook that runs before the chart's Deployments exist. The chart makes pgSTAC's migration a post-install
 * hook while every API pod's init container waits for that Job: with `wait` (every release here waits for its
 * pods) the pods never start and the hook never runs. As pre-install hooks (Argo CD: PreSync) the migration
 * and its ConfigMaps come first. They are replaced at the next upgrade, not deleted when they succeed: the init
 * containers look the Job up, and Argo CD could delete a "succeeded" ConfigMap before the Job mounts it.
 */
function preInstallHook(weight: number): Record<string, string> {
  return {
    'helm.sh/hook': 'pre-install,pre-upgrade',
    'helm.sh/hook-weight': String(weight),
    'helm.sh/hook-delete-policy': 'before-hook-creation',
  };
}

/**
 * OpenAerialMap's catalogue: eoAPI (`eoapi` 0.15.0, Development Seed) on a CloudNativePG pgSTAC database, as
 * HOT runs it (hotosm/k8s-infra apps/oam): the STAC API (stac-fastapi-pgstac), raster tiles (titiler-pgstac,
 * autoscaled on CPU), under `imagery.<baseDomain>`. The catalogue is open data served
 * read-only (transactions off), so the host is published without a login, with that reason.
 *
 * Upstream gaps, with what is done about each (README):
 * - The chart sets no securityContext on any pod and has no value for one: Pod Security `baseline`.
 * - The STAC browser has no placement value at all (it could land on `core`): it is not installed.
 * - HOT's own `stac-api` image and the uploader's images are published only as the moving tag `main`: the
 *   chart's pinned `stac-fastapi-pgstac` serves the catalogue, and the uploader, tilepack-api and global-tms are
 *   not installed.
 */
export class OpenAerialMapApp extends HotApp {
  constructor(settings: AppsConfig) {
    super(
      {
        id: OPENAERIALMAP_NAMESPACE,
        project: 'openaerialmap',
        tool: 'eoapi',
        chart: { kind: 'registry', repository: 'https://devseed.com/eoapi-k8s/', chart: 'eoapi', version: '0.15.0' },
        database: {
          postgresMajor: 18,
          name: DATABASE,
          owner: OWNER,
          // The owner is no superuser: pgSTAC's migrations find these already there (they create them only if missing).
          extensions: ['postgis', 'btree_gist', 'unaccent'],
          initSql: [
            ...PGSTAC_ROLES.map((role) => `CREATE ROLE ${role}`),
            ...PGSTAC_ROLES.map((role) => `GRANT ${role} TO "${OWNER}" WITH ADMIN OPTION`),
            // pgSTAC calls PostGIS unqualified, from every role.
            `ALTER DATABASE "${DATABASE}" SET search_path TO pgstac, public`,
          ],
          // pypgstac migrate sets the search path of pgSTAC's roles (ALTER ROLE needs CREATEROLE on PG 16+).
          ownerGrants: { createRole: true, memberOf: PGSTAC_ROLES },
          sizeGiB: 50,
          resources: { cpu: '500m', memoryMiB: 2048 },
          parameters: {
            idle_in_transaction_session_timeout: '60s',
            // Raster at its maximum (6 pods x 4 workers x 3) and the STAC API (4 pods x 4 x 5), with room to spare.
            max_connections: '200',
          },
        },
        // Its Ingress routes through a Traefik Middleware it renders.
        dependsOn: ['ingress'],
        hosts: [
          {
            name: OPENAERIALMAP_HOST,
            service: 'openaerialmap-stac',
            guards: [],
            unauthenticatedReason:
              'the OpenAerialMap catalogue is open imagery: a read-only STAC API (transactions off) and its raster tiles',
          },
        ],
        podSecurityException: {
          level: 'baseline',
          reason:
            'eoapi 0.15.0 sets no securityContext on any pod and has no value to set one (its wait init containers set only runAsNonRoot)',
        },
        disruptionBudgets: [
          { name: 'openaerialmap-stac', matchLabels: { app: 'openaerialmap-stac' } },
          { name: 'openaerialmap-raster', matchLabels: { app: 'openaerialmap-raster' } },
        ],
      },
      settings,
    );
  }

  protected override beforeRelease(scope: Construct, context: AppContext): ITerraformDependable[] {
    const database = context.database;
    if (!database) return [];
    return [
      appSecret(scope, 'pgstac', context, {
        name: PGSTAC_SECRET,
        data: {
          username: database.owner,
          password: database.password,
          host: database.host,
          port: String(database.port),
          database: database.name,
        },
      }),
    ];
  }

  protected values(context: AppContext): Record<string, unknown> {
    const placement = workerPlacement(context);
    const labels = { ...context.labels };
    const service = (cpu: string, memory: string, memoryLimit: string) => ({
      labels,
      resources: resources(cpu, memory, memoryLimit),
      ...placement,
    });
    const autoscaling = (maxReplicas: number) => ({
      enabled: true,
      type: 'cpu',
      minReplicas: context.replicas,
      maxReplicas,
      targets: { cpu: 75 },
    });
    return {
      ingress: {
        enabled: true,
        className: INGRESS_CLASS,
        host: context.host(OPENAERIALMAP_HOST),
        annotations: { 'cert-manager.io/cluster-issuer': CLUSTER_ISSUER_PROD },
        tls: { enabled: true, secretName: 'openaerialmap-tls' },
      },
      // The API pods' init containers read the migration Job's status through the API server.
      serviceAccount: { create: true, automount: true },
      postgresql: {
        type: 'external-secret',
        external: {
          existingSecret: {
            name: PGSTAC_SECRET,
            keys: { username: 'username', password: 'password', host: 'host', port: 'port', database: 'database' },
          },
        },
      },
      postgrescluster: { enabled: false },
      pgstacBootstrap: {
        enabled: true,
        configMaps: {
          pgstacSettings: { annotations: preInstallHook(-7) },
          initdbSql: { annotations: preInstallHook(-7) },
          initdbJson: { annotations: preInstallHook(-7) },
          pgstacQueryables: { annotations: preInstallHook(-7) },
        },
        jobs: {
          pgstacMigrate: { annotations: preInstallHook(-5) },
        },
        settings: {
          loadSamples: false,
          queryables: [],
          resources: resources('100m', '256Mi', '512Mi'),
          ...placement,
        },
      },
      raster: { autoscaling: autoscaling(6), settings: service('1', '2Gi', '4Gi') },
      stac: {
        autoscaling: autoscaling(4),
        settings: {
          ...service('250m', '512Mi', '1Gi'),
          // Read-only, as HOT runs it: the host is published without a login on that ground.
          envVars: { WEB_CONCURRENCY: '4', ENABLE_TRANSACTIONS_EXTENSIONS: 'false' },
        },
      },
      // No placement value at all: it could land on any pool that takes it (core, where core is untainted).
      browser: { enabled: false },
      docServer: { enabled: false },
      vector: { enabled: false },
      multidim: { enabled: false },
    };
  }
}

/**
 * The `worker` pool as eoAPI takes placement: an affinity (its pods have no nodeSelector value) and the pool's
 * tolerations.
 */
function workerPlacement(context: AppContext): { affinity: Record<string, unknown>; tolerations: Toleration[] } {
  const { nodeSelector, tolerations } = context.placement;
  return { affinity: requiredNodeAffinity(nodeSelector), tolerations };
}
