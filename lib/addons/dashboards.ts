import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { MONITORING_NAMESPACE } from './common';

export const CNPG_NAMESPACE = 'cnpg-system';
/** Grafana's ServiceAccount in the kube-prometheus-stack release. */
const GRAFANA_SERVICE_ACCOUNT = 'kube-prometheus-stack-grafana';
/**
 * Where Grafana's dashboard sidecar looks for dashboard ConfigMaps. Grafana's RBAC is namespaced, so every
 * namespace but its own grants it read access to ConfigMaps there (`grafanaMayReadDashboards`).
 */
export const DASHBOARD_NAMESPACES = [MONITORING_NAMESPACE, CNPG_NAMESPACE] as const;

/** Lets Grafana's sidecar read ConfigMaps (never Secrets) in `namespace`, for the dashboards a chart puts there. */
export function grafanaMayReadDashboards(
  scope: Construct,
  namespace: string,
  after: ITerraformDependable[],
): ITerraformDependable {
  const meta = { name: 'grafana-dashboards', namespace };
  const role = new RoleV1(scope, 'grafana-dashboards-role', {
    metadata: meta,
    rule: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
    dependsOn: after,
  });
  return new RoleBindingV1(scope, 'grafana-dashboards-binding', {
    metadata: meta,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
    subject: [{ kind: 'ServiceAccount', name: GRAFANA_SERVICE_ACCOUNT, namespace: MONITORING_NAMESPACE }],
    dependsOn: after,
  });
}
