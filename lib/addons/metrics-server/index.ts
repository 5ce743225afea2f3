import type { ClusterDescription } from '../../contracts/cluster';
import { onCorePool, resources } from '../common';
import { HelmAddOn } from '../helm-addon';

/** metrics-server for HPAs and `kubectl top`, on clouds that do not run one (see `capabilities`). */
export class MetricsServerAddOn extends HelmAddOn {
  constructor() {
    super({
      id: 'metrics-server',
      chart: 'metrics-server',
      repository: 'https://kubernetes-sigs.github.io/metrics-server/',
      version: '3.13.1',
      namespace: 'metrics-server',
      // Served to the API server as an aggregated API; reads every kubelet.
      network: { webhookPorts: [10250], nodePorts: [10250] },
    });
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    return {
      replicas: 2,
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      resources: resources('50m', '128Mi'),
      ...onCorePool(cluster),
    };
  }
}
