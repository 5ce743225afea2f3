import { awsProdEnvironment, buildEnvironment, documentOf, synthEnvironments } from '../support/synth';
import { loadEnvironments } from '../../lib/config/load';
import { AppsStack } from '../../stacks/apps-stack';
import { StorageClassesAddOn } from '../../lib/addons/storage-classes';
import { Testing } from 'cdktf';
import { fakeCluster, TEST_PLATFORM } from '../support/fake-cluster';
import type { StackDocument } from '../../lib/policies/types';

type Remote = { backend: string; config: Record<string, unknown> };

/** Full synth (with cross-stack wiring) of both aws-prod stacks. */
function fullSynth(env = awsProdEnvironment()): { cluster: StackDocument; apps: StackDocument } {
  const { documents } = synthEnvironments([env]);
  return { cluster: documents[env.name], apps: documents[`${env.name}-apps`] };
}

describe('backends', () => {
  it('defaults to local state beside the project, with a relative path, and reads the cluster stack state from there', () => {
    const { cluster, apps } = fullSynth();
    expect(cluster.terraform?.backend).toEqual({ local: { path: '../../../terraform.aws-prod.tfstate' } });
    expect(apps.terraform?.backend).toEqual({ local: { path: '../../../terraform.aws-prod-apps.tfstate' } });
    const remote = (apps.data?.terraform_remote_state ?? {}) as Record<string, Remote>;
    expect(Object.values(remote)).toEqual([
      { backend: 'local', config: { path: '../../../terraform.aws-prod.tfstate' } },
    ]);
    // Every value the apps stack reads from the cluster stack travels as an output of the cluster stack.
    const crossStack = Object.keys(cluster.output ?? {}).filter((o) => o.startsWith('cross-stack-output-'));
    expect(crossStack).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^cross-stack-output-aws_eks_cluster.+endpoint$/),
        expect.stringMatching(/^cross-stack-output-aws_eks_cluster.+certificate_authority0data$/),
      ]),
    );
  });

  it('uses one named Terraform Cloud workspace per stack when an organization is set', () => {
    const [env] = loadEnvironments({ env: { HOT_TFC_ORGANIZATION: 'hotosm' } });
    const { cluster, apps } = fullSynth(env);
    expect(cluster.terraform?.cloud).toEqual({
      hostname: 'app.terraform.io',
      organization: 'hotosm',
      workspaces: { name: 'hot-aws-prod' },
    });
    expect(apps.terraform?.cloud).toMatchObject({ workspaces: { name: 'hot-aws-prod-apps' } });
    expect(apps.terraform?.backend).toBeUndefined();
    const remote = (apps.data?.terraform_remote_state ?? {}) as Record<string, Remote>;
    expect(Object.values(remote)).toEqual([
      {
        backend: 'remote',
        config: { hostname: 'app.terraform.io', organization: 'hotosm', workspaces: { name: 'hot-aws-prod' } },
      },
    ]);
  });
});

describe('settings without code changes', () => {
  it('reads per-deployment values from HOT_* environment variables', () => {
    const [env] = loadEnvironments({
      env: {
        HOT_AWS_PROD_BASE_DOMAIN: 'k8s.hotosm.org',
        HOT_AWS_PROD_API_ALLOWED_CIDRS: '203.0.113.0/24,198.51.100.0/24',
        HOT_AWS_PROD_ADMIN_PRINCIPALS: 'arn:aws:iam::123456789012:role/Admin',
        HOT_AWS_PROD_AWS_ACCOUNT_ID: '123456789012',
        HOT_AWS_PROD_DNS_ZONE_ID: 'Z0123456789ABCDEFGHIJ',
      },
    });
    expect(env.dns).toEqual({
      baseDomain: 'k8s.hotosm.org',
      zoneId: 'Z0123456789ABCDEFGHIJ',
      provider: 'route53',
      publicAliases: {},
    });
    expect(env.apiAccess.publicAccessCidrs).toEqual(['203.0.113.0/24', '198.51.100.0/24']);
    if (env.cloud !== 'aws') throw new Error('aws expected');
    expect(env.aws.adminPrincipalArns).toEqual(['arn:aws:iam::123456789012:role/Admin']);
    expect(env.aws.accountId).toBe('123456789012');
  });

  it('merges cdktf context under environment variables', () => {
    const [env] = loadEnvironments({
      env: { HOT_AWS_PROD_BASE_DOMAIN: 'from-env.hotosm.org' },
      context: {
        environments: { 'aws-prod': { dns: { baseDomain: 'from-context.hotosm.org' }, kubernetesVersion: '1.34' } },
      },
    });
    expect(env.dns.baseDomain).toBe('from-env.hotosm.org');
    expect(env.kubernetesVersion).toBe('1.34');
  });

  it('guards the account when an account id is known', () => {
    const doc = documentOf(buildEnvironment(awsProdEnvironment({ aws: { accountId: '123456789012' } })).cluster);
    expect(doc.provider?.aws[0].allowed_account_ids).toEqual(['123456789012']);
  });
});

describe('AppsStack', () => {
  it('builds only from the cluster description: providers, then the shared StorageClasses', () => {
    const stack = new AppsStack(Testing.app(), 'test-apps', {
      backend: { type: 'local' },
      cluster: fakeCluster(),
      platform: TEST_PLATFORM,
      addOns: [new StorageClassesAddOn()],
    });
    const doc = JSON.parse(Testing.synth(stack)) as StackDocument;
    expect(Object.keys(doc.provider ?? {}).sort()).toEqual(['helm', 'kubernetes', 'random', 'time']);
    const classes = Object.values(doc.resource?.kubernetes_storage_class_v1 ?? {});
    expect(classes).toEqual([
      expect.objectContaining({
        metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
        storage_provisioner: 'example.csi/driver',
        reclaim_policy: 'Retain',
        volume_binding_mode: 'WaitForFirstConsumer',
      }),
    ]);
  });

  it('installs the platform add-ons of the flavour first', () => {
    const order: string[] = [];
    const platform = { id: 'cloud-controller', install: () => void order.push('cloud-controller') };
    const later = { id: 'later', install: () => void order.push('later') };
    new AppsStack(Testing.app(), 'test-apps', {
      backend: { type: 'local' },
      cluster: fakeCluster([platform]),
      platform: TEST_PLATFORM,
      addOns: [later],
    });
    expect(order).toEqual(['cloud-controller', 'later']);
  });

  it('authenticates to EKS with a fresh token per request (aws eks get-token), so an apply of any length works', () => {
    const doc = documentOf(buildEnvironment().apps);
    // A token read once at plan time (aws_eks_cluster_auth) expires after 15 minutes, mid-apply.
    expect(doc.data?.aws_eks_cluster_auth).toBeUndefined();
    expect(doc.provider?.aws).toBeUndefined();
    const exec = {
      api_version: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: [
        'eks',
        'get-token',
        '--cluster-name',
        expect.stringMatching(/^\$\{.+\.name\}$/),
        '--region',
        'us-east-1',
        '--output',
        'json',
      ],
      env: {},
    };
    const kubernetes = doc.provider?.kubernetes[0] ?? {};
    expect(kubernetes.exec).toEqual([exec]);
    expect(kubernetes).not.toHaveProperty('token');
    expect(kubernetes).not.toHaveProperty('config_path');
    const helm = (doc.provider?.helm[0] ?? {}) as { kubernetes?: { exec?: unknown; token?: unknown } };
    expect(helm.kubernetes?.exec).toEqual(exec);
    expect(helm.kubernetes).not.toHaveProperty('token');
  });
});
