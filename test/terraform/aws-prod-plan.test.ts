import { copyFileSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadEnvironments } from '../../lib/config/load';
import { synthEnvironments } from '../support/synth';
import { findOfflineTerraform, LOOPBACK, OFFLINE_CALLER, offlineRunner, serviceOf, startFakeSts } from './offline';

const found = findOfflineTerraform();
const offline = 'missing' in found ? undefined : found;
if (!offline) {
  // Printed, not hidden: a reader of the test log sees that this tier did not run and why.
  console.log(`terraform tier skipped: ${'missing' in found ? found.missing : ''}`);
}
const maybe = offline ? describe : describe.skip;

maybe('aws-prod against the real hashicorp/aws provider, offline', () => {
  const { outdir, documents } = synthEnvironments(loadEnvironments({ env: {} }));
  const types = Object.keys(documents['aws-prod'].resource ?? {});
  const aliases = (documents['aws-prod'].provider?.aws ?? []).map((p) => p.alias as string | undefined);
  const work = mkdtempSync(join(tmpdir(), 'hot-plan-'));

  const run = offlineRunner(offline, work);
  let sts: Awaited<ReturnType<typeof startFakeSts>> | undefined;

  beforeAll(async () => {
    sts = await startFakeSts();
    copyFileSync(join(outdir, 'stacks', 'aws-prod', 'cdk.tf.json'), join(work, 'cdk.tf.json'));
    writeFileSync(
      join(work, 'terraform.rc'),
      `provider_installation {\n  filesystem_mirror {\n    path = "${offline?.mirror}"\n  }\n}\n`,
    );
    // Every API at an unroutable port but STS, which answers who Terraform runs as (the stack reads it).
    const endpoints = {
      ...Object.fromEntries([...new Set(types.map(serviceOf))].map((s) => [s, LOOPBACK])),
      sts: sts.url,
    };
    writeFileSync(
      join(work, 'override.tf.json'),
      JSON.stringify({
        terraform: { backend: { local: { path: 'plan.tfstate' } } },
        // One override per aws provider block (the default and, e.g., the backups' copy region's alias).
        provider: {
          aws: aliases.map((alias) => ({
            ...(alias ? { alias } : {}),
            access_key: 'AKIAOFFLINEPLANONLY00',
            secret_key: 'offline-plan-fake-credential',
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: 'true',
            skip_region_validation: true,
            endpoints: [endpoints],
          })),
        },
      }),
    );
    run(['init', '-input=false', '-no-color']);
  });

  afterAll(() => sts?.stop());

  it('knows the API of every resource type, so every endpoint points at loopback', () => {
    expect(types.filter((type) => serviceOf(type) === undefined)).toEqual([]);
  });

  it('terraform validate succeeds', () => {
    expect(run(['validate', '-no-color'])).toContain('Success! The configuration is valid.');
  });

  it('terraform plan succeeds and creates every resource', () => {
    run(['plan', '-input=false', '-no-color', '-lock=false', '-refresh=false', '-out=plan.out']);
    const plan = JSON.parse(run(['show', '-json', 'plan.out'])) as {
      resource_changes: { address: string; change: { actions: string[] } }[];
    };
    const created = plan.resource_changes.filter((c) => c.change.actions.includes('create'));
    console.log(`terraform plan of aws-prod: ${created.length} to add`);
    // The backups' copy is planned in its own region, through the second provider.
    expect(aliases).toEqual([undefined, 'backup-replica']);
    // The runner is not among the (empty) admin principals, so its access entry is planned.
    const runner = plan.resource_changes.filter((c) => c.address.includes('terraform-runner'));
    expect(runner.map((c) => c.address)).toHaveLength(2);
    const declared = Object.values(documents['aws-prod'].resource ?? {}).reduce(
      (n, blocks) => n + Object.keys(blocks).length,
      0,
    );
    expect(created).toHaveLength(declared);
  });

  it('plans no second access entry when the runner is also a listed admin (EKS refuses two for one principal), and an OIDC provider for people', () => {
    const listed = synthEnvironments(
      loadEnvironments({
        env: {
          HOT_AWS_PROD_ADMIN_PRINCIPALS: OFFLINE_CALLER.arn,
          HOT_AWS_PROD_AWS_OIDC_ISSUER_URL: 'https://sso.example.org/realms/hot',
          HOT_AWS_PROD_AWS_OIDC_CLIENT_ID: 'hot-admin-uis',
        },
      }).filter((e) => e.cloud === 'aws'),
    );
    copyFileSync(join(listed.outdir, 'stacks', 'aws-prod', 'cdk.tf.json'), join(work, 'cdk.tf.json'));
    run(['plan', '-input=false', '-no-color', '-lock=false', '-refresh=false', '-out=listed.out']);
    const plan = JSON.parse(run(['show', '-json', 'listed.out'])) as {
      resource_changes: { address: string; change: { actions: string[]; after: { principal_arn?: string } } }[];
    };
    const entries = plan.resource_changes.filter((c) => c.address.startsWith('aws_eks_access_entry.'));
    expect(entries.map((c) => c.change.after.principal_arn).filter((arn) => arn === OFFLINE_CALLER.arn)).toHaveLength(
      1,
    );
    expect(plan.resource_changes.filter((c) => c.address.includes('terraform-runner'))).toEqual([]);
    expect(
      plan.resource_changes
        .filter((c) => c.address.startsWith('aws_eks_identity_provider_config.'))
        .map((c) => c.change.actions),
    ).toEqual([['create']]);
  });
});
