import { ClusterRoleBindingV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { ClusterRoleV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-v1';
import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { CLUSTER_ISSUER_PROD, INGRESS_CLASS } from '../../addons/common';
import type { AppsConfig } from '../config';
import type { ClusterDescription } from '../../contracts/cluster';
import { sensitiveVariable } from '../../core/sensitive-variable';
import { type AppContext, HotApp } from '../hot-app';
import { appSecret, deploymentVariable, generatedSecret, smtpPasswordEntry } from '../secrets';

export const OSM_SANDBOX_NAMESPACE = 'osm-sandbox-dashboard';
/** The dashboard's public host, `sandbox.<baseDomain>`; the boxes it creates live under `boxes.<baseDomain>`. */
export const OSM_SANDBOX_HOST = 'sandbox';
/** The chart's Service for release `osm-sandbox-dashboard` (its fullname is the release when it holds the chart's name). */
const DASHBOARD_SERVICE = 'osm-sandbox-dashboard-dashboard';
/** The chart runs the dashboard as this ServiceAccount, by name, whether it creates it or not. */
const DASHBOARD_SERVICE_ACCOUNT = `${OSM_SANDBOX_NAMESPACE}-helm-service-account`;
const ENV_SECRET = 'osm-sandbox-dashboard-env';
const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/**
 * What the dashboard's in-pod Helm needs to install and remove osm-seed boxes in its own namespace, and no
 * more: the upstream chart's Role allows every verb on every resource here, and its ClusterRole reads every
 * Secret in the cluster and writes PersistentVolumes. Neither is installed (`service_account.create: false`).
 */
const BOX_RULES = [
  {
    apiGroups: [''],
    resources: ['pods', 'services', 'endpoints', 'configmaps', 'secrets', 'persistentvolumeclaims', 'serviceaccounts'],
    verbs: VERBS,
  },
  { apiGroups: [''], resources: ['pods/log', 'events'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'replicasets'], verbs: VERBS },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: VERBS },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: VERBS },
];

/**
 * The OSM sandbox dashboard (chart `dashboard-charts` of hotosm/osm-sandbox-dashboard at a pinned commit, not
 * published anywhere else), always delivered as an Argo CD Application from Git, confined to its namespace: its
 * AppProject allows no cluster-scoped object, Argo CD never manages the Namespace the chart renders (the
 * platform excludes Namespaces from Argo CD), and its RBAC is this app's, narrower than upstream's.
 *
 * Upstream gaps, with what is done about each (README):
 * - No securityContext anywhere in the chart and a root image: Pod Security `baseline`, with the reason.
 * - No tolerations value: where the `worker` pool is tainted (AKS spot) the dashboard could never schedule, so
 *   it is left out there, with a synth warning.
 * - The boxes' chart and values are baked into the image (osm-seed 0.1.0 with class `nginx`, issuer
 *   `letsencrypt-prod-issuer` and class `gp3`): they cannot use this platform's `traefik`, `letsencrypt-prod`
 *   and `standard` until upstream makes those settable.
 */
export class OsmSandboxApp extends HotApp {
  constructor(settings: AppsConfig) {
    super(
      {
        id: 'osm-sandbox-dashboard',
        project: 'osm-sandbox',
        tool: 'osm-sandbox-dashboard',
        chart: {
          kind: 'git',
          repository: 'https://github.com/hotosm/osm-sandbox-dashboard',
          path: 'dashboard-charts',
          commit: '428c4f87bc2fd5cd4802a614b1c8a9245209e233',
          chart: 'osm-sandbox-dashboard',
          version: '0.0.1-0.dev.git.36.h9de194c',
        },
        database: { postgresMajor: 17, name: 'dashboard', owner: 'dashboard', extensions: [], sizeGiB: 10 },
        hosts: [{ name: OSM_SANDBOX_HOST, service: DASHBOARD_SERVICE, guards: ['app-login'] }],
        delivery: 'argocd',
        podSecurityException: {
          level: 'baseline',
          reason:
            'the osm-sandbox-dashboard chart (428c4f87) sets no securityContext on any container and its image and the osm-seed boxes it creates run as root',
        },
      },
      settings,
    );
  }

  protected override unavailableOn(cluster: ClusterDescription): string | undefined {
    const taints = cluster.nodePools.worker.taints.filter((t) => t.effect !== 'PreferNoSchedule');
    return taints.length > 0
      ? `the worker pool is tainted (${taints.map((t) => t.key).join(', ')}) and the chart has no tolerations value`
      : undefined;
  }

  protected override beforeRelease(scope: Construct, context: AppContext): ITerraformDependable[] {
    const database = context.database;
    if (!database) return [];
    const namespace = context.namespace;
    const account = new ServiceAccountV1(scope, 'service-account', {
      metadata: { name: DASHBOARD_SERVICE_ACCOUNT, namespace, labels: { ...context.labels } },
      dependsOn: context.ready,
    });
    const role = new RoleV1(scope, 'boxes-role', {
      metadata: { name: 'osm-sandbox-boxes', namespace, labels: { ...context.labels } },
      rule: BOX_RULES.map((r) => ({ ...r })),
      dependsOn: context.ready,
    });
    const binding = new RoleBindingV1(scope, 'boxes-binding', {
      metadata: { name: 'osm-sandbox-boxes', namespace, labels: { ...context.labels } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
      subject: [{ kind: 'ServiceAccount', name: DASHBOARD_SERVICE_ACCOUNT, namespace }],
      dependsOn: context.ready,
    });
    // The dashboard lists nodes by their group label for its capacity view: names and labels, nothing else.
    const nodes = new ClusterRoleV1(scope, 'nodes-role', {
      metadata: { name: 'osm-sandbox-dashboard-nodes', labels: { ...context.labels } },
      rule: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }],
    });
    const nodesBinding = new ClusterRoleBindingV1(scope, 'nodes-binding', {
      metadata: { name: 'osm-sandbox-dashboard-nodes', labels: { ...context.labels } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: nodes.metadata.name },
      subject: [{ kind: 'ServiceAccount', name: DASHBOARD_SERVICE_ACCOUNT, namespace }],
      dependsOn: context.ready,
    });
    const host = context.host(OSM_SANDBOX_HOST);
    // The chart's own Ingress is fixed to class nginx and an issuer this platform does not have.
    const ingress = new IngressV1(scope, 'ingress', {
      metadata: {
        name: 'osm-sandbox-dashboard',
        namespace,
        labels: { ...context.labels },
        annotations: { 'cert-manager.io/cluster-issuer': CLUSTER_ISSUER_PROD },
      },
      spec: {
        ingressClassName: INGRESS_CLASS,
        tls: [{ hosts: [host], secretName: 'osm-sandbox-dashboard-tls' }],
        rule: [
          {
            host,
            http: {
              path: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: DASHBOARD_SERVICE, port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
      dependsOn: context.ready,
    });
    const env = appSecret(scope, 'env', context, {
      name: ENV_SECRET,
      data: {
        POSTGRES_PASSWORD: database.password,
        SECRET_KEY: generatedSecret(scope, 'secret-key', 64),
        OSM_CLIENT_ID: deploymentVariable(
          scope,
          'osm_sandbox_osm_client_id',
          "The OSM sandbox dashboard's OSM OAuth2 client id",
        ),
        OSM_CLIENT_SECRET: sensitiveVariable(
          scope,
          'osm_sandbox_osm_client_secret',
          "The OSM sandbox dashboard's OSM OAuth2 client secret",
        ).stringValue,
        // Each box's own database and the iD editor's OAuth application inside each box.
        SANDBOX_PG_DB_PASSWORD: generatedSecret(scope, 'box-db-password', 32),
        SANDBOX_OSM_id_key: generatedSecret(scope, 'box-id-key', 40),
        SANDBOX_OAUTH_CLIENT_ID: generatedSecret(scope, 'box-oauth-client-id', 40),
        SANDBOX_OAUTH_KEY: generatedSecret(scope, 'box-oauth-key', 40),
        ...smtpPasswordEntry(scope, context.settings, 'SANDBOX_MAILER_PASSWORD'),
      },
    });
    return [account, binding, nodesBinding, ingress, env];
  }

  protected values(context: AppContext): Record<string, unknown> {
    const database = context.database;
    const host = context.host(OSM_SANDBOX_HOST);
    const smtp = context.settings.smtp;
    return {
      namespace: context.namespace,
      environment: context.cluster.environment,
      serviceType: 'ClusterIP',
      domain: context.cluster.dns.baseDomain,
      // This app's ServiceAccount and RBAC, not the chart's (above).
      service_account: { create: false },
      ssl_certificate: { create_cluster_issuer: false, create_cert: false },
      extraEnvFrom: [{ secretRef: { name: ENV_SECRET } }],
      db: { enabled: false, env: { POSTGRES_DB: database?.name, POSTGRES_USER: database?.owner } },
      dashboard: {
        enabled: true,
        image: {
          name: 'ghcr.io/hotosm/osm-sandbox-dashboard/dashboard',
          tag: '428c4f87bc2fd5cd4802a614b1c8a9245209e233',
        },
        ingressDomain: host,
        persistenceDisk: { enabled: false, mountPath: '/app/values/applied', subPath: 'applied_values' },
        resources: {
          enabled: true,
          requests: { cpu: '250m', memory: '512Mi' },
          // The template copies all four or none.
          limits: { cpu: '1000m', memory: '1Gi' },
        },
        nodeSelector: (() => {
          const [[key, value]] = Object.entries(context.placement.nodeSelector);
          return { enabled: true, label_key: key, label_value: value };
        })(),
        env: {
          ENVIRONMENT: 'production',
          REDIRECT_URI: `https://${host}/redirect_sandbox`,
          OSM_INSTANCE_URL: 'https://www.openstreetmap.org',
          OSM_INSTANCE_SCOPES: 'read_prefs',
          ACCESS_TOKEN_EXPIRE_MINUTES: 1440,
          POSTGRES_HOST: database?.host,
          POSTGRES_USER: database?.owner,
          POSTGRES_DB: database?.name,
          // From the Secret (envFrom after the ConfigMap wins); the ConfigMap holds it empty.
          POSTGRES_PASSWORD: '',
          OSM_SANDBOX_CHART: '/osm-sandbox-deploy',
          SANDBOX_NAMESPACE: context.namespace,
          SANDBOX_DOMAIN: context.host('boxes'),
          SANDBOX_PG_DB_PORT: '5432',
          SANDBOX_PG_DB_USER: 'postgres',
          SANDBOX_PG_DB_NAME: 'openstreetmap',
          SANDBOX_MAILER_ADDRESS: smtp?.host ?? '',
          SANDBOX_MAILER_DOMAIN: context.cluster.dns.baseDomain,
          SANDBOX_MAILER_USERNAME: smtp?.username ?? '',
          SANDBOX_MAILER_FROM: smtp?.from ?? '',
          SANDBOX_ORGANIZATION_NAME: 'HOT-OSM-Sandbox',
          SANDBOX_WEBSITE_STATUS: 'online',
        },
      },
    };
  }
}
