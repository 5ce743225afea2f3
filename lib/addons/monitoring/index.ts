import type { Release } from '@cdktf/provider-helm/lib/release';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Annotations, TerraformOutput, type ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { AlertSettings } from '../../config/schema-parts';
import type { ClusterDescription } from '../../contracts/cluster';
import { GeneratedPassword } from '../../core/generated-password';
import { HotNamespace } from '../../core/namespace';
import { publishHost } from '../../core/published-hosts';
import { sensitiveVariable } from '../../core/sensitive-variable';
import { adminIngressAnnotations, adminSsoClientSecret, type AdminExposure } from '../admin-access';
import { MONITORING_NAMESPACE, onCorePool, resources, tlsIngressValues } from '../common';
import { DASHBOARD_NAMESPACES } from '../dashboards';
import { HelmAddOn } from '../helm-addon';
import { ALERT_SECRET, SLACK_WEBHOOK_KEY, SMTP_PASSWORD_KEY, alertmanagerConfig, hasReceiver } from './alerts';
import { GRAFANA_SSO_SECRET, grafanaSso } from './grafana-sso';
import { kedaDashboard } from './keda-dashboard';

/** The Prometheus Service of the release, for OpenCost and other consumers. */
export const PROMETHEUS_SERVICE = {
  name: 'kube-prometheus-stack-prometheus',
  namespace: MONITORING_NAMESPACE,
  port: 9090,
};
const GRAFANA_ADMIN_SECRET = 'grafana-admin';

/** The node exporter's own namespace: the one place of this release that runs below `restricted`. */
export const NODE_EXPORTER_NAMESPACE = 'node-exporter';

export interface MonitoringAddOnProps {
  readonly alerts: AlertSettings;
  /** How Grafana is published (SSO, allow-list, or not at all). */
  readonly adminAccess: AdminExposure;
}

/**
 * kube-prometheus-stack: Prometheus (15 days, on the `standard` class), Alertmanager with the configured
 * receivers, node exporter and Grafana behind TLS on `grafana.<baseDomain>` with a generated admin password.
 * Dashboards for CloudNativePG (from its chart) and KEDA (here) are picked up by Grafana's sidecar in every
 * namespace. The Prometheus Operator's CRDs come first, as an add-on of their own (`prometheus-operator-crds`),
 * which is all an add-on with ServiceMonitors or PodMonitors waits for. Control-plane
 * components no cloud here exposes (controller-manager, scheduler, etcd) are not scraped, nor kube-proxy
 * where the CNI replaces it: their `*Down` alerts would fire forever.
 */
export class MonitoringAddOn extends HelmAddOn {
  private readonly alerts: AlertSettings;
  private readonly exposure: AdminExposure;

  constructor(props: MonitoringAddOnProps) {
    super({
      id: 'monitoring',
      chart: 'kube-prometheus-stack',
      repository: 'https://prometheus-community.github.io/helm-charts',
      version: '88.5.3',
      namespace: MONITORING_NAMESPACE,
      releaseName: 'kube-prometheus-stack',
      dependsOn: ['prometheus-operator-crds', 'storage-classes'],
      needs: ['volumes'],
      network: {
        // The operator's webhook; Prometheus scrapes every pod and the nodes (kubelet, node exporter, kube-proxy);
        // Alertmanager's receivers and the SSO issuer are on the internet; OpenCost and KEDA read Prometheus.
        webhookPorts: [10250],
        toAllPods: true,
        nodePorts: [9100, 10249, 10250],
        internet: true,
        fromIngressController: props.adminAccess.published,
        fromNamespaces: ['opencost', 'keda'],
      },
    });
    this.alerts = props.alerts;
    this.exposure = props.adminAccess;
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    const placement = onCorePool(cluster);
    const grafanaHost = `grafana.${cluster.dns.baseDomain}`;
    const config = alertmanagerConfig(this.alerts);
    return {
      crds: { enabled: false },
      kubeControllerManager: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeEtcd: { enabled: false },
      kubeProxy: { enabled: cluster.capabilities.kubeProxy },
      grafana: {
        admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: 'admin-user', passwordKey: 'admin-password' },
        ingress: this.exposure.published
          ? {
              enabled: true,
              ...tlsIngressValues(grafanaHost, 'grafana-tls'),
              annotations: {
                ...tlsIngressValues(grafanaHost, 'grafana-tls').annotations,
                ...adminIngressAnnotations(this.exposure),
              },
            }
          : { enabled: false },
        // A Role in its own namespace instead of a ClusterRole that reads ConfigMaps and Secrets everywhere;
        // the dashboard namespaces grant it ConfigMaps only.
        rbac: { namespaced: true },
        sidecar: {
          dashboards: {
            enabled: true,
            label: 'grafana_dashboard',
            labelValue: '1',
            searchNamespace: DASHBOARD_NAMESPACES.join(','),
            // ConfigMaps only: the dashboard namespaces grant no Secrets, and a refused list stops the sidecar.
            resource: 'configmap',
          },
          resources: resources('20m', '96Mi', '256Mi'),
        },
        ...grafanaSso(this.exposure, grafanaHost),
        resources: resources('50m', '256Mi', '512Mi'),
        testFramework: { enabled: false },
        ...placement,
      },
      prometheus: {
        prometheusSpec: {
          retention: '15d',
          retentionSize: '45GB',
          // Pick up ServiceMonitors, PodMonitors, rules, probes and scrape configs of every release.
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
          probeSelectorNilUsesHelmValues: false,
          scrapeConfigSelectorNilUsesHelmValues: false,
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
      alertmanager: {
        ...(config ? { config } : {}),
        alertmanagerSpec: {
          resources: resources('20m', '64Mi', '256Mi'),
          ...(config ? { secrets: [ALERT_SECRET] } : {}),
          ...placement,
        },
      },
      prometheusOperator: {
        resources: resources('50m', '128Mi', '512Mi'),
        // The hook Jobs that create and patch the webhook's certificate run before the operator does.
        admissionWebhooks: { patch: { resources: resources('10m', '32Mi', '64Mi'), ...placement } },
        ...placement,
      },
      'kube-state-metrics': { resources: resources('20m', '128Mi', '512Mi'), ...placement },
      'prometheus-node-exporter': {
        namespaceOverride: NODE_EXPORTER_NAMESPACE,
        resources: resources('20m', '32Mi', '128Mi'),
      },
    };
  }

  protected override beforeRelease(
    scope: Construct,
    cluster: ClusterDescription,
    namespace?: HotNamespace,
  ): ITerraformDependable[] {
    const namespaceOnly = namespace ? [namespace.namespace] : [];
    const nodeExporter = new HotNamespace(scope, 'node-exporter-namespace', {
      name: NODE_EXPORTER_NAMESPACE,
      // Host-network pods are outside NetworkPolicies; the namespace still denies anything else by default.
      network: { allowances: { apiServer: false }, description: cluster.network },
      podSecurityException: {
        level: 'privileged',
        reason: 'The node exporter reads host /proc and /sys with hostNetwork and hostPID to report node metrics.',
      },
    });
    const password = new GeneratedPassword(scope, 'grafana-admin');
    new TerraformOutput(scope, 'grafana-admin-password', { staticId: true, value: password.value, sensitive: true });
    const created: ITerraformDependable[] = [
      new SecretV1(scope, 'grafana-admin-secret', {
        metadata: { name: GRAFANA_ADMIN_SECRET, namespace: MONITORING_NAMESPACE },
        data: { 'admin-user': 'admin', 'admin-password': password.value },
        dependsOn: namespaceOnly,
      }),
    ];
    created.push(...nodeExporter.ready);
    if (this.exposure.sso) {
      created.push(
        new SecretV1(scope, 'grafana-sso-secret', {
          metadata: { name: GRAFANA_SSO_SECRET, namespace: MONITORING_NAMESPACE },
          data: { 'client-secret': adminSsoClientSecret(scope) },
          dependsOn: namespaceOnly,
        }),
      );
    }
    if (this.exposure.published) {
      publishHost(scope, {
        host: `grafana.${cluster.dns.baseDomain}`,
        service: `${MONITORING_NAMESPACE}/kube-prometheus-stack-grafana`,
        guards: this.exposure.guards,
      });
    }
    const notifiers = this.notifierSecret(scope, namespaceOnly);
    if (notifiers) created.push(notifiers);
    else {
      Annotations.of(scope).addWarning(
        `${cluster.environment}: Alertmanager has no receiver, so alerts notify nobody; set platform.alerts.email or platform.alerts.slack`,
      );
    }
    return created;
  }

  /** The receivers' credentials, from sensitive variables of the stack (TF_VAR_... or workspace variables). */
  private notifierSecret(scope: Construct, dependsOn: ITerraformDependable[]): SecretV1 | undefined {
    if (!hasReceiver(this.alerts)) return undefined;
    const data: Record<string, string> = {};
    if (this.alerts.email?.username) {
      data[SMTP_PASSWORD_KEY] = sensitiveVariable(
        scope,
        'alert_smtp_password',
        'SMTP password of the alert relay',
      ).stringValue;
    }
    if (this.alerts.slack) {
      data[SLACK_WEBHOOK_KEY] = sensitiveVariable(
        scope,
        'alert_slack_webhook_url',
        'Slack incoming-webhook URL for alerts',
      ).stringValue;
    }
    return new SecretV1(scope, 'alert-notifiers', {
      metadata: { name: ALERT_SECRET, namespace: MONITORING_NAMESPACE },
      data,
      dependsOn,
    });
  }

  protected override afterRelease(scope: Construct, _cluster: ClusterDescription, release: Release): void {
    new ConfigMapV1(scope, 'keda-dashboard', {
      metadata: { name: 'keda-dashboard', namespace: MONITORING_NAMESPACE, labels: { grafana_dashboard: '1' } },
      data: { 'keda.json': JSON.stringify(kedaDashboard()) },
      dependsOn: [release],
    });
  }
}
