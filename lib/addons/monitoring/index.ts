import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { Release } from '@cdktf/provider-helm/lib/release';
import type { ClusterDescription } from '../../contracts/cluster';
import { GeneratedPassword } from '../../core/generated-password';
import type { HotNamespace } from '../../core/namespace';
import { MONITORING_NAMESPACE, onCorePool, resources, tlsIngressValues } from '../common';
import { HelmAddOn } from '../helm-addon';
import { kedaDashboard } from './keda-dashboard';

/** The Prometheus Service of the release, for OpenCost and other consumers. */
export const PROMETHEUS_SERVICE = {
  name: 'kube-prometheus-stack-prometheus',
  namespace: MONITORING_NAMESPACE,
  port: 9090,
};
const GRAFANA_ADMIN_SECRET = 'grafana-admin';

/**
 * kube-prometheus-stack: Prometheus (15 days, on the `standard` class), Alertmanager, node exporter and
 * Grafana behind TLS on `grafana.<baseDomain>` with a generated admin password. Dashboards for CloudNativePG
 * (from its chart) and KEDA (here) are picked up by Grafana's sidecar in every namespace.
 */
export class MonitoringAddOn extends HelmAddOn {
  constructor() {
    super({
      id: 'monitoring',
      chart: 'kube-prometheus-stack',
      repository: 'https://prometheus-community.github.io/helm-charts',
      version: '88.5.3',
      namespace: MONITORING_NAMESPACE,
      releaseName: 'kube-prometheus-stack',
      dependsOn: ['ingress', 'cert-manager', 'storage-classes'],
      podSecurityException: {
        level: 'privileged',
        reason: 'The node exporter reads host /proc and /sys with hostNetwork and hostPID to report node metrics.',
      },
    });
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    const placement = onCorePool(cluster);
    const grafanaHost = `grafana.${cluster.dns.baseDomain}`;
    return {
      grafana: {
        admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: 'admin-user', passwordKey: 'admin-password' },
        ingress: { enabled: true, ...tlsIngressValues(grafanaHost, 'grafana-tls') },
        sidecar: { dashboards: { enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'ALL' } },
        ...placement,
      },
      prometheus: {
        prometheusSpec: {
          retention: '15d',
          retentionSize: '45GB',
          // Pick up ServiceMonitors and PodMonitors of every release, not only this one's.
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
          probeSelectorNilUsesHelmValues: false,
          // The volume claim goes with the StatefulSet, so destroying the release leaves no PVC behind
          // (the `standard` class keeps the volume itself).
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
          storageSpec: {
            volumeClaimTemplate: {
              spec: {
                storageClassName: 'standard',
                accessModes: ['ReadWriteOnce'],
                resources: { requests: { storage: '50Gi' } },
              },
            },
          },
          resources: resources('200m', '2Gi', '4Gi'),
          ...placement,
        },
      },
      alertmanager: { alertmanagerSpec: { ...placement } },
      prometheusOperator: { ...placement },
      'kube-state-metrics': { ...placement },
    };
  }

  protected override beforeRelease(scope: Construct, _cluster: ClusterDescription, namespace?: HotNamespace) {
    const password = new GeneratedPassword(scope, 'grafana-admin');
    new TerraformOutput(scope, 'grafana-admin-password', { value: password.value, sensitive: true });
    return [
      new SecretV1(scope, 'grafana-admin-secret', {
        metadata: { name: GRAFANA_ADMIN_SECRET, namespace: MONITORING_NAMESPACE },
        data: { 'admin-user': 'admin', 'admin-password': password.value },
        dependsOn: namespace ? [namespace.namespace] : undefined,
      }),
    ];
  }

  protected override afterRelease(scope: Construct, _cluster: ClusterDescription, release: Release): void {
    new ConfigMapV1(scope, 'keda-dashboard', {
      metadata: { name: 'keda-dashboard', namespace: MONITORING_NAMESPACE, labels: { grafana_dashboard: '1' } },
      data: { 'keda.json': JSON.stringify(kedaDashboard()) },
      dependsOn: [release],
    });
  }
}
