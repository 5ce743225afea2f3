import type { Release } from '@cdktf/provider-helm/lib/release';
import type { Construct } from 'constructs';
import type { ClusterDescription } from '../../contracts/cluster';
import { ObjectsRelease } from '../../core/objects-release';
import { allowListMiddleware } from '../admin-access';
import { INGRESS_CLASS, INGRESS_NAMESPACE, onCorePool, resources } from '../common';
import { HelmAddOn } from '../helm-addon';
import { INGRESS_ENTRYPOINT_PORTS as ENTRYPOINT_PORTS } from '../../core/namespace-network';

/** The Secret the Gateway's HTTPS listener serves: a wildcard certificate for the environment's domain. */
export const GATEWAY_TLS_SECRET = 'gateway-wildcard-tls';
/** Traefik's container ports of its `web` and `websecure` entrypoints; Gateway listeners bind to them. */

/**
 * The Gateway Traefik renders: HTTP (redirected to HTTPS like every route on the `web` entrypoint) and HTTPS
 * with the wildcard certificate, routes from every namespace. Only where DNS-01 can issue that wildcard.
 */
function gatewayValues(cluster: ClusterDescription): Record<string, unknown> {
  if (!cluster.dns.dns01Solver) return { enabled: false };
  const fromAll = { from: 'All' };
  return {
    enabled: true,
    listeners: {
      web: { port: ENTRYPOINT_PORTS.web, protocol: 'HTTP', namespacePolicy: fromAll },
      websecure: {
        port: ENTRYPOINT_PORTS.websecure,
        protocol: 'HTTPS',
        hostname: `*.${cluster.dns.baseDomain}`,
        mode: 'Terminate',
        certificateRefs: [{ kind: 'Secret', name: GATEWAY_TLS_SECRET }],
        namespacePolicy: fromAll,
      },
    },
  };
}

/**
 * Traefik as the one ingress controller: serves plain Ingress (HOT's charts template Ingress) and Gateway API,
 * behind the cloud's load balancer (annotations from the contract). Replaces ingress-nginx, retired upstream.
 * The Gateway API CRDs come first, as their own add-on.
 */
export interface IngressAddOnProps {
  /** Sources allowed to reach the admin UIs: a Traefik allow-list middleware they reference. @default [] */
  readonly adminAllowedCidrs?: readonly string[];
}

export class IngressAddOn extends HelmAddOn {
  private readonly adminAllowedCidrs: readonly string[];

  constructor(props: IngressAddOnProps = {}) {
    super({
      id: 'ingress',
      chart: 'traefik',
      repository: 'https://traefik.github.io/charts',
      version: '41.3.0',
      namespace: INGRESS_NAMESPACE,
      releaseName: 'traefik',
      dependsOn: ['gateway-api-crds'],
      needs: ['load-balancers'],
      // The entrypoints from anywhere (the load balancer keeps the visitor's address); out to every backend.
      // The internet through the load balancer, and pods calling the cluster's own public hosts (the network
      // plugin may hand those straight to these pods, from pod addresses no ipBlock matches).
      network: {
        publicPorts: [ENTRYPOINT_PORTS.web, ENTRYPOINT_PORTS.websecure],
        fromAllNamespacesPorts: [ENTRYPOINT_PORTS.web, ENTRYPOINT_PORTS.websecure],
        toAllPods: true,
      },
    });
    this.adminAllowedCidrs = props.adminAllowedCidrs ?? [];
  }

  /** The admin UIs' allow-list, once the release has installed Traefik's Middleware CRD. */
  protected override afterRelease(scope: Construct, _cluster: ClusterDescription, release: Release): void {
    if (this.adminAllowedCidrs.length === 0) return;
    new ObjectsRelease(scope, 'admin-allow-list', {
      releaseName: 'admin-allow-list',
      namespace: INGRESS_NAMESPACE,
      objects: [allowListMiddleware(this.adminAllowedCidrs)],
      dependsOn: [release],
    });
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    const clientAddress = cluster.ingress.clientAddress;
    // The chart renders nothing for an empty list: no PROXY protocol where the load balancer sends none.
    const proxyProtocol = { proxyProtocol: { trustedIPs: [...clientAddress.proxyProtocolTrustedCidrs] } };
    return {
      deployment: { replicas: 2 },
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      ingressClass: { enabled: true, isDefaultClass: true, name: INGRESS_CLASS },
      gatewayClass: { enabled: true, name: INGRESS_CLASS },
      gateway: gatewayValues(cluster),
      providers: {
        kubernetesCRD: { enabled: true },
        kubernetesIngress: { enabled: true, publishedService: { enabled: true } },
        kubernetesGateway: { enabled: true },
      },
      ports: {
        // ACME HTTP-01 challenges must answer on plain HTTP; everything else is redirected to HTTPS, where the
        // Gateway's HTTPS listener (and every Ingress with TLS) serves it.
        web: {
          allowACMEByPass: true,
          http: { redirections: { entryPoint: { to: 'websecure', scheme: 'https', permanent: true } } },
          ...proxyProtocol,
        },
        websecure: { ...proxyProtocol },
      },
      // Source allow-lists (the admin UIs') match the visitor's address, so it must survive the way in.
      service: {
        annotations: { ...cluster.ingress.loadBalancerAnnotations },
        spec: { externalTrafficPolicy: clientAddress.externalTrafficPolicy },
      },
      resources: resources('100m', '256Mi'),
      ...onCorePool(cluster),
    };
  }
}
