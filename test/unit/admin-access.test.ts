import { Testing } from 'cdktf';
import type { AdminSsoSettings } from '../../lib/config/schema-parts';
import type { PlatformSettings } from '../../lib/addons/settings';
import { grafanaRolePath } from '../../lib/addons/monitoring/grafana-sso';
import type { StackDocument } from '../../lib/policies/types';
import { AppsStack } from '../../stacks/apps-stack';
import { fakeCluster, TEST_PLATFORM } from '../support/fake-cluster';

type Block = Record<string, unknown>;
interface Values {
  readonly [key: string]: Values;
}

const SSO: AdminSsoSettings = {
  issuerUrl: 'https://login.example.org',
  clientId: 'hot-admin-uis',
  authorizeUrl: 'https://login.example.org/authorize',
  tokenUrl: 'https://login.example.org/token',
  userInfoUrl: 'https://login.example.org/userinfo',
  claim: 'groups',
  admins: ['hot:platform-admins'],
  viewers: ['hot:viewers'],
};

function synth(adminAccess: PlatformSettings['adminAccess']): { doc: StackDocument; warnings: string[] } {
  const stack = new AppsStack(Testing.app(), 'test-apps', {
    backend: { type: 'local' },
    cluster: fakeCluster([]),
    platform: { ...TEST_PLATFORM, adminAccess },
  });
  const doc = JSON.parse(Testing.synth(stack)) as StackDocument;
  const warnings = stack.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
  return { doc, warnings };
}

const releasesOf = (doc: StackDocument) =>
  Object.fromEntries(Object.values(doc.resource?.helm_release ?? {}).map((r) => [String(r.name), r]));
const valuesOf = (release: Block) => JSON.parse((release.values as string[])[0]) as Values;
const secretsOf = (doc: StackDocument) =>
  Object.fromEntries(
    Object.values(doc.resource?.kubernetes_secret_v1 ?? {}).map((s) => [String((s.metadata as Block).name), s]),
  );

describe('admin UIs (Argo CD, Grafana) without SSO or an allow-list', () => {
  const { doc, warnings } = synth({ allowedCidrs: [] });
  const releases = releasesOf(doc);

  it('are not published: no Ingress, no declared host, a synth warning saying how to reach them', () => {
    expect(valuesOf(releases.argocd).server.ingress).toEqual({ enabled: false });
    expect(valuesOf(releases['kube-prometheus-stack']).grafana.ingress).toEqual({ enabled: false });
    expect(doc.output?.['published-hosts']).toBeUndefined();
    expect(warnings).toContain(
      'test: Argo CD, Grafana and Headlamp are not published (no platform.adminAccess.sso or allowedCidrs); reach them with kubectl port-forward',
    );
  });

  it("leave Argo CD's isolation to the namespace's policies (the chart's would admit anything to its server)", () => {
    expect(valuesOf(releases.argocd).global.networkPolicy).toEqual({ create: false });
  });

  it('keep their local accounts with generated passwords', () => {
    const cm = valuesOf(releases.argocd).configs.cm;
    expect(cm['admin.enabled']).toBe(true);
    expect(cm['accounts.viewer']).toBe('login');
    expect(doc.variable?.admin_sso_client_secret).toBeUndefined();
  });

  it("give Grafana a namespaced Role, with dashboards read from its own and CloudNativePG's namespace only", () => {
    const grafana = valuesOf(releases['kube-prometheus-stack']).grafana;
    expect(grafana.rbac).toEqual({ namespaced: true });
    expect(grafana.sidecar.dashboards).toMatchObject({
      searchNamespace: 'monitoring,cnpg-system',
      resource: 'configmap',
    });
    const roles = Object.values(doc.resource?.kubernetes_role_v1 ?? {}).filter(
      (r) => (r.metadata as Block).name === 'grafana-dashboards',
    );
    expect(roles.map((r) => [(r.metadata as Block).namespace, r.rule])).toEqual([
      ['cnpg-system', [{ api_groups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }]],
    ]);
  });

  it('run the node exporter in its own privileged namespace, leaving monitoring restricted', () => {
    const namespaces = Object.values(doc.resource?.kubernetes_namespace_v1 ?? {}).map((n) => n.metadata as Block);
    const level = (name: string) =>
      (namespaces.find((n) => n.name === name)?.labels as Block)['pod-security.kubernetes.io/enforce'];
    expect(level('monitoring')).toBe('restricted');
    expect(level('node-exporter')).toBe('privileged');
    expect(valuesOf(releases['kube-prometheus-stack'])['prometheus-node-exporter'].namespaceOverride).toBe(
      'node-exporter',
    );
  });
});

describe('admin UIs behind single sign-on', () => {
  const { doc } = synth({ sso: SSO, allowedCidrs: [] });
  const releases = releasesOf(doc);
  const argocd = valuesOf(releases.argocd);
  const grafana = valuesOf(releases['kube-prometheus-stack']).grafana;

  it('are published under the base domain with TLS, declared as guarded by SSO', () => {
    expect(argocd.server.ingress).toMatchObject({ enabled: true, hostname: 'argocd.example.org', tls: true });
    expect(grafana.ingress).toMatchObject({ enabled: true, hosts: ['grafana.example.org'] });
    expect(doc.output?.['published-hosts']?.value).toEqual([
      { host: 'argocd.example.org', service: 'argocd/argocd-server', guards: ['sso'], unauthenticated_reason: null },
      {
        host: 'grafana.example.org',
        service: 'monitoring/kube-prometheus-stack-grafana',
        guards: ['sso'],
        unauthenticated_reason: null,
      },
    ]);
  });

  it('turn Argo CD local accounts off and map the claim to roles, nobody else gets anything', () => {
    const cm = argocd.configs.cm;
    expect(cm['admin.enabled']).toBe(false);
    expect(cm['accounts.viewer']).toBeUndefined();
    expect(cm.url).toBe('https://argocd.example.org');
    expect(String(cm['oidc.config'])).toBe(
      [
        'name: Single sign-on',
        'issuer: https://login.example.org',
        'clientID: hot-admin-uis',
        'clientSecret: $oidc.clientSecret',
        'requestedScopes:',
        '  - openid',
        '  - profile',
        '  - email',
        '  - groups',
        'enablePKCEAuthentication: true',
        '',
      ].join('\n'),
    );
    expect(argocd.configs.rbac).toEqual({
      'policy.default': '',
      scopes: '[groups]',
      'policy.csv': 'g, hot:platform-admins, role:admin\ng, hot:viewers, role:readonly\n',
    });
  });

  it('turn the Grafana login form and basic auth off, sign in through the issuer with a strict role mapping', () => {
    const ini = grafana['grafana.ini'];
    expect(ini.auth).toEqual({ disable_login_form: true, oauth_auto_login: true });
    expect(ini['auth.basic']).toEqual({ enabled: false });
    expect(ini['auth.generic_oauth']).toMatchObject({
      enabled: true,
      client_id: 'hot-admin-uis',
      api_url: 'https://login.example.org/userinfo',
      role_attribute_strict: true,
      use_pkce: true,
    });
    expect(grafana.envValueFrom).toEqual({
      GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { secretKeyRef: { name: 'grafana-sso', key: 'client-secret' } },
    });
  });

  it('read the client secret from a sensitive variable into Secrets, never into chart values', () => {
    expect(doc.variable?.admin_sso_client_secret).toMatchObject({ sensitive: true, type: 'string' });
    const secrets = secretsOf(doc);
    expect((secrets['argocd-secret'].data as Block)['oidc.clientSecret']).toBe('${var.admin_sso_client_secret}');
    expect((secrets['grafana-sso'].data as Block)['client-secret']).toBe('${var.admin_sso_client_secret}');
    for (const release of Object.values(releases)) {
      expect(JSON.stringify(release.values)).not.toContain('admin_sso_client_secret');
    }
  });

  it('map Grafana roles from the claim, quoting values as JMESPath literals', () => {
    expect(grafanaRolePath(SSO)).toBe(
      "(contains(groups[*], 'hot:platform-admins')) && 'Admin' || (contains(groups[*], 'hot:viewers')) && 'Viewer'",
    );
    expect(
      grafanaRolePath({ ...SSO, claim: 'email', admins: ["o'brien@example.org", 'a@example.org'], viewers: [] }),
    ).toBe("(email == 'o\\'brien@example.org' || email == 'a@example.org') && 'Admin'");
  });
});

describe('admin UIs behind an allow-list', () => {
  const { doc } = synth({ allowedCidrs: ['203.0.113.0/24'] });
  const releases = releasesOf(doc);

  it('share one Traefik allow-list middleware, made by the ingress add-on after Traefik, without waiting for it', () => {
    const objects = releases['admin-allow-list'];
    expect(valuesOf(objects).objects).toEqual([
      {
        apiVersion: 'traefik.io/v1alpha1',
        kind: 'Middleware',
        metadata: { name: 'admin-allow-list', namespace: 'ingress' },
        spec: { ipAllowList: { sourceRange: ['203.0.113.0/24'] } },
      },
    ]);
    const addressOf = (name: string) =>
      `helm_release.${Object.entries(doc.resource?.helm_release ?? {}).find(([, r]) => r.name === name)?.[0]}`;
    expect(objects.depends_on).toContain(addressOf('traefik'));
    expect(releases.argocd.depends_on).not.toContain(addressOf('traefik'));
    const annotation = { 'traefik.ingress.kubernetes.io/router.middlewares': 'ingress-admin-allow-list@kubernetescrd' };
    expect(valuesOf(releases.argocd).server.ingress.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
      ...annotation,
    });
    expect(valuesOf(releases['kube-prometheus-stack']).grafana.ingress.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
      ...annotation,
    });
  });

  it('keep local logins, and are declared as guarded by the allow-list', () => {
    expect(valuesOf(releases.argocd).configs.cm['admin.enabled']).toBe(true);
    const hosts = doc.output?.['published-hosts']?.value as { host: string; guards: string[] }[];
    expect(hosts.map((h) => [h.host.split('.')[0], h.guards])).toEqual([
      ['argocd', ['allow-list']],
      ['grafana', ['allow-list']],
      ['headlamp', ['allow-list']],
    ]);
  });
});
