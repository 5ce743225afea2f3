import { ClusterRoleBindingV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { ClusterRoleV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-v1';
import type { Construct } from 'constructs';
import type { AddOn } from '../../contracts/addon';

export const READ_ONLY_CLUSTER_ROLE = 'hot-read-only';

const READ = ['get', 'list', 'watch'];

/** Everything a viewer may see: workloads, networking, storage and HOT's custom resources, never Secrets. */
const READ_ONLY_RULES = [
  {
    apiGroups: [''],
    resources: [
      'pods',
      'pods/log',
      'services',
      'endpoints',
      'configmaps',
      'persistentvolumeclaims',
      'persistentvolumes',
      'namespaces',
      'nodes',
      'events',
      'resourcequotas',
      'limitranges',
    ],
  },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'] },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'] },
  { apiGroups: ['gateway.networking.k8s.io'], resources: ['gateways', 'httproutes'] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'] },
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'] },
  { apiGroups: ['keda.sh'], resources: ['scaledobjects', 'scaledjobs'] },
  { apiGroups: ['postgresql.cnpg.io'], resources: ['clusters', 'backups', 'scheduledbackups'] },
  { apiGroups: ['argoproj.io'], resources: ['applications', 'workflows'] },
  { apiGroups: ['cert-manager.io'], resources: ['certificates', 'clusterissuers'] },
];

export interface TenancyAddOnProps {
  /** Kubernetes groups bound to the read-only ClusterRole. */
  readonly readOnlyGroups: readonly string[];
}

/** The cluster-wide read-only role (partitioned admin: teams get namespace roles, viewers see everything). */
export class TenancyAddOn implements AddOn {
  public readonly id = 'tenancy';

  constructor(private readonly props: TenancyAddOnProps) {}

  public install(scope: Construct): void {
    const role = new ClusterRoleV1(scope, 'read-only', {
      metadata: { name: READ_ONLY_CLUSTER_ROLE },
      rule: READ_ONLY_RULES.map((r) => ({ ...r, verbs: READ })),
    });
    new ClusterRoleBindingV1(scope, 'read-only-binding', {
      metadata: { name: READ_ONLY_CLUSTER_ROLE },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name },
      subject: this.props.readOnlyGroups.map((name) => ({
        kind: 'Group',
        name,
        apiGroup: 'rbac.authorization.k8s.io',
      })),
    });
  }
}
