import { Testing } from 'cdktf';
import { platformAddOns } from '../../lib/addons/platform';
import type { ClusterDescription } from '../../lib/contracts/cluster';
import { nodePoolSelectors } from '../../lib/core/node-pools';
import type { StackDocument } from '../../lib/policies/types';
import { AppsStack } from '../../stacks/apps-stack';
import { fakeCluster, TEST_PLATFORM } from '../support/fake-cluster';

type Release = Record<string, unknown>;

/** The fake cluster's core pool: labelled, untainted. */
const CORE_PLACEMENT = { nodeSelector: { 'node-type': 'core' }, tolerations: [] };

const CONTRACT: Partial<ClusterDescription> = {
  ingress: {
    loadBalancerAnnotations: { 'example.com/lb-type': 'nlb' },
    clientAddress: { externalTrafficPolicy: 'Cluster', proxyProtocolTrustedCidrs: [] },
  },
  objectStorage: {
    endpoint: 'https://objects.example.test',
    publicEndpoint: 'https://objects.example.test',
    region: 'eu-test-1',
    forcePathStyle: true,
    buckets: { backups: { name: 'hot-test-backups' } },
  },
  workloads: {
    'external-dns': {
      serviceAccountAnnotations: { 'example.com/role': 'dns-writer' },
      podLabels: { 'example.com/use': 'true' },
    },
    velero: {
      serviceAccountAnnotations: {},
      podLabels: {},
      staticKeys: { accessKeyId: '${var.s3_access_key}', secretAccessKey: '${var.s3_secret_key}' },
    },
  },
  dns: {
    provider: 'aws',
    baseDomain: 'example.org',
    zoneId: 'Z0123',
    externalDns: { extraArgs: ['--zone-id-filter=Z0123'], env: [{ name: 'AWS_DEFAULT_REGION', value: 'eu-test-1' }] },
    dns01Solver: { route53: { region: 'eu-test-1', hostedZoneID: 'Z0123' } },
  },
};

function synth(patch: Partial<ClusterDescription> = CONTRACT): StackDocument {
  const stack = new AppsStack(Testing.app(), 'test-apps', {
    backend: { type: 'local' },
    cluster: fakeCluster([], patch),
    platform: TEST_PLATFORM,
  });
  return JSON.parse(Testing.synth(stack)) as StackDocument;
}

function releases(doc: StackDocument): Record<string, Release> {
  return Object.fromEntries(Object.values(doc.resource?.helm_release ?? {}).map((r) => [String(r.name), r]));
}

/** Parsed chart values, navigable without casts at every level (tests compare them with toEqual). */
interface Values {
  readonly [key: string]: Values;
}

function valuesOf(release: Release): Values {
  return JSON.parse((release.values as string[])[0]) as Values;
}

describe('the platform layer', () => {
  const doc = synth();
  const all = releases(doc);

  it('installs every platform release at an exact version from an https or oci repository', () => {
    expect(Object.keys(all).sort()).toEqual(
      [
        'argo-workflows',
        'argocd',
        'barman-cloud',
        'cert-manager',
        'cloudnative-pg',
        'cluster-issuers',
        'external-dns',
        'gateway-api-crds',
        'gateway-tls',
        'headlamp',
        'kube-prometheus-stack',
        'keda',
        'metrics-server',
        'opencost',
        'pod-security-policy',
        'prometheus-operator-crds',
        'traefik',
        'velero',
      ].sort(),
    );
    expect(Object.fromEntries(Object.entries(all).map(([name, r]) => [name, r.version]))).toEqual({
      'argo-workflows': '1.0.18',
      argocd: '10.1.1',
      'barman-cloud': '0.7.0',
      'cert-manager': 'v1.21.1',
      'cloudnative-pg': '0.29.0',
      'cluster-issuers': '0.1.0',
      'external-dns': '1.21.1',
      'gateway-api-crds': 'v1.8.3',
      headlamp: '0.45.0',
      'gateway-tls': '0.1.0',
      'kube-prometheus-stack': '88.5.3',
      keda: '2.20.2',
      'metrics-server': '3.13.1',
      opencost: '2.5.17',
      'pod-security-policy': '0.1.0',
      'prometheus-operator-crds': '31.0.1',
      traefik: '41.3.0',
      velero: '12.1.0',
    });
  });

  it('puts the ingress controller behind the cloud load balancer from the contract, serving Ingress and Gateway API', () => {
    const values = valuesOf(all.traefik);
    expect(values.service.annotations).toEqual({ 'example.com/lb-type': 'nlb' });
    expect(values.providers.kubernetesIngress.enabled).toBe(true);
    expect(values.providers.kubernetesGateway.enabled).toBe(true);
    expect(values.ingressClass).toEqual({ enabled: true, isDefaultClass: true, name: 'traefik' });
  });

  it("creates both Let's Encrypt issuers with DNS-01 for the zone and HTTP-01 for the rest", () => {
    const objects = valuesOf(all['cluster-issuers']).objects as unknown as Values[];
    expect(objects.map((o) => o.metadata.name)).toEqual(['letsencrypt-staging', 'letsencrypt-prod']);
    expect(objects[1].spec.acme).toEqual({
      server: 'https://acme-v02.api.letsencrypt.org/directory',
      email: 'hostmaster@example.org',
      privateKeySecretRef: { name: 'letsencrypt-prod-account-key' },
      solvers: [
        { selector: { dnsZones: ['example.org'] }, dns01: { route53: { region: 'eu-test-1', hostedZoneID: 'Z0123' } } },
        { http01: { ingress: { ingressClassName: 'traefik', podTemplate: { spec: CORE_PLACEMENT } } } },
      ],
    });
    const dns = CONTRACT.dns as ClusterDescription['dns'];
    const noDns01 = releases(synth({ ...CONTRACT, dns: { ...dns, dns01Solver: undefined } }));
    const issuers = valuesOf(noDns01['cluster-issuers']).objects as unknown as Values[];
    const solvers = issuers[1].spec.acme.solvers;
    expect(solvers).toEqual([
      { http01: { ingress: { ingressClassName: 'traefik', podTemplate: { spec: CORE_PLACEMENT } } } },
    ]);
  });

  it('runs external-dns upsert-only with a per-environment owner id and the identity from the contract', () => {
    const values = valuesOf(all['external-dns']);
    expect(values).toMatchObject({
      provider: { name: 'aws' },
      policy: 'upsert-only',
      txtOwnerId: 'test',
      domainFilters: ['example.org'],
      extraArgs: ['--zone-id-filter=Z0123'],
      env: [{ name: 'AWS_DEFAULT_REGION', value: 'eu-test-1' }],
      serviceAccount: { create: true, name: 'external-dns', annotations: { 'example.com/role': 'dns-writer' } },
      podLabels: { 'example.com/use': 'true' },
      nodeSelector: { 'node-type': 'core' },
    });
  });

  it("mounts the provider configuration files the contract gives external-dns (Azure's azure.json)", () => {
    const dns = CONTRACT.dns as ClusterDescription['dns'];
    const files = { mountPath: '/etc/kubernetes', files: { 'azure.json': '{"useWorkloadIdentityExtension":true}' } };
    const withFiles = synth({
      ...CONTRACT,
      dns: { ...dns, externalDns: { extraArgs: [], env: [], configFiles: files } },
    });
    const values = valuesOf(releases(withFiles)['external-dns']);
    expect(values.extraVolumes).toEqual([
      { name: 'provider-config', configMap: { name: 'external-dns-provider-config' } },
    ]);
    expect(values.extraVolumeMounts).toEqual([
      { name: 'provider-config', mountPath: '/etc/kubernetes', readOnly: true },
    ]);
    const configMaps = Object.values(withFiles.resource?.kubernetes_config_map_v1 ?? {});
    expect(
      configMaps.find((c) => (c.metadata as { name: string }).name === 'external-dns-provider-config')?.data,
    ).toEqual(files.files);
    expect(valuesOf(all['external-dns']).extraVolumes).toBeUndefined();
  });

  it('backs up every volume with Velero file-system backup to the contract bucket, daily, with a TTL', () => {
    const velero = all.velero;
    const values = valuesOf(velero);
    expect(values.configuration.backupStorageLocation).toEqual([
      {
        name: 'default',
        provider: 'aws',
        bucket: 'hot-test-backups',
        prefix: 'velero',
        default: true,
        config: { region: 'eu-test-1', s3Url: 'https://objects.example.test', s3ForcePathStyle: 'true' },
      },
    ]);
    expect(values.configuration.defaultVolumesToFsBackup).toBe(true);
    expect(values.deployNodeAgent).toBe(true);
    // Named by environment (Schedule velero-<env>-daily), so a target reading another's backups tells them apart.
    expect(Object.keys(values.schedules)).toEqual([`test-daily`]);
    expect(values.schedules[`test-daily`]).toMatchObject({
      schedule: '0 2 * * *',
      template: { ttl: '720h0m0s', resourcePolicy: { kind: 'configmap', name: 'velero-volume-policy' } },
    });
    // Static keys live in a Secret the chart reads, never in the release's values.
    expect(values.credentials).toEqual({ useSecret: true, existingSecret: 'velero-cloud-credentials' });
    expect(velero.set_sensitive).toBeUndefined();
    const secrets = Object.values(doc.resource?.kubernetes_secret_v1 ?? {});
    const named = (name: string) => secrets.find((s) => (s.metadata as { name: string }).name === name);
    expect(named('velero-cloud-credentials')?.data).toEqual({
      cloud: '[default]\naws_access_key_id=${var.s3_access_key}\naws_secret_access_key=${var.s3_secret_key}\n',
    });
  });

  it("encrypts Velero's repositories with a generated password, never Velero's published default", () => {
    const secrets = Object.values(doc.resource?.kubernetes_secret_v1 ?? {});
    const repository = secrets.find((s) => (s.metadata as { name: string }).name === 'velero-repo-credentials');
    expect(repository?.data).toEqual({
      'repository-password': expect.stringMatching(/^\$\{random_password\..+\.result\}$/),
    });
    expect(doc.output?.['velero-repository-password']).toMatchObject({ sensitive: true });
    const [release] = Object.entries(doc.resource?.helm_release ?? {}).filter(([, r]) => r.name === 'velero');
    const secretAddress = Object.entries(doc.resource?.kubernetes_secret_v1 ?? {}).find(
      ([, s]) => (s.metadata as { name: string }).name === 'velero-repo-credentials',
    )?.[0];
    expect(release[1].depends_on).toContain(`kubernetes_secret_v1.${secretAddress}`);
  });

  it('skips volumes that have their own backups (CloudNativePG) in file-system backups', () => {
    const maps = Object.values(doc.resource?.kubernetes_config_map_v1 ?? {});
    const policy = maps.find((m) => (m.metadata as { name: string }).name === 'velero-volume-policy');
    expect((policy?.data as Record<string, string>)['policy.yaml']).toBe(
      [
        'version: v1',
        'volumePolicies:',
        ...['PG_DATA', 'PG_WAL', 'PG_TABLESPACE'].flatMap((role) => [
          '  - conditions:',
          '      pvcLabels:',
          `        cnpg.io/pvcRole: ${role}`,
          '    action:',
          '      type: skip',
        ]),
        '',
      ].join('\n'),
    );
  });

  it('marks the namespaces that cannot run restricted, with their reasons', () => {
    const namespaces = Object.values(doc.resource?.kubernetes_namespace_v1 ?? {}).map(
      (n) => n.metadata as { name: string; labels: Record<string, string>; annotations?: Record<string, string> },
    );
    const exceptions = namespaces.filter((n) => n.labels['pod-security.kubernetes.io/enforce'] !== 'restricted');
    expect(exceptions.map((n) => n.name).sort()).toEqual(['node-exporter', 'velero']);
    for (const n of exceptions) expect(n.annotations?.['hotosm.org/pod-security-exception']).toMatch(/\w+ .{20,}/);
  });

  it('generates the ArgoCD and Grafana passwords: only references reach the synthesized JSON', () => {
    const argocd = all.argocd;
    // No password or hash passes through the chart's values: the release's stored metadata holds none.
    expect(argocd.set_sensitive).toBeUndefined();
    expect(valuesOf(argocd).configs.secret).toEqual({ createSecret: false });
    expect(valuesOf(argocd).configs.rbac['policy.csv']).toBe('g, viewer, role:readonly\n');
    const secrets = Object.values(doc.resource?.kubernetes_secret_v1 ?? {});
    const named = (name: string) => secrets.find((s) => (s.metadata as { name: string }).name === name);
    const argocdSecret = named('argocd-secret')?.data as Record<string, string>;
    expect(argocdSecret).toEqual({
      'server.secretkey': expect.stringMatching(/^\$\{random_password\..+\.result\}$/),
      'admin.password': expect.stringMatching(/^\$\{random_password\..+\.bcrypt_hash\}$/),
      'admin.passwordMtime': expect.stringMatching(/^\$\{time_static\..+\.rfc3339\}$/),
      'accounts.viewer.password': expect.stringMatching(/^\$\{random_password\..+\.bcrypt_hash\}$/),
      'accounts.viewer.passwordMtime': expect.stringMatching(/^\$\{time_static\..+\.rfc3339\}$/),
    });
    // The mtime changes only with the password, so an upgrade keeps every session.
    for (const stamp of Object.values(doc.resource?.time_static ?? {})) {
      expect(stamp.triggers).toEqual({ hash: expect.stringMatching(/^\$\{random_password\..+\.bcrypt_hash\}$/) });
    }
    expect((named('grafana-admin')?.data as Record<string, string>)['admin-password']).toMatch(
      /^\$\{random_password\..+\.result\}$/,
    );
    const outputs = Object.entries(doc.output ?? {}).filter(([name]) => /password/.test(name));
    expect(outputs.map(([name]) => name).sort()).toEqual([
      'argocd-admin-password',
      'argocd-viewer-password',
      'grafana-admin-password',
      'velero-repository-password',
    ]);
    for (const [, output] of outputs) expect(output.sensitive).toBe(true);
  });

  it("follows the contract's capabilities, not the cloud: no metrics-server where the cloud runs one, a device plugin only with GPUs", () => {
    const withCapabilities = releases(
      synth({
        ...CONTRACT,
        capabilities: { metricsServer: true, networkPolicy: true, kubeProxy: true, karpenter: false },
        nodePools: nodePoolSelectors(true),
      }),
    );
    expect(withCapabilities['metrics-server']).toBeUndefined();
    const gpu = valuesOf(withCapabilities['nvidia-device-plugin']);
    expect(gpu.nodeSelector).toEqual({ 'node-type': 'gpu' });
    expect(gpu.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' },
    ]);
    expect(all['nvidia-device-plugin']).toBeUndefined();
  });

  it('leaves Velero out, with a synth warning, when the cluster has no backups bucket', () => {
    const app = Testing.app();
    const stack = new AppsStack(app, 'no-bucket-apps', {
      backend: { type: 'local' },
      cluster: fakeCluster([], {
        ...CONTRACT,
        objectStorage: { ...(CONTRACT.objectStorage as ClusterDescription['objectStorage']), buckets: {} },
      }),
      platform: TEST_PLATFORM,
    });
    expect(releases(JSON.parse(Testing.synth(stack)) as StackDocument).velero).toBeUndefined();
    const warnings = stack.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toContain('test: Velero is not installed because the cluster provides no backup location');
  });

  it('warns, and leaves external-dns out, where the cluster cannot drive its zone or enforce NetworkPolicies', () => {
    const stack = new AppsStack(Testing.app(), 'limited-apps', {
      backend: { type: 'local' },
      cluster: fakeCluster([], {
        ...CONTRACT,
        dns: { provider: 'webhook', baseDomain: 'example.org', zoneId: '1' },
        capabilities: { metricsServer: false, networkPolicy: false, kubeProxy: true, karpenter: false },
      }),
      platform: TEST_PLATFORM,
    });
    expect(releases(JSON.parse(Testing.synth(stack)) as StackDocument)['external-dns']).toBeUndefined();
    const warnings = stack.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toEqual(
      expect.arrayContaining([
        'test: external-dns is not installed because the cluster cannot drive the webhook zone; create the records for example.org by hand',
        'test: the network plugin does not enforce NetworkPolicies; tenant namespaces are isolated only on paper',
      ]),
    );
  });

  it('is the same list however it is asked for', () => {
    const ids = (patch: Partial<ClusterDescription>) =>
      platformAddOns(Testing.app(), fakeCluster([], patch), TEST_PLATFORM).map((a) => a.id);
    expect(ids(CONTRACT)).toEqual(ids(CONTRACT));
  });

  it('sends alerts to the configured e-mail and Slack receivers, secrets read from files of a mounted Secret', () => {
    const stack = new AppsStack(Testing.app(), 'alerting-apps', {
      backend: { type: 'local' },
      cluster: fakeCluster([], CONTRACT),
      platform: {
        ...TEST_PLATFORM,
        alerts: {
          email: {
            to: ['ops@example.org'],
            from: 'alerts@example.org',
            smarthost: 'smtp.example.org:587',
            username: 'u',
          },
          slack: { channel: '#hot-alerts' },
        },
      },
    });
    const alerting = JSON.parse(Testing.synth(stack)) as StackDocument;
    const values = valuesOf(releases(alerting)['kube-prometheus-stack']);
    const dir = '/etc/alertmanager/secrets/alertmanager-notifiers';
    expect(values.alertmanager.config).toEqual({
      global: {
        resolve_timeout: '5m',
        smtp_smarthost: 'smtp.example.org:587',
        smtp_from: 'alerts@example.org',
        smtp_require_tls: true,
        smtp_auth_username: 'u',
        smtp_auth_password_file: `${dir}/smtp-password`,
      },
      route: {
        receiver: 'platform',
        group_by: ['namespace', 'alertname'],
        routes: [{ receiver: 'null', matchers: ['alertname = "Watchdog"'] }],
      },
      receivers: [
        { name: 'null' },
        {
          name: 'platform',
          email_configs: [{ to: 'ops@example.org', send_resolved: true }],
          slack_configs: [{ api_url_file: `${dir}/slack-webhook-url`, channel: '#hot-alerts', send_resolved: true }],
        },
      ],
    });
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual(['alertmanager-notifiers']);
    const secret = Object.values(alerting.resource?.kubernetes_secret_v1 ?? {}).find(
      (s) => (s.metadata as { name: string }).name === 'alertmanager-notifiers',
    );
    expect(secret?.data).toEqual({
      'smtp-password': '${var.alert_smtp_password}',
      'slack-webhook-url': '${var.alert_slack_webhook_url}',
    });
    for (const name of ['alert_smtp_password', 'alert_slack_webhook_url']) {
      expect(alerting.variable?.[name]).toMatchObject({ sensitive: true, nullable: false });
    }
    // Without a receiver the chart's route stays, and synth says nobody is notified.
    expect(valuesOf(all['kube-prometheus-stack']).alertmanager.config).toBeUndefined();
  });

  it('scrapes no control-plane component a managed or Talos control plane hides, nor kube-proxy where none runs', () => {
    const values = valuesOf(all['kube-prometheus-stack']);
    for (const component of ['kubeControllerManager', 'kubeScheduler', 'kubeEtcd']) {
      expect(values[component]).toEqual({ enabled: false });
    }
    expect(values.kubeProxy).toEqual({ enabled: true });
    const withoutKubeProxy = releases(
      synth({
        ...CONTRACT,
        capabilities: { metricsServer: false, networkPolicy: true, kubeProxy: false, karpenter: false },
      }),
    );
    expect(valuesOf(withoutKubeProxy['kube-prometheus-stack']).kubeProxy).toEqual({ enabled: false });
    expect(values.prometheus.prometheusSpec.scrapeConfigSelectorNilUsesHelmValues).toBe(false);
  });

  it('reports the cluster id to OpenCost and leaves the chart its cluster DNS suffix', () => {
    const values = valuesOf(all.opencost);
    expect(values.clusterName).toBeUndefined();
    expect(values.opencost.exporter.defaultClusterId).toBe('test');
  });
});
