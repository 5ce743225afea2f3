import { loadEnvironments } from '../../lib/config/load';
import { POSTGIS_IMAGES } from '../../lib/apps/database';
import { hotApps } from '../../lib/apps';
import { block } from '../../lib/policies/read';
import type { StackDocument } from '../../lib/policies/types';
import { chartValuesDir, unknownValueKeys } from '../support/values-keys';
import { releasesOf, type SynthesizedRelease } from '../support/releases';
import { ARGOCD_APPS_FOR_TESTS, synthEnvironments, withAdminAccess } from '../support/synth';

type Json = Record<string, unknown>;

const defaults = synthEnvironments(loadEnvironments({ env: {} }));
const argocd = synthEnvironments(loadEnvironments({ env: {}, context: withAdminAccess() }));
const apps = (stacks: typeof defaults, env: string): StackDocument => stacks.documents[`${env}-apps`];
const ENVIRONMENTS = ['aws-prod', 'azure-staging', 'hetzner-dr'];

function release(document: StackDocument, name: string): SynthesizedRelease {
  const found = releasesOf(document).find((r) => r.name === name && !r.local);
  if (!found) throw new Error(`no release ${name}`);
  return found;
}

/** The objects a project-chart release delivers, by release name. */
function objects(document: StackDocument, releaseName: string): Json[] {
  const found = releasesOf(document).find((r) => r.name === releaseName && r.local);
  return (found?.values.objects as Json[] | undefined) ?? [];
}

function resourcesOf(document: StackDocument, type: string): Json[] {
  return Object.values(document.resource?.[type] ?? {});
}

const secretNamed = (document: StackDocument, name: string) =>
  resourcesOf(document, 'kubernetes_secret_v1').find((s) => block(s.metadata)?.name === name);

/** The CloudNativePG Cluster of an app's namespace, from its database release. */
const cluster = (document: StackDocument, namespace: string) =>
  objects(document, `${namespace}-database`).find((o) => o.kind === 'Cluster') as Json;

describe('the app model', () => {
  it('installs every app of the catalog on every default environment where it can run', () => {
    const ids = hotApps({ delivery: 'helm', highAvailability: true, disabled: [] }).map((a) => a.id);
    // The OSM sandbox dashboard cannot tolerate azure-staging's spot workers (its own describe block).
    const leftOut: Record<string, string[]> = { 'azure-staging': ['osm-sandbox-dashboard'] };
    for (const env of ENVIRONMENTS) {
      const names = releasesOf(apps(defaults, env)).map((r) => r.name);
      expect(ids.filter((id) => !names.includes(id))).toEqual(leftOut[env] ?? []);
    }
  });

  it('refuses an unknown app in apps.disabled, naming the apps there are', () => {
    expect(() => hotApps({ delivery: 'helm', highAvailability: true, disabled: ['field-tn'] })).toThrow(
      'apps.disabled = "field-tn": names no app; the apps are odk-central, field-tm, login, scaleodm, drone-tm, osm-sandbox-dashboard',
    );
  });

  it.each(ENVIRONMENTS)(
    '%s: gives every app a tenant namespace with cost labels, quota, limits and a team role',
    (env) => {
      const document = apps(defaults, env);
      for (const [namespace, tool] of [
        ['field-tm', 'field-tm'],
        ['odk-central', 'odk-central'],
      ]) {
        const ns = resourcesOf(document, 'kubernetes_namespace_v1').find((n) => block(n.metadata)?.name === namespace);
        expect(block(ns?.metadata)?.labels).toMatchObject({ project: 'field-tm', tool, 'hotosm.org/tenant': 'true' });
        const inNamespace = (type: string) =>
          resourcesOf(document, type).filter((r) => block(r.metadata)?.namespace === namespace);
        expect(inNamespace('kubernetes_resource_quota_v1')).toHaveLength(1);
        expect(inNamespace('kubernetes_limit_range_v1')).toHaveLength(1);
        expect(inNamespace('kubernetes_role_binding_v1').map((b) => block(b.subject)?.name)).toEqual([
          `hot:${namespace}`,
        ]);
      }
    },
  );
});

describe('app databases', () => {
  it('are PostGIS clusters of the major version each app needs, with its extensions', () => {
    const fieldTm = block(cluster(apps(defaults, 'aws-prod'), 'field-tm').spec) as Json;
    expect(fieldTm.imageName).toBe(POSTGIS_IMAGES[18]);
    expect(block(block(fieldTm.bootstrap)?.initdb)).toMatchObject({
      database: 'fieldtm',
      owner: 'fieldtm',
      secret: { name: 'field-tm-db-credentials' },
      postInitApplicationSQL: [
        'CREATE EXTENSION IF NOT EXISTS "postgis"',
        'CREATE EXTENSION IF NOT EXISTS "postgis_sfcgal"',
        'CREATE EXTENSION IF NOT EXISTS "fuzzystrmatch"',
        'CREATE EXTENSION IF NOT EXISTS "postgis_tiger_geocoder"',
        'CREATE EXTENSION IF NOT EXISTS "postgis_topology"',
      ],
    });
    const odk = block(cluster(apps(defaults, 'aws-prod'), 'odk-central').spec) as Json;
    expect(odk.imageName).toBe(POSTGIS_IMAGES[16]);
    expect(Object.values(POSTGIS_IMAGES).every((image) => /@sha256:[0-9a-f]{64}$/.test(image))).toBe(true);
  });

  it('run two instances with a PodDisruptionBudget where the environment is highly available, one without elsewhere', () => {
    const prod = block(cluster(apps(defaults, 'aws-prod'), 'field-tm').spec) as Json;
    expect([prod.instances, prod.enablePDB, block(prod.affinity)?.podAntiAffinityType]).toEqual([2, true, 'required']);
    const staging = block(cluster(apps(defaults, 'azure-staging'), 'field-tm').spec) as Json;
    expect([staging.instances, staging.enablePDB]).toEqual([1, false]);
  });

  it.each([
    ['aws-prod', { s3Credentials: { inheritFromIAMRole: true } }, /^s3:\/\/.+\/cnpg\/field-tm$/],
    ['azure-staging', { azureCredentials: { inheritFromAzureAD: true } }, /primary_blob_endpoint\}.+cnpg-field-tm/],
    [
      'hetzner-dr',
      {
        s3Credentials: {
          accessKeyId: { name: 'field-tm-db-backup-keys', key: 'ACCESS_KEY_ID' },
          secretAccessKey: { name: 'field-tm-db-backup-keys', key: 'ACCESS_SECRET_KEY' },
        },
      },
      /^s3:\/\/.+\/cnpg\/field-tm$/,
    ],
  ])(
    '%s: archive WAL and take daily base backups to a path of their own environment and namespace',
    (env, credentials, path) => {
      const document = apps(defaults, env);
      const delivered = objects(document, 'field-tm-database');
      const store = block(delivered.find((o) => o.kind === 'ObjectStore')?.spec) as Json;
      expect(block(store.configuration)).toMatchObject({
        ...credentials,
        destinationPath: expect.stringMatching(path),
      });
      const spec = block(cluster(document, 'field-tm').spec) as Json;
      expect(spec.plugins).toEqual([
        {
          name: 'barman-cloud.cloudnative-pg.io',
          isWALArchiver: true,
          parameters: { barmanObjectName: 'field-tm-db-backups' },
        },
      ]);
      expect(block(delivered.find((o) => o.kind === 'ScheduledBackup')?.spec)).toMatchObject({
        cluster: { name: 'field-tm-db' },
        method: 'plugin',
        pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' },
      });
      // Keys only where the store has no workload identity, and then from the cluster stack, never literal.
      const keys = secretNamed(document, 'field-tm-db-backup-keys');
      if (env === 'hetzner-dr') expect(JSON.stringify(keys?.data)).toMatch(/^\{"ACCESS_KEY_ID":"\$\{/);
      else expect(keys).toBeUndefined();
    },
  );

  it('carry the identity of their flavour on their ServiceAccount and pods (Azure workload identity)', () => {
    const spec = block(cluster(apps(defaults, 'azure-staging'), 'field-tm').spec) as Json;
    expect(block(block(spec.serviceAccountTemplate)?.metadata)?.annotations).toEqual({
      'azure.workload.identity/client-id': expect.stringMatching(/^\$\{/),
    });
    expect(block(spec.inheritedMetadata)?.labels).toEqual({
      project: 'field-tm',
      tool: 'field-tm',
      'azure.workload.identity/use': 'true',
    });
  });

  it("generate the owner's password and keep the role in step with its Secret", () => {
    const document = apps(defaults, 'aws-prod');
    const credentials = secretNamed(document, 'field-tm-db-credentials');
    expect(credentials?.type).toBe('kubernetes.io/basic-auth');
    expect(credentials?.data).toEqual({
      username: 'fieldtm',
      password: expect.stringMatching(/^\$\{random_password\.field-tm_database_owner-password_\w+\.result\}$/),
    });
    expect(block(block(cluster(document, 'field-tm').spec)?.managed)?.roles).toEqual([
      { name: 'fieldtm', ensure: 'present', login: true, passwordSecret: { name: 'field-tm-db-credentials' } },
    ]);
  });

  it('are protected from destroy and kept on uninstall', () => {
    const document = apps(defaults, 'aws-prod');
    const [config] = Object.values(document.resource?.helm_release ?? {}).filter((r) => r.name === 'field-tm-database');
    expect(block(config.lifecycle)?.prevent_destroy).toBe(true);
    for (const object of objects(document, 'field-tm-database')) {
      expect(block(object.metadata)?.annotations).toEqual({ 'helm.sh/resource-policy': 'keep' });
    }
  });
});

describe('Field-TM', () => {
  it.each(ENVIRONMENTS)('%s: points at its database, the in-cluster ODK Central and the shared login', (env) => {
    const values = release(apps(defaults, env), 'field-tm').values;
    const domain = loadEnvironments({ env: {} }).find((e) => e.name === env)?.dns.baseDomain;
    expect(values.env).toMatchObject({
      FTM_DB_HOST: 'field-tm-db-rw.field-tm.svc',
      FTM_DB_NAME: 'fieldtm',
      FTM_DB_USER: 'fieldtm',
      ODK_CENTRAL_URL: 'http://odk-central-backend.odk-central.svc:8383',
      ODK_CENTRAL_PUBLIC_URL: `https://odk.${domain}`,
      HANKO_API_URL: `https://login.${domain}`,
    });
    expect(values.ingress).toEqual({
      enabled: true,
      className: 'traefik',
      host: `field.${domain}`,
      annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' },
      tls: { enabled: true, secretName: 'field-tm-tls' },
    });
    expect(values.existingSecret).toEqual({ name: 'field-tm-env' });
  });

  it('reads every secret from its Secret, built from generated values and sensitive variables', () => {
    const document = apps(defaults, 'aws-prod');
    const data = secretNamed(document, 'field-tm-env')?.data as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual([
      'ENCRYPTION_KEY',
      'FTM_DB_PASSWORD',
      'ODK_CENTRAL_PASSWD',
      'ODK_CENTRAL_USER',
      'OSM_CLIENT_ID',
      'OSM_CLIENT_SECRET',
      'OSM_SECRET_KEY',
    ]);
    expect(data.FTM_DB_PASSWORD).toMatch(/^\$\{random_password\.field-tm_database_owner-password_\w+\.result\}$/);
    expect(data.OSM_CLIENT_SECRET).toBe('${var.field_tm_osm_client_secret}');
    expect(data.ENCRYPTION_KEY).toMatch(/^\$\{replace\(replace\(random_bytes\./);
    expect(document.variable?.field_tm_osm_client_secret).toMatchObject({ sensitive: true });
    expect(JSON.stringify(release(document, 'field-tm').values)).not.toMatch(/random_|var\.field_tm_osm_client_secret/);
  });

  it('scales its backend with an HPA and keeps one up through disruptions in production', () => {
    const document = apps(defaults, 'aws-prod');
    expect(release(document, 'field-tm').values.autoscaling).toEqual({
      enabled: true,
      minReplicas: 2,
      maxReplicas: 4,
      targetCPUUtilizationPercentage: 75,
    });
    const [pdb] = resourcesOf(document, 'kubernetes_pod_disruption_budget_v1').filter(
      (p) => block(p.metadata)?.name === 'field-tm-backend',
    );
    expect(block(pdb.spec)).toMatchObject({ max_unavailable: '1' });
    expect(resourcesOf(apps(defaults, 'azure-staging'), 'kubernetes_pod_disruption_budget_v1')).toEqual([]);
  });
});

describe('ODK Central', () => {
  const document = apps(defaults, 'hetzner-dr');
  const values = release(document, 'odk-central').values as Record<string, Json>;

  it('runs at Pod Security baseline, with the reason on its namespace', () => {
    const ns = resourcesOf(document, 'kubernetes_namespace_v1').find((n) => block(n.metadata)?.name === 'odk-central');
    expect(block(ns?.metadata)?.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'baseline' });
    expect(JSON.stringify(block(ns?.metadata)?.annotations)).toContain('run as root');
  });

  it('keeps the database password out of the values: a Secret file exported by BASH_ENV', () => {
    const backend = values.backend as Json;
    const env = backend.environmentVariables as Record<string, string>;
    expect(env.PGPASSWORD).toBeUndefined();
    expect(env.BASH_ENV).toBe('/etc/hot/env/export-secrets.sh');
    expect(secretNamed(document, 'odk-central-env')?.data).toEqual({
      PGPASSWORD: expect.stringMatching(/^\$\{random_password\.odk-central_database_owner-password_\w+\.result\}$/),
    });
    expect(env).toMatchObject({ PGHOST: 'odk-central-db-rw.odk-central.svc', PGDATABASE: 'odk', PGUSER: 'odk' });
  });

  it("sets Enketo's keys only through set_sensitive, and is always delivered by Helm", () => {
    const [config] = Object.values(document.resource?.helm_release ?? {}).filter((r) => r.name === 'odk-central');
    expect((config.set_sensitive as Json[]).map((s) => s.name)).toEqual([
      'global.enketoSecrets.enketoSecret',
      'global.enketoSecrets.enketoLessSecret',
      'global.enketoSecrets.enketoApiKey',
    ]);
    expect(release(apps(argocd, 'hetzner-dr'), 'odk-central').deliveredBy).toBeUndefined();
  });

  it('sends mail through the configured relay, its password from the sensitive variable', () => {
    const withMail = apps(argocd, 'aws-prod');
    const env = (release(withMail, 'odk-central').values.backend as Json).environmentVariables as Json;
    expect(env).toMatchObject({ EMAIL_HOST: 'smtp.example.org', EMAIL_PORT: '587', EMAIL_USER: 'hot-apps' });
    expect(secretNamed(withMail, 'odk-central-env')?.data).toMatchObject({
      EMAIL_PASSWORD: '${var.apps_smtp_password}',
    });
  });

  it('sizes Enketo Redis for the environment: three with Sentinel in production, one in staging', () => {
    expect((values['enketo-redis-main'] as Json).replicas).toBe(3);
    const staging = release(apps(defaults, 'azure-staging'), 'odk-central').values as Record<string, Json>;
    expect((staging['enketo-redis-cache'] as Json).replicas).toBe(1);
  });
});

describe('the login', () => {
  const document = apps(defaults, 'aws-prod');
  const config = () => String((secretNamed(document, 'hanko-config')?.data as Record<string, string>)['config.yaml']);

  it('runs Hanko beside the chart, restricted on the worker pool, its configuration a Secret of generated values', () => {
    const [deployment] = resourcesOf(document, 'kubernetes_deployment_v1').filter(
      (d) => block(d.metadata)?.name === 'hanko',
    );
    const pod = block(block(block(deployment.spec)?.template)?.spec) as Json;
    expect(pod.node_selector).toEqual({ 'node-type': 'worker' });
    expect(block(pod.security_context)).toMatchObject({ run_as_non_root: true, run_as_user: '65532' });
    for (const container of [...(pod.init_container as Json[]), ...(pod.container as Json[])]) {
      expect(container.image).toBe('ghcr.io/teamhanko/hanko:v2.1.0');
      expect(block(container.security_context)).toMatchObject({
        allow_privilege_escalation: false,
        read_only_root_filesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(block(container.resources)?.requests).toEqual({ cpu: '50m', memory: expect.any(String) });
    }
    expect(config()).toMatch(/password: \$\{random_password\.login_database_owner-password_\w+\.result\}/);
    expect(config()).toContain('issuer: https://login.aws-prod.k8s.hotosm.org');
    expect(config()).toContain('domain: .aws-prod.k8s.hotosm.org');
  });

  it("routes /app through a StripPrefix Middleware and everything else to Hanko, on the chart's certificate", () => {
    const ingresses = resourcesOf(document, 'kubernetes_ingress_v1').filter(
      (i) => block(i.metadata)?.namespace === 'login',
    );
    const byName = Object.fromEntries(ingresses.map((i) => [String(block(i.metadata)?.name), i]));
    expect(block(byName['login-app'].metadata)?.annotations).toEqual({
      'traefik.ingress.kubernetes.io/router.middlewares': 'login-strip-app@kubernetescrd',
    });
    expect(block(byName['login-hanko'].metadata)?.annotations).toEqual({
      'traefik.ingress.kubernetes.io/router.priority': '1',
    });
    const [middleware] = objects(document, 'login-routes');
    expect(middleware).toMatchObject({ kind: 'Middleware', spec: { stripPrefix: { prefixes: ['/app'] } } });
  });

  it('shares its cookie secret with DroneTM, and hands the backend asyncpg and plain URLs of its database', () => {
    const login = secretNamed(document, 'login-secrets')?.data as Record<string, string>;
    const drone = secretNamed(document, 'drone-tm-secrets')?.data as Record<string, string>;
    expect(login.COOKIE_SECRET).toBe('${random_password.login-cookie-secret.result}');
    expect(drone.COOKIE_SECRET).toBe(login.COOKIE_SECRET);
    expect(login.DATABASE_URL).toMatch(/^postgresql\+asyncpg:\/\/login:\$\{random_password\./);
    expect(login.HANKO_DB_URL).toMatch(/^postgresql:\/\/login:/);
  });
});

describe('ScaleODM', () => {
  const values = (env: string, stacks = defaults) =>
    release(apps(stacks, env), 'scaleodm').values as Record<string, Json>;
  const workflow = (env: string) => (values(env).config as Json).workflow as Json;

  it('runs its workflows on the worker pool: through Karpenter on EKS, by the pool selector elsewhere', () => {
    expect(workflow('aws-prod')).toMatchObject({
      schedulingMode: 'karpenter',
      capacityType: 'on-demand',
      nodeSelector: 'node-type=worker',
      tolerations: '',
    });
    expect(workflow('hetzner-dr')).toMatchObject({ schedulingMode: 'generic', nodeSelector: 'node-type=worker' });
    expect(workflow('azure-staging')).toMatchObject({
      schedulingMode: 'generic',
      tolerations: 'kubernetes.azure.com/scalesetpriority=spot:NoSchedule',
    });
  });

  it("uses the platform's Argo Workflows, never its own, and is not published", () => {
    expect(values('aws-prod').argo).toEqual({ enabled: false, controller: { parallelism: 0 } });
    expect(values('aws-prod').ingress).toEqual({ enabled: false });
    const hosts = apps(defaults, 'aws-prod').output?.['published-hosts']?.value as { service: string }[];
    expect(hosts.filter((h) => h.service.startsWith('scaleodm/'))).toEqual([]);
  });

  it.each(ENVIRONMENTS)('%s: reads its database URL and static S3 keys from one Secret, by reference', (env) => {
    const data = secretNamed(apps(defaults, env), 'scaleodm-secrets')?.data as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_S3_ENDPOINT',
      'AWS_SECRET_ACCESS_KEY',
      'SCALEODM_DATABASE_URL',
    ]);
    expect(data.SCALEODM_DATABASE_URL).toMatch(
      /^postgresql:\/\/scaleodm:\$\{random_password\.scaleodm_database_owner-password_\w+\.result\}@scaleodm-db-rw\.scaleodm\.svc:5432\/scaleodm$/,
    );
    expect(data.AWS_ACCESS_KEY_ID).toMatch(/^\$\{data\.terraform_remote_state\./);
    expect(((values(env).config as Json).s3EndpointPolicy as Json).enforceAllowlist).toBe(true);
  });
});

describe('DroneTM', () => {
  const document = apps(defaults, 'aws-prod');
  const values = release(document, 'drone-tm').values as Record<string, Json>;

  it('bundles its frontend with the backend, points at ScaleODM and the shared login, and keeps secrets out of values', () => {
    expect((values.frontend as Json).mode).toBe('bundleWithBackend');
    expect(values.env).toMatchObject({
      ODM_ENDPOINT: 'http://scaleodm.scaleodm.svc.cluster.local:31100',
      BACKEND_URL_INTERNAL: 'http://drone-tm-backend.drone-tm.svc.cluster.local:8000',
      AUTH_PROVIDER: 'hanko',
      HANKO_API_URL: 'https://login.aws-prod.k8s.hotosm.org',
      POSTGRES_HOST: 'drone-tm-db-rw.drone-tm.svc',
    });
    expect(JSON.stringify(values)).not.toMatch(/random_|aws_iam_access_key/);
    const data = secretNamed(document, 'drone-tm-secrets')?.data as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual([
      'COOKIE_SECRET',
      'POSTGRES_PASSWORD',
      'S3_ACCESS_KEY',
      'S3_SECRET_KEY',
      'SCALEODM_WEBHOOK_SECRET',
      'SECRET_KEY',
    ]);
  });

  it('scales its workers with KEDA on the arq queue in Dragonfly, which KEDA may reach', () => {
    const [scaled] = objects(document, 'drone-tm-worker-scaling');
    expect(block(scaled.spec)).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: 'drone-tm-worker' },
      minReplicaCount: 1,
      maxReplicaCount: 4,
      triggers: [
        {
          type: 'redis',
          metadata: { address: 'drone-tm-dragonfly.drone-tm.svc.cluster.local:6379', listName: 'default_queue' },
        },
      ],
    });
    expect((values.worker as Json).autoscaling).toEqual({ enabled: false });
    const keda = releasesOf(document).find((r) => r.name === 'keda' && !r.local);
    expect(keda).toBeDefined();
    const egress = resourcesOf(document, 'kubernetes_network_policy_v1').find(
      (p) => block(p.metadata)?.namespace === 'keda' && block(p.metadata)?.name === 'allow-to-namespaces',
    );
    expect(JSON.stringify(egress?.spec)).toContain('"drone-tm"');
  });

  it('migrates its database with its own restricted Job on the worker pool (the chart Job is off)', () => {
    expect(values.migrations).toEqual({ enabled: false });
    const [job] = resourcesOf(document, 'kubernetes_job_v1').filter(
      (j) => block(j.metadata)?.name === 'drone-tm-migrations-2026-7-1',
    );
    const pod = block(block(block(job.spec)?.template)?.spec) as Json;
    expect(pod.node_selector).toEqual({ 'node-type': 'worker' });
    expect(block(pod.security_context)).toMatchObject({
      run_as_non_root: true,
      seccomp_profile: { type: 'RuntimeDefault' },
    });
    const [container] = pod.container as Json[];
    expect(block(container.security_context)).toMatchObject({
      allow_privilege_escalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(block(container.resources)).toMatchObject({ requests: { cpu: '100m', memory: '256Mi' } });
    expect(container.args).toEqual(['alembic', 'upgrade', 'head']);
  });
});

describe('the OSM sandbox dashboard', () => {
  const document = apps(defaults, 'aws-prod');
  const delivered = objects(document, 'osm-sandbox-dashboard-application');

  it('is an Argo CD Application pulling its chart from Git at a pinned commit, in either delivery mode', () => {
    for (const stacks of [defaults, argocd]) {
      const app = release(apps(stacks, 'hetzner-dr'), 'osm-sandbox-dashboard');
      expect([app.deliveredBy, app.repository]).toEqual(['argocd', 'https://github.com/hotosm/osm-sandbox-dashboard']);
    }
    const application = delivered.find((o) => o.kind === 'Application') as Json;
    expect(block(block(application.spec)?.source)).toMatchObject({
      repoURL: 'https://github.com/hotosm/osm-sandbox-dashboard',
      path: 'dashboard-charts',
      targetRevision: '428c4f87bc2fd5cd4802a614b1c8a9245209e233',
    });
  });

  it("is confined to its namespace: its project allows nothing cluster-scoped, and the chart's RBAC is replaced", () => {
    const project = block(delivered.find((o) => o.kind === 'AppProject')?.spec) as Json;
    expect(project.destinations).toEqual([
      { server: 'https://kubernetes.default.svc', namespace: 'osm-sandbox-dashboard' },
    ]);
    expect(project.clusterResourceWhitelist).toEqual([]);
    const values = release(document, 'osm-sandbox-dashboard').values;
    expect(values.service_account).toEqual({ create: false });
    const [role] = resourcesOf(document, 'kubernetes_role_v1').filter(
      (r) =>
        block(r.metadata)?.namespace === 'osm-sandbox-dashboard' && block(r.metadata)?.name === 'osm-sandbox-boxes',
    );
    const rules = role.rule as { api_groups: string[]; resources: string[]; verbs: string[] }[];
    expect(JSON.stringify(rules)).not.toContain('"*"');
    const clusterRoles = resourcesOf(document, 'kubernetes_cluster_role_v1').filter((r) =>
      String(block(r.metadata)?.name).startsWith('osm-sandbox'),
    );
    expect(clusterRoles.map((r) => r.rule)).toEqual([
      [{ api_groups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }],
    ]);
  });

  it('never lets Argo CD manage a Namespace (the chart renders its own)', () => {
    const argo = releasesOf(document).find((r) => r.name === 'argocd' && !r.local);
    const exclusions = String(((argo?.values.configs as Json).cm as Json)['resource.exclusions']);
    expect(exclusions).toContain('- Namespace');
  });

  it('is published on its own Ingress (the chart fixes class nginx), behind its OSM login', () => {
    const [ingress] = resourcesOf(document, 'kubernetes_ingress_v1').filter(
      (i) => block(i.metadata)?.namespace === 'osm-sandbox-dashboard',
    );
    expect(block(ingress.spec)?.ingress_class_name).toBe('traefik');
    const hosts = document.output?.['published-hosts']?.value as { host: string; guards: string[] }[];
    expect(hosts.find((h) => h.host === 'sandbox.aws-prod.k8s.hotosm.org')?.guards).toEqual(['app-login']);
  });

  it('is left out, with a warning, where the worker pool is tainted (the chart has no tolerations)', () => {
    expect(releasesOf(apps(defaults, 'azure-staging')).map((r) => r.name)).not.toContain('osm-sandbox-dashboard');
  });
});

describe('OpenAerialMap (the catalogue)', () => {
  const prod = apps(defaults, 'aws-prod');
  const values = (document: StackDocument) => release(document, 'openaerialmap').values as Json;
  const at = (value: unknown, path: string): unknown =>
    path.split('.').reduce<unknown>((current, key) => block(current)?.[key], value);

  it('is pgSTAC on PostGIS 18: extensions, the three roles granted WITH ADMIN OPTION, the search path', () => {
    const spec = block(cluster(prod, 'openaerialmap').spec) as Json;
    expect(spec.imageName).toBe(POSTGIS_IMAGES[18]);
    expect(block(block(spec.bootstrap)?.initdb)).toEqual({
      database: 'pgstac',
      owner: 'oam_stac',
      secret: { name: 'openaerialmap-db-credentials' },
      postInitApplicationSQL: [
        'CREATE EXTENSION IF NOT EXISTS "postgis"',
        'CREATE EXTENSION IF NOT EXISTS "btree_gist"',
        'CREATE EXTENSION IF NOT EXISTS "unaccent"',
        'CREATE ROLE pgstac_admin',
        'CREATE ROLE pgstac_ingest',
        'CREATE ROLE pgstac_read',
        'GRANT pgstac_admin TO "oam_stac" WITH ADMIN OPTION',
        'GRANT pgstac_ingest TO "oam_stac" WITH ADMIN OPTION',
        'GRANT pgstac_read TO "oam_stac" WITH ADMIN OPTION',
        'ALTER DATABASE "pgstac" SET search_path TO pgstac, public',
      ],
    });
    // The operator revokes memberships a managed role does not list, and pypgstac needs CREATEROLE.
    expect(block(spec.managed)?.roles).toEqual([
      {
        name: 'oam_stac',
        ensure: 'present',
        login: true,
        passwordSecret: { name: 'openaerialmap-db-credentials' },
        createrole: true,
        inRoles: ['pgstac_admin', 'pgstac_ingest', 'pgstac_read'],
      },
    ]);
    expect(block(spec.postgresql)?.parameters).toEqual({
      idle_in_transaction_session_timeout: '60s',
      max_connections: '200',
    });
  });

  it('reads the connection from a Secret Terraform builds from the generated owner password', () => {
    const secret = secretNamed(prod, 'openaerialmap-pgstac');
    expect(block(secret?.data)).toMatchObject({
      username: 'oam_stac',
      host: 'openaerialmap-db-rw.openaerialmap.svc',
      port: '5432',
      database: 'pgstac',
    });
    expect(String(block(secret?.data)?.password)).toMatch(/^\$\{random_password\./);
    expect(values(prod).postgresql).toEqual({
      type: 'external-secret',
      external: {
        existingSecret: {
          name: 'openaerialmap-pgstac',
          keys: { username: 'username', password: 'password', host: 'host', port: 'port', database: 'database' },
        },
      },
    });
    expect(at(values(prod), 'postgrescluster.enabled')).toBe(false);
  });

  it('migrates before the pods that wait for the migration exist, and keeps the Job they look up', () => {
    const bootstrap = block(values(prod).pgstacBootstrap) as Json;
    const hook = (weight: string) => ({
      'helm.sh/hook': 'pre-install,pre-upgrade',
      'helm.sh/hook-weight': weight,
      'helm.sh/hook-delete-policy': 'before-hook-creation',
    });
    expect(at(bootstrap, 'jobs.pgstacMigrate.annotations')).toEqual(hook('-5'));
    for (const configMap of ['pgstacSettings', 'initdbSql', 'initdbJson', 'pgstacQueryables']) {
      expect(at(bootstrap, `configMaps.${configMap}.annotations`)).toEqual(hook('-7'));
    }
    expect(at(bootstrap, 'settings.loadSamples')).toBe(false);
  });

  it('serves the STAC API and raster tiles, autoscaled on CPU, and nothing the platform has or cannot place', () => {
    const v = values(prod);
    expect(at(v, 'raster.autoscaling')).toEqual({
      enabled: true,
      type: 'cpu',
      minReplicas: 2,
      maxReplicas: 6,
      targets: { cpu: 75 },
    });
    expect(at(v, 'stac.autoscaling.maxReplicas')).toBe(4);
    // The published host has no login because nothing can be written through it.
    expect(at(v, 'stac.settings.envVars.ENABLE_TRANSACTIONS_EXTENSIONS')).toBe('false');
    expect(at(values(apps(defaults, 'azure-staging')), 'raster.autoscaling.minReplicas')).toBe(1);
    for (const off of ['browser', 'docServer', 'vector', 'multidim']) expect(at(v, `${off}.enabled`)).toBe(false);
    expect(at(v, 'ingress')).toEqual({
      enabled: true,
      className: 'traefik',
      host: 'imagery.aws-prod.k8s.hotosm.org',
      annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' },
      tls: { enabled: true, secretName: 'openaerialmap-tls' },
    });
  });

  it.each(ENVIRONMENTS)(
    '%s: places every pod on the worker pool with its tolerations (the chart has no nodeSelector)',
    (env) => {
      const document = apps(defaults, env);
      const v = values(document);
      const [raster, stac, jobs] = ['raster.settings', 'stac.settings', 'pgstacBootstrap.settings'].map((path) =>
        block(at(v, path)),
      );
      for (const settings of [raster, stac, jobs]) {
        expect(settings?.affinity).toEqual(at(raster, 'affinity'));
        expect(settings?.tolerations).toEqual(raster?.tolerations);
      }
      const terms = at(
        raster,
        'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms',
      );
      expect(Array.isArray(terms) && terms.length).toBe(1);
      // azure-staging's workers are tainted spot nodes: the pods carry the toleration there and only there.
      expect((raster?.tolerations as unknown[]).length > 0).toBe(env === 'azure-staging');
    },
  );

  it('is published without a login, saying why, in a baseline namespace, with PDBs where highly available', () => {
    const hosts = prod.output?.['published-hosts']?.value as Json[];
    expect(hosts.find((h) => h.host === 'imagery.aws-prod.k8s.hotosm.org')).toEqual({
      host: 'imagery.aws-prod.k8s.hotosm.org',
      service: 'openaerialmap/openaerialmap-stac',
      guards: [],
      unauthenticated_reason:
        'the OpenAerialMap catalogue is open imagery: a read-only STAC API (transactions off) and its raster tiles',
    });
    const ns = resourcesOf(prod, 'kubernetes_namespace_v1').find((n) => block(n.metadata)?.name === 'openaerialmap');
    expect(block(ns?.metadata)?.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'baseline' });
    const budgets = (document: StackDocument) =>
      resourcesOf(document, 'kubernetes_pod_disruption_budget_v1')
        .filter((b) => block(b.metadata)?.namespace === 'openaerialmap')
        .map((b) => block(b.metadata)?.name);
    // The chart's pods carry `app: <release>-<service>`.
    expect(budgets(prod).sort()).toEqual(['openaerialmap-raster', 'openaerialmap-stac']);
    expect(budgets(apps(defaults, 'azure-staging'))).toEqual([]);
  });
});

describe('delivery modes', () => {
  it.each(ENVIRONMENTS)(
    '%s: an Argo CD Application carries the same chart, version and values as the Helm release',
    (env) => {
      const helm = release(apps(defaults, env), 'field-tm');
      const app = release(apps(argocd, env), 'field-tm');
      expect(app.deliveredBy).toBe('argocd');
      expect([app.chart, app.version, app.repository]).toEqual([
        helm.chart,
        helm.version,
        `${helm.repository}/field-tm`,
      ]);
      // The second variant differs only by its settings (DNS zones, published admin UIs, mail): not Field-TM's.
      expect(app.values).toEqual(helm.values);
    },
  );

  it('confines each Application to its namespace through its own AppProject', () => {
    const delivered = objects(apps(argocd, 'aws-prod'), 'field-tm-application');
    const project = delivered.find((o) => o.kind === 'AppProject') as Json;
    expect(block(project.spec)).toMatchObject({
      sourceRepos: ['oci://ghcr.io/hotosm/charts/field-tm'],
      destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'field-tm' }],
      clusterResourceWhitelist: [],
    });
    const application = delivered.find((o) => o.kind === 'Application') as Json;
    expect(block(block(application.spec)?.source)).toMatchObject({
      repoURL: 'oci://ghcr.io/hotosm/charts/field-tm',
      path: '.',
      targetRevision: '0.5.0',
    });
  });

  it('uses the settings of the test variant', () => {
    expect(ARGOCD_APPS_FOR_TESTS.delivery).toBe('argocd');
  });
});

describe('chart values', () => {
  const cases = [
    'field-tm',
    'odk-central',
    'login',
    'scaleodm',
    'drone-tm',
    'osm-sandbox-dashboard',
    'openaerialmap',
  ].map((name) => {
    const found = release(apps(defaults, 'aws-prod'), name);
    return [name, found, chartValuesDir(found.chart, found.version)] as const;
  });
  // Where no values.yaml is at hand (CI has neither the chart sources nor ../shared/reference) the check is
  // reported as skipped, not passed.
  for (const [name, found, dir] of cases) {
    (dir ? it : it.skip)(`${name}: every key the project sets exists in the chart (values.yaml)`, () => {
      if (!dir) return;
      expect(unknownValueKeys(found.values, dir, FREE_FORM)).toEqual([]);
      // The check can fail: a key the chart does not know is named.
      expect(unknownValueKeys({ ...found.values, replicaCuont: 2 }, dir, FREE_FORM)).toEqual(['replicaCuont']);
    });
  }
});

/**
 * Keys a chart passes through whole (environment maps, labels, Kubernetes security contexts: `toYaml` of the
 * value) and keys its templates read that its values.yaml does not list, each checked in the template.
 */
const FREE_FORM = [
  ...['', 'api.', 'backend.', 'enketo.', 'frontend.', 'pyxform.', 'qfieldQgis.', 'dragonfly.'].flatMap((at) => [
    `${at}env.`,
    `${at}environmentVariables.`,
    `${at}podLabels.`,
    `${at}nodeSelector.`,
    `${at}podSecurityContext.`,
    `${at}securityContext.`,
    `${at}ingress.annotations.`,
  ]),
  'initSecurityContext.',
  ...['enketo-redis-main.', 'enketo-redis-cache.'].flatMap((at) => [
    `${at}nodeSelector.`,
    `${at}securityContext.`,
    `${at}containerSecurityContext.`,
    `${at}haproxy.securityContext.`,
    `${at}haproxy.containerSecurityContext.`,
    `${at}redis.config.`,
    // redis-ha 4.33.7: templates/redis-ha-statefulset.yaml and redis-haproxy-deployment.yaml read it.
    `${at}tolerations.`,
  ]),
  // odk-central 0.4.4: charts/frontend/templates/ingressApp.yaml reads it; without it nothing renders.
  'frontend.ingressApp.',
  // eoapi 0.15.0: placement and labels go through `toYaml`; services/*/deployment.yaml and
  // database/pgstacbootstrap/job.yaml read `settings.affinity` and `settings.tolerations`, which values.yaml omits.
  ...['raster.', 'stac.', 'pgstacBootstrap.'].flatMap((at) => [
    `${at}settings.affinity.`,
    `${at}settings.tolerations`,
    `${at}settings.labels.`,
    `${at}settings.resources.`,
  ]),
  ...['pgstacSettings', 'initdbSql', 'initdbJson', 'pgstacQueryables'].map(
    (c) => `pgstacBootstrap.configMaps.${c}.annotations.`,
  ),
  'pgstacBootstrap.jobs.pgstacMigrate.annotations.',
  // services/stac/configmap.yaml writes every key of the map into the API's environment.
  'stac.settings.envVars.',
];
