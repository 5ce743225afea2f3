import { headlampSignIn } from '../../lib/addons/headlamp';
import { READ_ONLY_CLUSTER_ROLE } from '../../lib/addons/tenancy';
import { loadEnvironments } from '../../lib/config/load';
import type { StackDocument } from '../../lib/policies/types';
import { releasesOf } from '../support/releases';
import { synthEnvironments } from '../support/synth';

type Block = Record<string, unknown>;

const SSO = {
  issuerUrl: 'https://sso.example.org/realms/hot',
  clientId: 'hot-admin-uis',
  authorizeUrl: 'https://sso.example.org/realms/hot/auth',
  tokenUrl: 'https://sso.example.org/realms/hot/token',
  userInfoUrl: 'https://sso.example.org/realms/hot/userinfo',
  claim: 'groups',
  admins: ['hot-sysadmins'],
  viewers: ['hot-staff'],
} as const;
const TRUSTED = { issuerUrl: SSO.issuerUrl, clientId: SSO.clientId, usernameClaim: 'email', groupsClaim: 'groups' };

function synth(name: string, settings: Block) {
  const [env] = loadEnvironments({ env: {}, context: { environments: { [name]: settings } } }).filter(
    (e) => e.name === name,
  );
  const { documents, stacks } = synthEnvironments([env]);
  const doc = documents[`${name}-apps`];
  const headlamp = releasesOf(doc).find((r) => r.name === 'headlamp');
  expect(headlamp).toBeDefined();
  const warnings = stacks[name].apps.node.metadata.map((m) => String(m.data));
  return {
    doc,
    clusterDoc: documents[name],
    values: (headlamp as NonNullable<typeof headlamp>).values as Block,
    warnings,
  };
}

const hosts = (doc: StackDocument) =>
  ((doc.output?.['published-hosts']?.value ?? []) as { host: string; guards: string[] }[]).filter((h) =>
    h.host.startsWith('headlamp.'),
  );
/** The NetworkPolicies of the headlamp namespace, by name. */
const policies = (doc: StackDocument) =>
  Object.values(doc.resource?.kubernetes_network_policy_v1 ?? {})
    .map((p) => p.metadata as Block)
    .filter((m) => m.namespace === 'headlamp')
    .map((m) => String(m.name))
    .sort();
const bindings = (doc: StackDocument) =>
  Object.values(doc.resource?.kubernetes_cluster_role_binding_v1 ?? {}).filter((b) =>
    String((b.metadata as Block).name).startsWith('headlamp'),
  );

describe('how Headlamp signs people in', () => {
  const trusted = { ...TRUSTED, prefix: 'oidc:' };
  it.each([
    ['no SSO: its ServiceAccount', undefined, trusted, 'service-account'],
    ['an API server that trusts no issuer: its ServiceAccount', SSO, undefined, 'service-account'],
    [
      'an API server trusting another client: its ServiceAccount',
      SSO,
      { ...trusted, clientId: 'kubectl' },
      'service-account',
    ],
    ['an API server trusting the SSO issuer and client: SSO', SSO, trusted, 'sso'],
    ['the issuer written with a trailing slash: SSO', SSO, { ...trusted, issuerUrl: `${SSO.issuerUrl}/` }, 'sso'],
  ] as const)('with %s', (_case, sso, apiServer, expected) => {
    expect(
      headlampSignIn(sso ? { ...sso, admins: [...sso.admins], viewers: [...sso.viewers] } : undefined, apiServer),
    ).toBe(expected);
  });
});

describe('Headlamp on the defaults (no admin access)', () => {
  const { doc, values } = synth('aws-prod', {});

  it('is installed but not published, read-only through its ServiceAccount', () => {
    expect(values.ingress).toEqual({ enabled: false });
    expect(hosts(doc)).toEqual([]);
    expect(values.config).toMatchObject({ unsafeUseServiceAccountToken: true, enableHelm: false });
    expect(values.clusterRoleBinding).toEqual({ create: true, clusterRoleName: READ_ONLY_CLUSTER_ROLE });
    expect(values.pluginsManager).toEqual({ enabled: false });
  });

  it('reaches the API server but not the internet, which only an SSO issuer would need', () => {
    expect(policies(doc)).toContain('allow-api-server');
    expect(policies(doc)).not.toContain('allow-internet');
  });

  it('runs restricted on the core pool, at the chart version of its image', () => {
    expect(values.image).toEqual({ registry: 'ghcr.io', repository: 'headlamp-k8s/headlamp', tag: 'v0.45.0' });
    expect(values.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 100,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(values.nodeSelector).toEqual({ 'node-type': 'core' });
  });
});

describe('Headlamp behind the allow-list, on a cloud whose API server does not trust the SSO issuer', () => {
  const { doc, values, warnings } = synth('aws-prod', {
    platform: { adminAccess: { sso: SSO, allowedCidrs: ['203.0.113.0/24'] } },
  });

  it('is published behind the allow-list alone (SSO cannot gate its ServiceAccount)', () => {
    expect(hosts(doc).map((h) => h.guards)).toEqual([['allow-list']]);
    expect((values.ingress as Block).annotations).toMatchObject({
      'traefik.ingress.kubernetes.io/router.middlewares': 'ingress-admin-allow-list@kubernetescrd',
    });
    expect(values.config).toMatchObject({ unsafeUseServiceAccountToken: true });
    expect(values.env).toEqual([]);
  });

  it('says so at synth', () => {
    expect(warnings).toContain(
      'aws-prod: Headlamp cannot sign people in with platform.adminAccess.sso because the API server does not trust that issuer and client; it reads the cluster with its own read-only ServiceAccount and is published only behind platform.adminAccess.allowedCidrs',
    );
  });
});

describe('Headlamp with SSO alone where the API server does not trust it', () => {
  const { doc, values, warnings } = synth('aws-prod', { platform: { adminAccess: { sso: SSO } } });

  it('is not published', () => {
    expect(hosts(doc)).toEqual([]);
    expect(values.ingress).toEqual({ enabled: false });
    expect(warnings.some((w) => w.endsWith('(none set: not published)'))).toBe(true);
  });
});

describe('Headlamp with SSO on Talos, whose API server trusts the issuer (hetzner.oidc)', () => {
  const { doc, values, warnings } = synth('hetzner-dr', {
    platform: { adminAccess: { sso: SSO } },
    hetzner: { oidc: { issuerUrl: SSO.issuerUrl, clientId: SSO.clientId } },
  });

  it('signs people in and sends their own tokens: its ServiceAccount is bound to nothing', () => {
    expect(values.config).toMatchObject({
      unsafeUseServiceAccountToken: false,
      oidc: { secret: { create: false }, externalSecret: { enabled: true, name: 'headlamp-oidc' }, usePKCE: true },
    });
    expect(values.clusterRoleBinding).toEqual({ create: false });
    expect(values.env).toEqual([
      { name: 'OIDC_CLIENT_ID', value: SSO.clientId },
      { name: 'OIDC_ISSUER_URL', value: SSO.issuerUrl },
      { name: 'OIDC_SCOPES', value: 'profile,email,groups' },
      { name: 'OIDC_USE_PKCE', value: 'true' },
      { name: 'OIDC_CALLBACK_URL', value: 'https://headlamp.hotosm-dr.org/oidc-callback' },
    ]);
    expect(warnings.filter((w) => w.includes('Headlamp'))).toEqual([]);
  });

  it('keeps the client secret in a Secret from the sensitive variable, never in values', () => {
    const secret = Object.values(doc.resource?.kubernetes_secret_v1 ?? {}).find(
      (s) => (s.metadata as Block).name === 'headlamp-oidc',
    );
    expect(secret?.data).toEqual({ OIDC_CLIENT_SECRET: '${var.admin_sso_client_secret}' });
    expect(JSON.stringify(values)).not.toContain('admin_sso_client_secret');
  });

  it('binds the SSO viewers, as the API server names them, to the read-only role and nobody else', () => {
    expect(bindings(doc).map((b) => [(b.metadata as Block).name, b.role_ref, b.subject])).toEqual([
      [
        'headlamp-sso-viewers',
        { api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: READ_ONLY_CLUSTER_ROLE },
        [{ kind: 'Group', name: 'oidc:hot-staff', api_group: 'rbac.authorization.k8s.io' }],
      ],
    ]);
  });

  it('may reach the issuer on the internet', () => {
    expect(policies(doc)).toContain('allow-internet');
  });

  it('is published behind SSO', () => {
    expect(hosts(doc)).toEqual([
      { host: 'headlamp.hotosm-dr.org', service: 'headlamp/headlamp', guards: ['sso'], unauthenticated_reason: null },
    ]);
  });
});

describe('Headlamp with SSO on EKS, with an OIDC identity provider of the same issuer (aws.oidc)', () => {
  const { doc, clusterDoc, values } = synth('aws-prod', {
    platform: { adminAccess: { sso: SSO } },
    aws: { oidc: { issuerUrl: SSO.issuerUrl, clientId: SSO.clientId } },
  });

  it('gives the cluster the identity provider, its users and groups prefixed', () => {
    const providers = Object.values(clusterDoc.resource?.aws_eks_identity_provider_config ?? {});
    expect(providers.map((p) => p.oidc)).toEqual([
      {
        identity_provider_config_name: 'people',
        issuer_url: SSO.issuerUrl,
        client_id: SSO.clientId,
        username_claim: 'email',
        username_prefix: 'oidc:',
        groups_claim: 'groups',
        groups_prefix: 'oidc:',
      },
    ]);
  });

  it('signs people in and binds the SSO viewers read-only', () => {
    expect(values.config).toMatchObject({ unsafeUseServiceAccountToken: false });
    expect(bindings(doc).map((b) => b.subject)).toEqual([
      [{ kind: 'Group', name: 'oidc:hot-staff', api_group: 'rbac.authorization.k8s.io' }],
    ]);
    expect(hosts(doc).map((h) => h.guards)).toEqual([['sso']]);
  });

  it('leaves the default cluster without one', () => {
    const { clusterDoc: plain } = synth('aws-prod', {});
    expect(plain.resource?.aws_eks_identity_provider_config).toBeUndefined();
  });
});
