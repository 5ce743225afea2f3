import type { ICertificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import type { Construct } from 'constructs';
import type { AddOn } from '../../contracts/addon';
import type { ClusterDescription } from '../../contracts/cluster';
import { ObjectsRelease } from '../../core/objects-release';
import { CLUSTER_ISSUER_PROD, INGRESS_NAMESPACE } from '../common';
import { GATEWAY_TLS_SECRET } from '../ingress';

/** The wildcard certificate of the environment's domain that the Gateway's HTTPS listener serves. */
export function gatewayCertificate(cluster: ClusterDescription): ICertificate {
  const domain = cluster.dns.baseDomain;
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'gateway-wildcard', namespace: INGRESS_NAMESPACE },
    spec: {
      secretName: GATEWAY_TLS_SECRET,
      dnsNames: [domain, `*.${domain}`],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: CLUSTER_ISSUER_PROD },
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
    },
  };
}

/**
 * TLS for the Gateway: a wildcard certificate from Let's Encrypt through DNS-01, the only challenge that can
 * prove a wildcard. Installed only where the contract offers a DNS-01 solver (the ingress add-on renders the
 * Gateway then); elsewhere HTTPRoutes have no Gateway to attach to and apps publish through Ingress.
 */
export class GatewayTlsAddOn implements AddOn {
  public readonly id = 'gateway-tls';
  public readonly dependsOn = ['ingress', 'cert-manager'];

  public install(scope: Construct, cluster: ClusterDescription): void {
    new ObjectsRelease(scope, 'certificate', {
      releaseName: 'gateway-tls',
      namespace: INGRESS_NAMESPACE,
      objects: [gatewayCertificate(cluster)],
    });
  }
}
