import type { ClusterDescription } from '../../contracts/cluster';
import { onCorePool, resources } from '../common';
import { HelmAddOn } from '../helm-addon';

/** KEDA: event-driven autoscaling (raw-data-api's Celery workers scale on Redis queue length). */
export class KedaAddOn extends HelmAddOn {
  constructor() {
    super({
      id: 'keda',
      chart: 'keda',
      repository: 'https://kedacore.github.io/charts',
      version: '2.20.2',
      namespace: 'keda',
      // Its ServiceMonitors need the Prometheus Operator CRDs.
      dependsOn: ['prometheus-operator-crds'],
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
