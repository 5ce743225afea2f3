import type { ClusterDescription } from '../../contracts/cluster';
import { onCorePool, resources } from '../common';
import { HelmAddOn } from '../helm-addon';
import { PROMETHEUS_SERVICE } from '../monitoring';

/**
 * OpenCost: cost per namespace, and per `project`/`tool` label (the labels HOT puts on app pods and the
 * namespace convention adds), from the cluster's own Prometheus.
 */
export class OpenCostAddOn extends HelmAddOn {
  constructor() {
    super({
      id: 'opencost',
      chart: 'opencost',
      repository: 'https://opencost.github.io/opencost-helm-chart',
      version: '2.5.17',
      namespace: 'opencost',
      dependsOn: ['monitoring'],
    });
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    return {
      clusterName: cluster.clusterName,
      opencost: {
        prometheus: {
          internal: {
            enabled: true,
            serviceName: PROMETHEUS_SERVICE.name,
            namespaceName: PROMETHEUS_SERVICE.namespace,
            port: PROMETHEUS_SERVICE.port,
          },
        },
        exporter: { resources: resources('50m', '256Mi', '1Gi') },
        ui: { enabled: true },
        metrics: { serviceMonitor: { enabled: true } },
        ...onCorePool(cluster),
      },
    };
  }
}
