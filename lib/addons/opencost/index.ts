import type { ClusterDescription } from '../../contracts/cluster';
import { onCorePool, resources, MONITORING_NAMESPACE } from '../common';
import { HelmAddOn } from '../helm-addon';
import { PROMETHEUS_SERVICE } from '../monitoring';

/** The images' own user (opencost and opencost-ui Dockerfiles: `USER 1001`). */
const OPENCOST_UID = 1001;

/**
 * Restricted, but with a writable root filesystem: the UI's entrypoint rewrites its JavaScript and nginx
 * configuration in the image at start, and the exporter writes its pricing configuration under /var/configs.
 */
const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: false,
  runAsNonRoot: true,
  runAsUser: OPENCOST_UID,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/**
 * OpenCost: cost per namespace, and per `project`/`tool` label (the labels HOT puts on app pods and the
 * namespace convention adds), from the cluster's own Prometheus. The cluster id it reports is the cluster's
 * name (`defaultClusterId`); the chart's `clusterName` is the cluster DNS suffix and stays `cluster.local`.
 */
export class OpenCostAddOn extends HelmAddOn {
  constructor() {
    super({
      id: 'opencost',
      chart: 'opencost',
      repository: 'https://opencost.github.io/opencost-helm-chart',
      version: '2.5.17',
      namespace: 'opencost',
      // Its ServiceMonitor needs the Prometheus Operator's CRDs; Prometheus itself is read at run time.
      dependsOn: ['prometheus-operator-crds'],
      // Prometheus for usage, the clouds' public pricing APIs.
      network: { internet: true, toNamespaces: [MONITORING_NAMESPACE] },
    });
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    return {
      podSecurityContext: {
        runAsNonRoot: true,
        runAsUser: OPENCOST_UID,
        fsGroup: OPENCOST_UID,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      opencost: {
        prometheus: {
          internal: {
            enabled: true,
            serviceName: PROMETHEUS_SERVICE.name,
            namespaceName: PROMETHEUS_SERVICE.namespace,
            port: PROMETHEUS_SERVICE.port,
          },
        },
        exporter: {
          defaultClusterId: cluster.clusterName,
          resources: resources('50m', '256Mi', '1Gi'),
          securityContext: CONTAINER_SECURITY,
        },
        ui: { enabled: true, resources: resources('10m', '64Mi', '128Mi'), securityContext: CONTAINER_SECURITY },
        metrics: { serviceMonitor: { enabled: true } },
        ...onCorePool(cluster),
      },
    };
  }
}
