import type { ClusterDescription } from '../../contracts/cluster';
import { onCorePool, resources, MONITORING_NAMESPACE } from '../common';
import { HelmAddOn } from '../helm-addon';

export interface KedaAddOnProps {
  /** Namespaces whose queues KEDA's scalers read (DroneTM's Dragonfly). @default [] */
  readonly scaledNamespaces?: readonly string[];
}

/** KEDA: event-driven autoscaling of app workers on their queues' length. */
export class KedaAddOn extends HelmAddOn {
  constructor(props: KedaAddOnProps = {}) {
    super({
      id: 'keda',
      chart: 'keda',
      repository: 'https://kedacore.github.io/charts',
      version: '2.20.2',
      namespace: 'keda',
      // Its ServiceMonitors need the Prometheus Operator CRDs.
      dependsOn: ['prometheus-operator-crds'],
      // Admission webhooks (9443) and the external metrics API (6443); scalers query Prometheus and the internet.
      network: {
        webhookPorts: [9443, 6443],
        internet: true,
        cloudIdentity: true,
        toNamespaces: [MONITORING_NAMESPACE, ...(props.scaledNamespaces ?? [])],
      },
    });
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    const small = resources('50m', '256Mi');
    return {
      resources: { operator: small, metricServer: small, webhooks: resources('20m', '128Mi') },
      prometheus: {
        operator: { enabled: true, serviceMonitor: { enabled: true } },
        metricServer: { enabled: true, serviceMonitor: { enabled: true } },
      },
      ...onCorePool(cluster),
    };
  }
}
