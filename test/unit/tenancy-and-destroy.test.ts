import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { Testing, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { PlatformService } from '../../lib/contracts/addon';
import { NamespaceNetworkPolicies, type NetworkAllowances } from '../../lib/core/namespace-network';
import { TenantNamespace } from '../../lib/core/tenant-namespace';
import type { StackDocument } from '../../lib/policies/types';
import { evaluatePolicies } from '../../lib/policies/engine';
import { ALL_RULES } from '../../lib/policies/index';
import { AppsStack } from '../../stacks/apps-stack';
import { configureBackend } from '../../providers/backend';
import { fakeCluster, TEST_PLATFORM } from '../support/fake-cluster';

function tenantDocument(): StackDocument {
  const stack = new TerraformStack(Testing.app(), 'apps');
  configureBackend(stack, { type: 'local' });
  fakeCluster().kubernetesProviders(stack);
  new TenantNamespace(stack, 'field-tm', {
    name: 'field-tm',
    project: 'field-tm',
    tool: 'field-tm',
    teamGroup: 'hot:field-tm',
    network: fakeCluster().network,
  });
  return JSON.parse(Testing.synth(stack)) as StackDocument;
}

describe('TenantNamespace', () => {
  const doc = tenantDocument();
  const policies = Object.values(doc.resource?.kubernetes_network_policy_v1 ?? {}).map(
    (p) => [(p.metadata as { name: string }).name, p.spec] as const,
  );

  it('denies all traffic by default and allows DNS, the API server, the namespace itself, the ingress controller both ways, monitoring, the database operator and the internet', () => {
    expect(policies.map(([name]) => name).sort()).toEqual([
      'allow-api-server',
      'allow-dns',
      'allow-from-namespaces',
      'allow-ingress-controller',
      'allow-internet',
      'allow-monitoring',
      'allow-same-namespace',
      'allow-to-ingress-controller',
      'default-deny',
    ]);
    const spec = Object.fromEntries(policies);
    expect(spec['default-deny']).toEqual({ pod_selector: {}, policy_types: ['Ingress', 'Egress'] });
    expect(spec['allow-from-namespaces']).toEqual({
      pod_selector: {},
      policy_types: ['Ingress'],
      ingress: [{ from: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'cnpg-system' } } }] }],
    });
    expect(spec['allow-internet']).toEqual({
      pod_selector: {},
      policy_types: ['Egress'],
      egress: [
        {
          to: [
            {
              ip_block: {
                cidr: '0.0.0.0/0',
                except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'],
              },
            },
          ],
        },
      ],
    });
  });

  it('sets a quota that forbids LoadBalancer and NodePort Services, and default container limits', () => {
    const [quota] = Object.values(doc.resource?.kubernetes_resource_quota_v1 ?? {});
    expect((quota.spec as { hard: Record<string, string> }).hard).toEqual({
      'requests.cpu': '4',
      'requests.memory': '8Gi',
      'limits.memory': '16Gi',
      'requests.storage': '200Gi',
      pods: '50',
      'services.loadbalancers': '0',
      'services.nodeports': '0',
    });
    const [limits] = Object.values(doc.resource?.kubernetes_limit_range_v1 ?? {});
    expect(limits.spec).toMatchObject({
      limit: [{ type: 'Container', default_request: { cpu: '100m', memory: '128Mi' } }],
    });
  });

  it('gives the team a namespace-admin Role without wildcards, and labels the namespace for cost tracking', () => {
    const [binding] = Object.values(doc.resource?.kubernetes_role_binding_v1 ?? {});
    expect(binding.subject).toEqual([{ kind: 'Group', name: 'hot:field-tm', api_group: 'rbac.authorization.k8s.io' }]);
    const [namespace] = Object.values(doc.resource?.kubernetes_namespace_v1 ?? {});
    expect((namespace.metadata as { labels: Record<string, string> }).labels).toMatchObject({
      project: 'field-tm',
      tool: 'field-tm',
      'hotosm.org/tenant': 'true',
    });
    expect(evaluatePolicies('apps', doc, ALL_RULES)).toEqual([]);
  });
});

describe("NamespaceNetworkPolicies' ingress controller allowance", () => {
  const ingressPolicy = (fromIngressController: NetworkAllowances['fromIngressController']) => {
    const stack = new TerraformStack(Testing.app(), 'apps');
    new NamespaceNetworkPolicies(stack, 'network', {
      namespace: 'store',
      allowances: { fromIngressController },
      network: fakeCluster().network,
      dependsOn: [],
    });
    const doc = JSON.parse(Testing.synth(stack)) as StackDocument;
    return Object.values(doc.resource?.kubernetes_network_policy_v1 ?? {}).find(
      (p) => (p.metadata as { name: string }).name === 'allow-ingress-controller',
    )?.spec as { ingress: Record<string, unknown>[] } | undefined;
  };
  const fromIngress = [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'ingress' } } }];

  it('admits every port with true, only the listed ones with a list, and nothing with an empty list', () => {
    expect(ingressPolicy(true)?.ingress).toEqual([{ from: fromIngress }]);
    expect(ingressPolicy([8333])?.ingress).toEqual([{ from: fromIngress, ports: [{ port: '8333', protocol: 'TCP' }] }]);
    // An empty `ports` would admit every port: the policy is not made at all.
    expect(ingressPolicy([])).toBeUndefined();
    expect(ingressPolicy(false)).toBeUndefined();
  });
});

describe('clean destroy', () => {
  /** Stand for a cloud's controllers: webhooks every Service passes, load balancers, volumes. */
  const controller = (id: string, provides: readonly PlatformService[]) => ({
    id,
    provides,
    install: (scope: Construct) => {
      new ConfigMapV1(scope, 'marker', { metadata: { name: id, namespace: 'kube-system' } });
    },
  });
  const stack = new AppsStack(Testing.app(), 'test-apps', {
    backend: { type: 'local' },
    cluster: fakeCluster(
      [
        controller('webhooks', ['admission-webhooks']),
        controller('load-balancers', ['load-balancers']),
        controller('volumes', ['volumes']),
      ],
      {
        objectStorage: {
          endpoint: 'https://s3.example.test',
          publicEndpoint: 'https://s3.example.test',
          region: 'r',
          forcePathStyle: true,
          buckets: { backups: { name: 'b' } },
        },
      },
    ),
    platform: TEST_PLATFORM,
  });
  const destroyDoc = JSON.parse(Testing.synth(stack)) as StackDocument;
  const marker = (id: string) =>
    `kubernetes_config_map_v1.${Object.keys(destroyDoc.resource?.kubernetes_config_map_v1 ?? {}).find((n) => n.startsWith(`${id}_`))}`;
  const release = (name: string) => Object.values(destroyDoc.resource?.helm_release ?? {}).find((r) => r.name === name);

  it('makes every platform resource depend on the controllers every add-on needs, so Terraform destroys them first', () => {
    const others = Object.entries(destroyDoc.resource ?? {}).flatMap(([type, blocks]) =>
      Object.entries(blocks)
        .filter(([name]) => !['webhooks_', 'load-balancers_', 'volumes_'].some((p) => name.startsWith(p)))
        .map(([name, config]) => [`${type}.${name}`, config.depends_on as string[] | undefined] as const),
    );
    expect(others.length).toBeGreaterThanOrEqual(30);
    expect(others.filter(([, dependsOn]) => !dependsOn?.includes(marker('webhooks'))).map(([a]) => a)).toEqual([]);
  });

  it('makes the owners of LoadBalancer Services and volume claims wait for, and outlive, their controllers', () => {
    expect(release('traefik')?.depends_on).toContain(marker('load-balancers'));
    expect(release('kube-prometheus-stack')?.depends_on).toContain(marker('volumes'));
    // Nothing else waits for a controller it does not use.
    expect(release('keda')?.depends_on).not.toContain(marker('load-balancers'));
    expect(release('keda')?.depends_on).not.toContain(marker('volumes'));
  });

  it("removes Prometheus's volume claim with its StatefulSet, so no PVC outlives the release", () => {
    const stack = new AppsStack(Testing.app(), 'test-apps', {
      backend: { type: 'local' },
      cluster: fakeCluster([], {
        objectStorage: {
          endpoint: 'https://s3.example.test',
          publicEndpoint: 'https://s3.example.test',
          region: 'r',
          forcePathStyle: true,
          buckets: {},
        },
      }),
      platform: TEST_PLATFORM,
    });
    const doc = JSON.parse(Testing.synth(stack)) as StackDocument;
    const monitoring = Object.values(doc.resource?.helm_release ?? {}).find((r) => r.name === 'kube-prometheus-stack');
    const values = JSON.parse((monitoring?.values as string[])[0]) as {
      prometheus: { prometheusSpec: Record<string, unknown> };
    };
    expect(values.prometheus.prometheusSpec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Delete',
      whenScaled: 'Retain',
    });
  });
});
