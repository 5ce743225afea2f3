import type { ClusterDescription } from '../../contracts/cluster';
import { INGRESS_CLASS, INGRESS_NAMESPACE, onCorePool, resources } from '../common';
import { HelmAddOn } from '../helm-addon';

/**
 * Traefik as the one ingress controller: serves plain Ingress (HOT's charts template Ingress) and Gateway API,
 * behind the cloud's load balancer (annotations from the contract). Replaces ingress-nginx, retired upstream.
 */
export class IngressAddOn extends HelmAddOn {
  constructor() {
    super({
      id: 'ingress',
      chart: 'traefik',
      repository: 'https://traefik.github.io/charts',
      version: '41.3.0',
      namespace: INGRESS_NAMESPACE,
      releaseName: 'traefik',
    });
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    return {
      deployment: { replicas: 2 },
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      ingressClass: { enabled: true, isDefaultClass: true, name: INGRESS_CLASS },
      gatewayClass: { enabled: true, name: INGRESS_CLASS },
      gateway: { enabled: true },
      providers: {
        kubernetesCRD: { enabled: true },
        kubernetesIngress: { enabled: true, publishedService: { enabled: true } },
        kubernetesGateway: { enabled: true },
      },
      ports: {
        // ACME HTTP-01 challenges must answer on plain HTTP; everything else is redirected to HTTPS.
        web: {
          allowACMEByPass: true,
          http: { redirections: { entryPoint: { to: 'websecure', scheme: 'https', permanent: true } } },
        },
      },
      service: { annotations: { ...cluster.ingress.loadBalancerAnnotations } },
      resources: resources('100m', '256Mi'),
      ...onCorePool(cluster),
    };
  }
}
