import { HelmAddOn } from '../helm-addon';

/** The Prometheus Operator's CRDs at v0.93.1, the operator of kube-prometheus-stack 88.5.3. */
export const PROMETHEUS_OPERATOR_CRDS = {
  chart: 'prometheus-operator-crds',
  repository: 'https://prometheus-community.github.io/helm-charts',
  version: '31.0.1',
} as const;

/**
 * ServiceMonitor, PodMonitor, PrometheusRule and the rest as a release of their own, so an add-on that ships
 * a monitor waits for this quick release and not for the whole monitoring stack (kube-prometheus-stack runs
 * with `crds.enabled: false`). The chart keeps them in templates, so upgrades reach them; they are kept on
 * uninstall, like cert-manager's, because deleting a CRD deletes every resource of its kind.
 */
export class PrometheusOperatorCrdsAddOn extends HelmAddOn {
  constructor() {
    super({
      id: 'prometheus-operator-crds',
      chart: PROMETHEUS_OPERATOR_CRDS.chart,
      repository: PROMETHEUS_OPERATOR_CRDS.repository,
      version: PROMETHEUS_OPERATOR_CRDS.version,
      namespace: 'kube-system',
      manageNamespace: false,
      values: { crds: { annotations: { 'helm.sh/resource-policy': 'keep' } } },
    });
  }
}
