import type { IClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer';
import type { Release } from '@cdktf/provider-helm/lib/release';
import type { Construct } from 'constructs';
import type { ClusterDescription } from '../../contracts/cluster';
import { WORKLOADS } from '../../contracts/workloads';
import { ObjectsRelease } from '../../core/objects-release';
import {
  CLUSTER_ISSUER_PROD,
  CLUSTER_ISSUER_STAGING,
  INGRESS_CLASS,
  onCorePool,
  podLabelsFor,
  resources,
  serviceAccountFor,
} from '../common';
import type { HotNamespace } from '../../core/namespace';
import { dnsApiTokenSecret } from '../dns-api-token';
import { HelmAddOn } from '../helm-addon';

const ACME_SERVERS = {
  [CLUSTER_ISSUER_STAGING]: 'https://acme-staging-v02.api.letsencrypt.org/directory',
  [CLUSTER_ISSUER_PROD]: 'https://acme-v02.api.letsencrypt.org/directory',
} as const;

/**
 * The Let's Encrypt ClusterIssuers: HTTP-01 through the shared ingress class everywhere, and DNS-01 for the
 * environment's zone where the contract offers a solver (then wildcard certificates work too). HTTP-01 solver
 * pods run in the namespace of the certificate for a minute or two: on the `core` pool with its tolerations,
 * or, where that pool is tainted, they would never schedule.
 */
export function clusterIssuers(cluster: ClusterDescription, acmeEmail: string): IClusterIssuer[] {
  const podTemplate = { spec: onCorePool(cluster) };
  return Object.entries(ACME_SERVERS).map(([name, server]) => ({
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: { name },
    spec: {
      acme: {
        server,
        email: acmeEmail,
        privateKeySecretRef: { name: `${name}-account-key` },
        solvers: [
          ...(cluster.dns.dns01Solver
            ? [{ selector: { dnsZones: [cluster.dns.baseDomain] }, dns01: { ...cluster.dns.dns01Solver } }]
            : []),
          { http01: { ingress: { ingressClassName: INGRESS_CLASS, podTemplate } } },
        ],
      },
    },
  }));
}

export interface CertManagerAddOnProps {
  /** ACME account e-mail: Let's Encrypt writes here before a certificate expires. */
  readonly acmeEmail: string;
}

/** cert-manager with its CRDs (kept on uninstall, so certificates survive a reinstall) and both issuers. */
export class CertManagerAddOn extends HelmAddOn {
  private readonly acmeEmail: string;

  constructor(props: CertManagerAddOnProps) {
    super({
      id: 'cert-manager',
      chart: 'cert-manager',
      repository: 'https://charts.jetstack.io',
      version: 'v1.21.1',
      namespace: WORKLOADS['cert-manager'].namespace,
      // ACME and DNS APIs on the internet (and its HTTP-01 self-check through the public address), its webhook.
      network: { internet: true, cloudIdentity: true, webhookPorts: [10250] },
    });
    this.acmeEmail = props.acmeEmail;
  }

  /** The DNS-01 solver's token, where the DNS API takes one: ClusterIssuers read Secrets from this namespace. */
  protected override beforeRelease(scope: Construct, cluster: ClusterDescription, namespace?: HotNamespace) {
    const dependsOn = namespace ? [namespace.namespace] : undefined;
    const token = dnsApiTokenSecret(scope, cluster, WORKLOADS['cert-manager'].namespace, dependsOn);
    return token ? [token] : [];
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    const placement = onCorePool(cluster);
    return {
      crds: { enabled: true, keep: true },
      replicaCount: 2,
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      serviceAccount: serviceAccountFor(cluster, 'cert-manager'),
      podLabels: podLabelsFor(cluster, 'cert-manager'),
      resources: resources('50m', '256Mi'),
      ...placement,
      webhook: {
        replicaCount: 2,
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
        resources: resources('20m', '64Mi', '128Mi'),
        ...placement,
      },
      cainjector: { resources: resources('20m', '128Mi', '512Mi'), ...placement },
      startupapicheck: { resources: resources('10m', '32Mi', '64Mi'), ...placement },
    };
  }

  protected override afterRelease(scope: Construct, cluster: ClusterDescription, release: Release): void {
    new ObjectsRelease(scope, 'cluster-issuers', {
      releaseName: 'cluster-issuers',
      namespace: WORKLOADS['cert-manager'].namespace,
      objects: clusterIssuers(cluster, this.acmeEmail),
      dependsOn: [release],
    });
  }
}
