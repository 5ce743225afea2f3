import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { ClusterDescription } from '../../contracts/cluster';
import { GeneratedPassword } from '../../core/generated-password';
import { INGRESS_CLASS, CLUSTER_ISSUER_PROD, onCorePool, resources } from '../common';
import { HelmAddOn, type SensitiveValue } from '../helm-addon';

/** The local account with the built-in read-only role: a view of every application, no changes. */
export const ARGOCD_VIEWER = 'viewer';

export interface ArgoCdAddOnProps {
  /** Kubernetes/SSO groups mapped to ArgoCD's admin role. */
  readonly adminGroups: readonly string[];
}

/**
 * ArgoCD for the apps HOT deploys from Git (the OSM sandbox dashboard, later every app), its UI behind TLS on
 * `argocd.<baseDomain>`. The admin and the read-only `viewer` passwords are generated: they exist only in
 * Terraform state and in the sensitive outputs, never in code or synthesized JSON.
 */
export class ArgoCdAddOn extends HelmAddOn {
  private readonly adminGroups: readonly string[];

  constructor(props: ArgoCdAddOnProps) {
    super({
      id: 'argocd',
      chart: 'argo-cd',
      repository: 'https://argoproj.github.io/argo-helm',
      version: '10.1.1',
      namespace: 'argocd',
      releaseName: 'argocd',
      dependsOn: ['ingress', 'cert-manager'],
    });
    this.adminGroups = props.adminGroups;
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    const host = `argocd.${cluster.dns.baseDomain}`;
    const policy = [`g, ${ARGOCD_VIEWER}, role:readonly`, ...this.adminGroups.map((g) => `g, ${g}, role:admin`)];
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
        rbac: { 'policy.default': '', 'policy.csv': `${policy.join('\n')}\n` },
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
      dex: { enabled: false },
    };
  }

  protected override sensitiveValues(scope: Construct): SensitiveValue[] {
    const admin = new GeneratedPassword(scope, 'admin-password');
    const viewer = new GeneratedPassword(scope, 'viewer-password');
    new TerraformOutput(scope, 'argocd-admin-password', { value: admin.value, sensitive: true });
    new TerraformOutput(scope, 'argocd-viewer-password', { value: viewer.value, sensitive: true });
    return [
      { name: 'configs.secret.argocdServerAdminPassword', value: admin.bcryptHash },
      { name: `configs.secret.extra.accounts\\.${ARGOCD_VIEWER}\\.password`, value: viewer.bcryptHash },
    ];
  }
}
