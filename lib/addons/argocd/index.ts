import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { StaticResource } from '@cdktf/provider-time/lib/static-resource';
import { TerraformOutput, type ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { ClusterDescription } from '../../contracts/cluster';
import { GeneratedPassword } from '../../core/generated-password';
import type { HotNamespace } from '../../core/namespace';
import { INGRESS_CLASS, CLUSTER_ISSUER_PROD, onCorePool, resources } from '../common';
import { HelmAddOn } from '../helm-addon';

/** The local account with the built-in read-only role: a view of every application, no changes. */
export const ARGOCD_VIEWER = 'viewer';
const NAMESPACE = 'argocd';
/** The Secret Argo CD reads its admin and account passwords and its session signing key from. */
export const ARGOCD_SECRET = 'argocd-secret';

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
 * and `argocd-viewer-password` hold the passwords. No SSO is configured, so no group maps to a role.
 */
export class ArgoCdAddOn extends HelmAddOn {
  constructor() {
    super({
      id: 'argocd',
      chart: 'argo-cd',
      repository: 'https://argoproj.github.io/argo-helm',
      version: '10.1.1',
      namespace: NAMESPACE,
      releaseName: 'argocd',
    });
  }

  protected override beforeRelease(
    scope: Construct,
    _cluster: ClusterDescription,
    namespace?: HotNamespace,
  ): ITerraformDependable[] {
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
        },
        dependsOn: namespace ? [namespace.namespace] : undefined,
      }),
    ];
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    const host = `argocd.${cluster.dns.baseDomain}`;
    const small = resources('10m', '64Mi', '256Mi');
    return {
      global: { domain: host, ...onCorePool(cluster) },
      configs: {
        // TLS ends at the ingress controller; the server behind it speaks plain HTTP inside the cluster.
        params: { 'server.insecure': true },
        cm: {
          'admin.enabled': true,
          [`accounts.${ARGOCD_VIEWER}`]: 'login',
          'users.anonymous.enabled': false,
          'exec.enabled': false,
        },
        rbac: { 'policy.default': '', 'policy.csv': `g, ${ARGOCD_VIEWER}, role:readonly\n` },
        secret: { createSecret: false },
      },
      server: {
        ingress: {
          enabled: true,
          ingressClassName: INGRESS_CLASS,
          hostname: host,
          annotations: { 'cert-manager.io/cluster-issuer': CLUSTER_ISSUER_PROD },
          tls: true,
        },
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
