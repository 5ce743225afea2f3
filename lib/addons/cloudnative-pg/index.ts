import type { Construct } from 'constructs';
import type { ClusterDescription } from '../../contracts/cluster';
import type { HotNamespace } from '../../core/namespace';
import { CNPG_NAMESPACE, grafanaMayReadDashboards } from '../dashboards';
import { onCorePool, resources } from '../common';
import { HelmAddOn } from '../helm-addon';

/**
 * The CloudNativePG operator. Every HOT app gets its own PostGIS cluster (with the apps); its PodMonitor and
 * Grafana dashboard come from the chart, the dashboard stays in this namespace, where
 * Grafana may read ConfigMaps and nothing else.
 */
export class CloudNativePgAddOn extends HelmAddOn {
  constructor() {
    super({
      id: 'cloudnative-pg',
      chart: 'cloudnative-pg',
      repository: 'https://cloudnative-pg.github.io/charts',
      version: '0.29.0',
      namespace: CNPG_NAMESPACE,
      dependsOn: ['prometheus-operator-crds'],
      // Its webhook; the operator polls every instance's status port in the apps' namespaces.
      network: { webhookPorts: [9443], toAllPods: true },
    });
  }

  protected override beforeRelease(scope: Construct, _cluster: ClusterDescription, namespace?: HotNamespace) {
    return [grafanaMayReadDashboards(scope, CNPG_NAMESPACE, namespace ? [namespace.namespace] : [])];
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    return {
      monitoring: { podMonitorEnabled: true, grafanaDashboard: { create: true } },
      resources: resources('100m', '256Mi'),
      ...onCorePool(cluster),
    };
  }
}

/**
 * The Barman Cloud plugin: WAL archiving and base backups of every CNPG cluster to the S3-compatible backups
 * bucket. It serves the operator over mTLS with a certificate from cert-manager.
 */
export class BarmanCloudPluginAddOn extends HelmAddOn {
  constructor() {
    super({
      id: 'barman-cloud',
      chart: 'plugin-barman-cloud',
      repository: 'https://cloudnative-pg.github.io/charts',
      version: '0.7.0',
      namespace: 'cnpg-system',
      releaseName: 'barman-cloud',
      dependsOn: ['cloudnative-pg', 'cert-manager'],
      manageNamespace: false,
    });
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    return { resources: resources('50m', '128Mi'), ...onCorePool(cluster) };
  }
}
