import { ClusterRoleBindingV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { AdminSsoSettings } from '../../config/schema-parts';
import type { ApiServerOidc, ClusterDescription } from '../../contracts/cluster';
import type { HotNamespace } from '../../core/namespace';
import { publishHost } from '../../core/published-hosts';
import { adminIngressAnnotations, adminSsoClientSecret, type AdminExposure } from '../admin-access';
import { CLUSTER_ISSUER_PROD, INGRESS_CLASS, onCorePool, resources, RESTRICTED_CONTAINER } from '../common';
import { HelmAddOn } from '../helm-addon';
import { READ_ONLY_CLUSTER_ROLE } from '../tenancy';

const NAMESPACE = 'headlamp';
export const HEADLAMP_VERSION = '0.45.0';
/** The chart's Secret mode loads every key of this Secret as env; only the client secret is in it. */
const OIDC_SECRET = 'headlamp-oidc';
/** The image's `headlamp` user and group (Alpine's first system ids), by number so the kubelet can check them. */
const HEADLAMP_UID = 100;
const HEADLAMP_GID = 101;

/**
 * How people's requests reach the API server. `sso`: Headlamp signs them in at the platform's issuer and sends
 * their ID token, so each person has their own RBAC; only where the API server trusts that issuer with the same
 * client id. `service-account`: Headlamp replaces every request's credentials with its own ServiceAccount's,
 * bound to the cluster-wide read-only role, so anyone who reaches it reads the cluster: it is published only
 * behind the allow-list. Headlamp has no mode in which a sign-in gates its ServiceAccount.
 */
export type HeadlampSignIn = 'sso' | 'service-account';

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function headlampSignIn(sso: AdminSsoSettings | undefined, trusted: ApiServerOidc | undefined): HeadlampSignIn {
  return sso &&
    trusted &&
    trimSlash(sso.issuerUrl) === trimSlash(trusted.issuerUrl) &&
    sso.clientId === trusted.clientId
    ? 'sso'
    : 'service-account';
}

/** Who is published behind what: SSO mode behind the admin guards, the ServiceAccount only behind the allow-list. */
export function headlampGuards(signIn: HeadlampSignIn, exposure: AdminExposure): AdminExposure['guards'] {
  if (signIn === 'sso') return exposure.guards;
  return exposure.allowedCidrs.length > 0 ? ['allow-list'] : [];
}

/** The SSO viewers, as the API server names them (its prefix, and Group or User by the claim they are matched on). */
export function viewerSubjects(sso: AdminSsoSettings, trusted: ApiServerOidc) {
  const kind = sso.claim === trusted.groupsClaim ? 'Group' : sso.claim === trusted.usernameClaim ? 'User' : undefined;
  if (!kind) return [];
  return sso.viewers.map((viewer) => ({
    kind,
    name: `${trusted.prefix}${viewer}`,
    apiGroup: 'rbac.authorization.k8s.io',
  }));
}

/**
 * Headlamp, the Kubernetes SIG UI that replaced the retired Kubernetes Dashboard, on `headlamp.<baseDomain>`: every
 * workload, its pods, logs and events, and a map of how they relate. Read-only for viewers either way (see
 * `HeadlampSignIn`); its own plugins, Helm management and persistence are off.
 */
export class HeadlampAddOn extends HelmAddOn {
  private readonly exposure: AdminExposure;

  constructor(exposure: AdminExposure) {
    super({
      id: 'headlamp',
      chart: 'headlamp',
      repository: 'https://kubernetes-sigs.github.io/headlamp/',
      version: HEADLAMP_VERSION,
      namespace: NAMESPACE,
      // The SSO issuer, only where there is one; visitors through the ingress controller when published.
      network: { internet: exposure.sso !== undefined, fromIngressController: exposure.published },
    });
    this.exposure = exposure;
  }

  public signIn(cluster: ClusterDescription): HeadlampSignIn {
    return headlampSignIn(this.exposure.sso, cluster.apiServerOidc);
  }

  private host(cluster: ClusterDescription): string {
    return `headlamp.${cluster.dns.baseDomain}`;
  }

  protected override beforeRelease(
    scope: Construct,
    cluster: ClusterDescription,
    namespace?: HotNamespace,
  ): ITerraformDependable[] {
    const signIn = this.signIn(cluster);
    const guards = headlampGuards(signIn, this.exposure);
    if (guards.length > 0) {
      publishHost(scope, { host: this.host(cluster), service: `${NAMESPACE}/headlamp`, guards });
    }
    const sso = this.exposure.sso;
    if (signIn !== 'sso' || !sso || !cluster.apiServerOidc) return [];
    const viewers = viewerSubjects(sso, cluster.apiServerOidc);
    if (viewers.length > 0) {
      new ClusterRoleBindingV1(scope, 'sso-viewers', {
        metadata: { name: 'headlamp-sso-viewers' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: READ_ONLY_CLUSTER_ROLE },
        subject: viewers,
      });
    }
    return [
      new SecretV1(scope, 'oidc-secret', {
        metadata: { name: OIDC_SECRET, namespace: NAMESPACE },
        data: { OIDC_CLIENT_SECRET: adminSsoClientSecret(scope) },
        dependsOn: namespace ? [namespace.namespace] : undefined,
      }),
    ];
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    const signIn = this.signIn(cluster);
    const guards = headlampGuards(signIn, this.exposure);
    const host = this.host(cluster);
    const sso = signIn === 'sso' ? this.exposure.sso : undefined;
    return {
      image: { registry: 'ghcr.io', repository: 'headlamp-k8s/headlamp', tag: `v${HEADLAMP_VERSION}` },
      // OIDC sign-in state lives in the process: one replica, so a callback reaches the pod that started it.
      replicaCount: 1,
      config: {
        inCluster: true,
        enableHelm: false,
        watchPlugins: false,
        unsafeUseServiceAccountToken: signIn === 'service-account',
        oidc: {
          secret: { create: false },
          externalSecret: sso ? { enabled: true, name: OIDC_SECRET, hasScopes: true } : { enabled: false },
          usePKCE: sso !== undefined,
        },
      },
      env: sso
        ? [
            { name: 'OIDC_CLIENT_ID', value: sso.clientId },
            { name: 'OIDC_ISSUER_URL', value: sso.issuerUrl },
            {
              name: 'OIDC_SCOPES',
              value: ['profile', 'email', ...(sso.claim === 'groups' ? ['groups'] : [])].join(','),
            },
            { name: 'OIDC_USE_PKCE', value: 'true' },
            { name: 'OIDC_CALLBACK_URL', value: `https://${host}/oidc-callback` },
          ]
        : [],
      // In-cluster mode finds the API server through the token's mount; with SSO the token grants nothing.
      automountServiceAccountToken: true,
      serviceAccount: { create: true, name: 'headlamp' },
      clusterRoleBinding:
        signIn === 'service-account' ? { create: true, clusterRoleName: READ_ONLY_CLUSTER_ROLE } : { create: false },
      podSecurityContext: {
        runAsNonRoot: true,
        runAsUser: HEADLAMP_UID,
        runAsGroup: HEADLAMP_GID,
        fsGroup: HEADLAMP_GID,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      securityContext: { ...RESTRICTED_CONTAINER, runAsUser: HEADLAMP_UID, runAsGroup: HEADLAMP_GID },
      resources: resources('50m', '128Mi', '512Mi'),
      ...onCorePool(cluster),
      ingress:
        guards.length > 0
          ? {
              enabled: true,
              ingressClassName: INGRESS_CLASS,
              annotations: {
                'cert-manager.io/cluster-issuer': CLUSTER_ISSUER_PROD,
                ...adminIngressAnnotations(this.exposure),
              },
              hosts: [{ host, paths: [{ path: '/', type: 'Prefix' }] }],
              tls: [{ secretName: 'headlamp-tls', hosts: [host] }],
            }
          : { enabled: false },
      httpRoute: { enabled: false },
      pluginsManager: { enabled: false },
      persistentVolumeClaim: { enabled: false },
    };
  }
}
