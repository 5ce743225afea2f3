import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { StaticResource } from '@cdktf/provider-time/lib/static-resource';
import { TerraformOutput, type ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { ClusterDescription } from '../../contracts/cluster';
import { GeneratedPassword } from '../../core/generated-password';
import { stringify as stringifyYaml } from 'yaml';
import type { AdminSsoSettings } from '../../config/schema-parts';
import type { HotNamespace } from '../../core/namespace';
import { publishHost } from '../../core/published-hosts';
import { adminIngressAnnotations, adminSsoClientSecret, type AdminExposure } from '../admin-access';
import { INGRESS_CLASS, CLUSTER_ISSUER_PROD, onCorePool, resources } from '../common';
import { HelmAddOn } from '../helm-addon';

/** The local account with the built-in read-only role: a view of every application, no changes. */
export const ARGOCD_VIEWER = 'viewer';
const NAMESPACE = 'argocd';
/** The Secret Argo CD reads its admin and account passwords and its session signing key from. */
export const ARGOCD_SECRET = 'argocd-secret';

/** The key of `argocd-secret` holding the SSO client secret. */
const OIDC_SECRET_KEY = 'oidc.clientSecret';

/**
 * Sign-in: with SSO, the issuer only (the local admin and the viewer account are off); without, the local
 * admin and the read-only `viewer` account with generated passwords.
 */
function accounts(sso: AdminSsoSettings | undefined): Record<string, unknown> {
  if (!sso) return { 'admin.enabled': true, [`accounts.${ARGOCD_VIEWER}`]: 'login' };
  const scopes = ['openid', 'profile', 'email', ...(sso.claim === 'groups' ? ['groups'] : [])];
  return {
    'admin.enabled': false,
    'oidc.config': stringifyYaml({
      name: 'Single sign-on',
      issuer: sso.issuerUrl,
      clientID: sso.clientId,
      clientSecret: `$${OIDC_SECRET_KEY}`,
      requestedScopes: scopes,
      enablePKCEAuthentication: true,
    }),
  };
}

/**
 * The chart's default exclusions of what this platform runs (high-churn objects nobody declares in Git, argo-cd
 * 10.1.1 values.yaml; Kyverno's left out) and
 * Namespaces: Terraform makes every namespace with its Pod Security level and NetworkPolicies, so Argo CD never
 * creates, changes or prunes one, even where a chart renders its own (the OSM sandbox dashboard's does).
 */
export const RESOURCE_EXCLUSIONS = [
  { apiGroups: ['', 'discovery.k8s.io'], kinds: ['Endpoints', 'EndpointSlice'] },
  { apiGroups: ['coordination.k8s.io'], kinds: ['Lease'] },
  {
    apiGroups: ['authentication.k8s.io', 'authorization.k8s.io'],
    kinds: [
      'SelfSubjectReview',
      'TokenReview',
      'LocalSubjectAccessReview',
      'SelfSubjectAccessReview',
      'SelfSubjectRulesReview',
      'SubjectAccessReview',
    ],
  },
  { apiGroups: ['certificates.k8s.io'], kinds: ['CertificateSigningRequest'] },
  { apiGroups: ['cert-manager.io'], kinds: ['CertificateRequest'] },
  { apiGroups: ['cilium.io'], kinds: ['CiliumIdentity', 'CiliumEndpoint', 'CiliumEndpointSlice'] },
  { apiGroups: [''], kinds: ['Namespace'] },
];

/** Nobody may do anything by default; SSO admins and viewers by their claim, or the local viewer account. */
function rbac(sso: AdminSsoSettings | undefined): Record<string, unknown> {
  if (!sso) return { 'policy.default': '', 'policy.csv': `g, ${ARGOCD_VIEWER}, role:readonly\n` };
  const lines = [
    ...sso.admins.map((subject) => `g, ${subject}, role:admin`),
    ...sso.viewers.map((subject) => `g, ${subject}, role:readonly`),
  ];
  return { 'policy.default': '', scopes: `[${sso.claim}]`, 'policy.csv': `${lines.join('\n')}\n` };
}

/**
 * A generated password with the bcrypt hash Argo CD stores and the time it was set (RFC 3339). Argo CD
 * invalidates every session issued before that time, so it changes only when the password does.
 */
function accountPassword(scope: Construct, id: string): { password: GeneratedPassword; mtime: string } {
  const password = new GeneratedPassword(scope, `${id}-password`);
  const setAt = new StaticResource(scope, `${id}-password-mtime`, { triggers: { hash: password.bcryptHash } });
  return { password, mtime: setAt.rfc3339 };
}

/**
 * ArgoCD for the apps HOT deploys from Git (the OSM sandbox dashboard, later every app), its UI behind TLS on
 * `argocd.<baseDomain>`. The admin and the read-only `viewer` passwords are generated and written, as bcrypt
 * hashes, into `argocd-secret`, which this add-on owns (the chart's is off): no password or hash passes
 * through the chart's values, so none reaches the release's stored metadata. Outputs `argocd-admin-password`
 * and `argocd-viewer-password` hold the passwords. The UI is published only behind SSO or an allow-list
 * (`platform.adminAccess`); with SSO, the local accounts are off and the issuer's claim maps to roles.
 */
export class ArgoCdAddOn extends HelmAddOn {
  private readonly exposure: AdminExposure;

  constructor(exposure: AdminExposure) {
    super({
      id: 'argocd',
      chart: 'argo-cd',
      repository: 'https://argoproj.github.io/argo-helm',
      version: '10.1.1',
      namespace: NAMESPACE,
      releaseName: 'argocd',
      // Git hosts, Helm and OCI registries, the SSO issuer; the UI through the ingress controller when published.
      network: { internet: true, fromIngressController: exposure.published },
    });
    this.exposure = exposure;
  }

  protected override beforeRelease(
    scope: Construct,
    cluster: ClusterDescription,
    namespace?: HotNamespace,
  ): ITerraformDependable[] {
    const after = namespace ? [namespace.namespace] : [];
    if (this.exposure.published) {
      publishHost(scope, {
        host: `argocd.${cluster.dns.baseDomain}`,
        service: `${NAMESPACE}/argocd-server`,
        guards: this.exposure.guards,
      });
    }
    const admin = accountPassword(scope, 'admin');
    const viewer = accountPassword(scope, 'viewer');
    // Signs session tokens; Argo CD would generate and write one into the Secret, which Terraform then undoes.
    const signingKey = new GeneratedPassword(scope, 'server-secret-key', { lengthChars: 48 });
    new TerraformOutput(scope, 'argocd-admin-password', {
      staticId: true,
      value: admin.password.value,
      sensitive: true,
    });
    new TerraformOutput(scope, 'argocd-viewer-password', {
      staticId: true,
      value: viewer.password.value,
      sensitive: true,
    });
    return [
      new SecretV1(scope, 'argocd-secret', {
        metadata: {
          name: ARGOCD_SECRET,
          namespace: NAMESPACE,
          labels: { 'app.kubernetes.io/name': ARGOCD_SECRET, 'app.kubernetes.io/part-of': 'argocd' },
        },
        data: {
          'server.secretkey': signingKey.value,
          'admin.password': admin.password.bcryptHash,
          'admin.passwordMtime': admin.mtime,
          [`accounts.${ARGOCD_VIEWER}.password`]: viewer.password.bcryptHash,
          [`accounts.${ARGOCD_VIEWER}.passwordMtime`]: viewer.mtime,
          // Argo CD resolves `$oidc.clientSecret` in oidc.config from this Secret.
          ...(this.exposure.sso ? { [OIDC_SECRET_KEY]: adminSsoClientSecret(scope) } : {}),
        },
        dependsOn: after,
      }),
    ];
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    const host = `argocd.${cluster.dns.baseDomain}`;
    const sso = this.exposure.sso;
    const small = resources('10m', '64Mi', '256Mi');
    return {
      // The namespace's own policies isolate it; the chart's would admit anything to the server on top of them.
      global: { domain: host, networkPolicy: { create: false }, ...onCorePool(cluster) },
      configs: {
        // TLS ends at the ingress controller; the server behind it speaks plain HTTP inside the cluster.
        params: { 'server.insecure': true },
        cm: {
          url: `https://${host}`,
          'users.anonymous.enabled': false,
          'exec.enabled': false,
          'resource.exclusions': stringifyYaml(RESOURCE_EXCLUSIONS),
          ...accounts(sso),
        },
        rbac: rbac(sso),
        secret: { createSecret: false },
      },
      server: {
        ingress: this.exposure.published
          ? {
              enabled: true,
              ingressClassName: INGRESS_CLASS,
              hostname: host,
              annotations: {
                'cert-manager.io/cluster-issuer': CLUSTER_ISSUER_PROD,
                ...adminIngressAnnotations(this.exposure),
              },
              tls: true,
            }
          : { enabled: false },
        resources: resources('50m', '256Mi'),
      },
      controller: { resources: resources('250m', '1Gi', '2Gi') },
      repoServer: { resources: resources('100m', '256Mi', '1Gi') },
      applicationSet: { resources: resources('20m', '128Mi', '512Mi') },
      notifications: { resources: resources('10m', '64Mi', '256Mi') },
      redis: { resources: resources('50m', '128Mi', '512Mi') },
      redisSecretInit: { resources: small },
      dex: { enabled: false },
    };
  }
}
