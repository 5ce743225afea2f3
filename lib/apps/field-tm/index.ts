import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { resources, RESTRICTED_CONTAINER } from '../../addons/common';
import type { AppsConfig } from '../config';
import { sensitiveVariable } from '../../core/sensitive-variable';
import { type AppContext, HotApp } from '../hot-app';
import { appSecret, deploymentVariable, fernetKey, generatedSecret } from '../secrets';
import { ODK_CENTRAL_API, ODK_CENTRAL_HOST, ODK_CENTRAL_NAMESPACE } from '../odk-central';

/** The Secret the chart reads every secret setting from (`existingSecret`, as environment variables). */
export const FIELD_TM_SECRET = 'field-tm-env';
/** The image's user (`useradd -u 1001` in src/Dockerfile; the QGIS packager's is 1001 too). */
const FIELD_TM_UID = 1001;
/** Its public host, `field.<baseDomain>`, as HOT names it. */
export const FIELD_TM_HOST = 'field';

const CONTAINER = {
  ...RESTRICTED_CONTAINER,
  readOnlyRootFilesystem: false,
  runAsUser: FIELD_TM_UID,
  runAsGroup: FIELD_TM_UID,
};

/**
 * Field-TM (`field-tm` 0.5.0, app 2026.2.0): the backend with its migrations and the QGIS project packager, on
 * PostGIS 18 with the extensions its migrations create, wired to the in-cluster ODK Central's API. Its users
 * sign in with OSM through the app (`app-login`).
 */
export class FieldTmApp extends HotApp {
  constructor(settings: AppsConfig) {
    super(
      {
        id: 'field-tm',
        project: 'field-tm',
        tool: 'field-tm',
        chart: { kind: 'registry', repository: 'oci://ghcr.io/hotosm/charts', chart: 'field-tm', version: '0.5.0' },
        database: {
          postgresMajor: 18,
          name: 'fieldtm',
          owner: 'fieldtm',
          // The app's owner is no superuser: its migrations' `CREATE EXTENSION`s need these to exist already.
          extensions: ['postgis', 'postgis_sfcgal', 'fuzzystrmatch', 'postgis_tiger_geocoder', 'postgis_topology'],
          sizeGiB: 20,
        },
        hosts: [{ name: FIELD_TM_HOST, service: 'field-tm', guards: ['app-login'] }],
        network: { toNamespaces: [ODK_CENTRAL_NAMESPACE] },
        disruptionBudgets: [
          {
            name: 'field-tm-backend',
            matchLabels: { 'app.kubernetes.io/instance': 'field-tm', 'app.kubernetes.io/component': 'backend' },
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
      appSecret(scope, 'env', context, {
        name: FIELD_TM_SECRET,
        data: {
          FTM_DB_PASSWORD: database.password,
          ENCRYPTION_KEY: fernetKey(scope, 'encryption-key'),
          OSM_CLIENT_ID: deploymentVariable(scope, 'field_tm_osm_client_id', "Field-TM's OSM OAuth2 client id"),
          OSM_CLIENT_SECRET: sensitiveVariable(
            scope,
            'field_tm_osm_client_secret',
            "Field-TM's OSM OAuth2 client secret",
          ).stringValue,
          OSM_SECRET_KEY: generatedSecret(scope, 'osm-secret-key'),
          ODK_CENTRAL_USER: this.centralUser(context),
          ODK_CENTRAL_PASSWD: generatedSecret(scope, 'odk-central-password', 32),
        },
      }),
    ];
  }

  /** The Central account Field-TM uses; created in Central once (README). */
  private centralUser(context: AppContext): string {
    return `field-tm@${context.cluster.dns.baseDomain}`;
  }

  protected values(context: AppContext): Record<string, unknown> {
    const database = context.database;
    const pod = {
      runAsNonRoot: true,
      runAsUser: FIELD_TM_UID,
      runAsGroup: FIELD_TM_UID,
      fsGroup: FIELD_TM_UID,
      seccompProfile: { type: 'RuntimeDefault' },
    };
    const host = context.host(FIELD_TM_HOST);
    const login = context.host('login');
    return {
      replicaCount: context.replicas,
      image: { repository: 'ghcr.io/hotosm/field-tm', tag: '2026.2.0' },
      existingSecret: { name: FIELD_TM_SECRET },
      env: {
        FTM_DB_HOST: database?.host,
        FTM_DB_NAME: database?.name,
        FTM_DB_USER: database?.owner,
        LOG_LEVEL: 'INFO',
        // HOT's shared login (the `login` app) on this environment's domain.
        AUTH_PROVIDER: 'custom',
        HANKO_API_URL: `https://${login}`,
        LOGIN_URL: `https://${login}/app`,
        ODK_CENTRAL_URL: ODK_CENTRAL_API,
        ODK_CENTRAL_PUBLIC_URL: `https://${context.host(ODK_CENTRAL_HOST)}`,
        RAW_DATA_API_URL: 'https://api-prod.raw-data.hotosm.org/v1',
        OSM_URL: 'https://www.openstreetmap.org',
      },
      ingress: {
        enabled: true,
        className: 'traefik',
        host,
        annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' },
        tls: { enabled: true, secretName: 'field-tm-tls' },
      },
      resources: resources('500m', '1Gi', '2Gi'),
      autoscaling: {
        enabled: true,
        minReplicas: context.replicas,
        maxReplicas: 4,
        targetCPUUtilizationPercentage: 75,
      },
      db: { enabled: false },
      qfieldQgis: {
        enabled: true,
        replicaCount: 1,
        image: { repository: 'ghcr.io/hotosm/qfield-project-packager', tag: '26.3' },
        resources: resources('500m', '1Gi', '2Gi'),
        securityContext: CONTAINER,
      },
      serviceAccount: { create: true, automount: false },
      podLabels: { ...context.labels },
      podSecurityContext: pod,
      securityContext: CONTAINER,
      initSecurityContext: CONTAINER,
      ...context.placement,
    };
  }
}
