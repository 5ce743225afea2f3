import { LimitRangeV1 } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { NetworkDescription } from '../contracts/cluster';
import { HotNamespace, type PodSecurityException } from './namespace';
import type { NetworkAllowances } from './namespace-network';

/** The label that marks a namespace as an app tenant; policy rules check every such namespace. */
export const TENANT_LABEL = 'hotosm.org/tenant';

/** The CloudNativePG operator's namespace: it polls the status port of every database instance. */
const CNPG_OPERATOR_NAMESPACE = 'cnpg-system';

export interface TenantQuota {
  readonly requestsCpu: string;
  readonly requestsMemoryGiB: number;
  readonly limitsMemoryGiB: number;
  readonly storageGiB: number;
  readonly pods: number;
}

export interface TenantNamespaceProps {
  readonly name: string;
  /** OpenCost groups costs by these: `project` (e.g. field-tm) and `tool` (e.g. odk-central). */
  readonly project: string;
  readonly tool: string;
  /** The Kubernetes group that administers this namespace (and only this one). */
  readonly teamGroup: string;
  /** @default { requestsCpu: '4', requestsMemoryGiB: 8, limitsMemoryGiB: 16, storageGiB: 200, pods: 50 } */
  readonly quota?: TenantQuota;
  /** The cluster's addresses the NetworkPolicies name (the contract's `network`). */
  readonly network: NetworkDescription;
  /** Allow egress to public internet addresses (APIs, S3, SMTP). @default true */
  readonly internetEgress?: boolean;
  /**
   * The app's traffic beyond the tenant baseline (the ingress controller in, the CloudNativePG operator in, the
   * internet out): other apps' namespaces, an in-cluster object store, the cloud's identity endpoint. Lists
   * are added to the baseline's. @default {}
   */
  readonly allowances?: NetworkAllowances;
  /** @default undefined (restricted) */
  readonly podSecurityException?: PodSecurityException;
}

const DEFAULT_QUOTA: TenantQuota = {
  requestsCpu: '4',
  requestsMemoryGiB: 8,
  limitsMemoryGiB: 16,
  storageGiB: 200,
  pods: 50,
};

/** What a team may do in its namespace: run and debug its workloads, never change RBAC or quotas. */
const TEAM_RULES = [
  {
    apiGroups: [''],
    resources: [
      'pods',
      'pods/log',
      'services',
      'endpoints',
      'configmaps',
      'secrets',
      'persistentvolumeclaims',
      'events',
    ],
    verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  },
  { apiGroups: [''], resources: ['pods/exec', 'pods/portforward'], verbs: ['create'] },
  {
    apiGroups: ['apps'],
    resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'],
    verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  },
  {
    apiGroups: ['batch'],
    resources: ['jobs', 'cronjobs'],
    verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  },
  {
    apiGroups: ['networking.k8s.io'],
    resources: ['ingresses'],
    verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  },
  {
    apiGroups: ['autoscaling'],
    resources: ['horizontalpodautoscalers'],
    verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  },
  {
    apiGroups: ['keda.sh'],
    resources: ['scaledobjects', 'scaledjobs'],
    verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  },
  {
    apiGroups: ['postgresql.cnpg.io'],
    resources: ['clusters', 'backups', 'scheduledbackups'],
    verbs: ['get', 'list', 'watch'],
  },
];

/**
 * An app's namespace in the shared cluster (the Azavea seed): Pod Security by the convention, cost labels,
 * a ResourceQuota (no LoadBalancer Services: traffic enters through the shared ingress) and LimitRange,
 * default-deny NetworkPolicies (`NamespaceNetworkPolicies`) with allowances for DNS, the API server, the ingress
 * controller, monitoring, the CloudNativePG operator, the namespace itself and the internet, and a
 * namespace-admin Role for the app's team.
 */
export class TenantNamespace extends Construct {
  public readonly name: string;
  /** The namespace and its NetworkPolicies: what the app's objects wait for. */
  public readonly ready: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: TenantNamespaceProps) {
    super(scope, id);
    const quota = props.quota ?? DEFAULT_QUOTA;
    const namespace = new HotNamespace(this, 'namespace', {
      name: props.name,
      costLabels: { project: props.project, tool: props.tool, [TENANT_LABEL]: 'true' },
      podSecurityException: props.podSecurityException,
      network: {
        description: props.network,
        // The app's pods call the API (CloudNativePG's instance manager does), its users come through the
        // ingress controller, and the CloudNativePG operator polls each database instance.
        allowances: {
          ...props.allowances,
          internet: props.internetEgress ?? true,
          fromIngressController: true,
          // Apps call each other's public hosts (DroneTM the login, Enketo Central, the S3 gateway).
          toIngressController: true,
          fromNamespaces: [CNPG_OPERATOR_NAMESPACE, ...(props.allowances?.fromNamespaces ?? [])],
        },
      },
    });
    this.name = props.name;
    this.ready = namespace.ready;
    const meta = (name: string) => ({ name, namespace: props.name });
    const after = [namespace.namespace];

    new ResourceQuotaV1(this, 'quota', {
      metadata: meta('tenant-quota'),
      spec: {
        hard: {
          'requests.cpu': quota.requestsCpu,
          'requests.memory': `${quota.requestsMemoryGiB}Gi`,
          'limits.memory': `${quota.limitsMemoryGiB}Gi`,
          'requests.storage': `${quota.storageGiB}Gi`,
          pods: String(quota.pods),
          'services.loadbalancers': '0',
          'services.nodeports': '0',
        },
      },
      dependsOn: after,
    });
    new LimitRangeV1(this, 'limits', {
      metadata: meta('tenant-defaults'),
      spec: {
        limit: [
          {
            type: 'Container',
            defaultRequest: { cpu: '100m', memory: '128Mi' },
            default: { memory: '512Mi' },
            max: { memory: `${quota.limitsMemoryGiB}Gi` },
          },
        ],
      },
      dependsOn: after,
    });

    const role = new RoleV1(this, 'team-role', {
      metadata: meta('namespace-admin'),
      rule: TEAM_RULES.map((r) => ({ apiGroups: r.apiGroups, resources: r.resources, verbs: r.verbs })),
      dependsOn: after,
    });
    new RoleBindingV1(this, 'team-binding', {
      metadata: meta('namespace-admin'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
      subject: [{ kind: 'Group', name: props.teamGroup, apiGroup: 'rbac.authorization.k8s.io' }],
      dependsOn: after,
    });
  }
}
