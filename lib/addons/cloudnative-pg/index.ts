import { Release } from '@cdktf/provider-helm/lib/release';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { RELEASE_DEFAULTS } from '../../core/helm';
import type { ClusterDescription } from '../../contracts/cluster';
import type { HotNamespace } from '../../core/namespace';
import { CNPG_NAMESPACE, grafanaMayReadDashboards } from '../dashboards';
import { onCorePool, resources } from '../common';
import { HelmAddOn } from '../helm-addon';

/** The Barman Cloud plugin's chart, a second release in the operator's namespace. */
export const BARMAN_CLOUD_CHART = {
  chart: 'plugin-barman-cloud',
  repository: 'https://cloudnative-pg.github.io/charts',
  version: '0.7.0',
  releaseName: 'barman-cloud',
} as const;

/**
 * The CloudNativePG operator and its Barman Cloud plugin (WAL archiving and base backups of every app
 * database), both in `cnpg-system`. Every HOT app gets its own PostGIS cluster (with the apps); the operator's
 * PodMonitor and Grafana dashboard come from the chart, the dashboard stays in this namespace, where Grafana
 * may read ConfigMaps and nothing else.
 *
 * The plugin is a second release beside the operator's, not after it: its chart needs only cert-manager (an
 * Issuer and Certificates for its mTLS) and the namespace, so the two install side by side and a database
 * waits for one step, not two.
 */
export class CloudNativePgAddOn extends HelmAddOn {
  private plugin?: Release;

  constructor() {
    super({
      id: 'cloudnative-pg',
      chart: 'cloudnative-pg',
      repository: 'https://cloudnative-pg.github.io/charts',
      version: '0.29.0',
      namespace: CNPG_NAMESPACE,
      dependsOn: ['prometheus-operator-crds', 'cert-manager'],
      // Its webhook; the operator polls every instance's status port in the apps' namespaces.
      network: { webhookPorts: [9443], toAllPods: true },
    });
  }

  protected override beforeRelease(scope: Construct, cluster: ClusterDescription, namespace?: HotNamespace) {
    const ready = namespace ? namespace.ready : [];
    this.plugin = new Release(scope, 'barman-cloud', {
      ...RELEASE_DEFAULTS,
      name: BARMAN_CLOUD_CHART.releaseName,
      chart: BARMAN_CLOUD_CHART.chart,
      repository: BARMAN_CLOUD_CHART.repository,
      version: BARMAN_CLOUD_CHART.version,
      namespace: CNPG_NAMESPACE,
      values: [JSON.stringify({ resources: resources('50m', '128Mi'), ...onCorePool(cluster) })],
      dependsOn: ready,
    });
    return [grafanaMayReadDashboards(scope, CNPG_NAMESPACE, namespace ? [namespace.namespace] : [])];
  }

  protected override waitedFor(release: Release): readonly ITerraformDependable[] {
    return this.plugin ? [release, this.plugin] : [release];
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    return {
      monitoring: { podMonitorEnabled: true, grafanaDashboard: { create: true } },
      resources: resources('100m', '256Mi'),
      ...onCorePool(cluster),
    };
  }
}
