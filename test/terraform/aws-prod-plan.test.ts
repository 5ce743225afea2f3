import { copyFileSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadEnvironments } from '../../lib/config/load';
import { synthEnvironments } from '../support/synth';
import { findOfflineTerraform, LOOPBACK, offlineRunner, serviceOf } from './offline';

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
  const work = mkdtempSync(join(tmpdir(), 'hot-plan-'));

  const run = offlineRunner(offline, work);

  beforeAll(() => {
    copyFileSync(join(outdir, 'stacks', 'aws-prod', 'cdk.tf.json'), join(work, 'cdk.tf.json'));
    writeFileSync(
      join(work, 'terraform.rc'),
      `provider_installation {\n  filesystem_mirror {\n    path = "${offline?.mirror}"\n  }\n}\n`,
    );
    const endpoints = Object.fromEntries([...new Set([...types.map(serviceOf), 'sts'])].map((s) => [s, LOOPBACK]));
    writeFileSync(
      join(work, 'override.tf.json'),
      JSON.stringify({
        terraform: { backend: { local: { path: 'plan.tfstate' } } },
        provider: {
          aws: [
            {
              access_key: 'AKIAOFFLINEPLANONLY00',
              secret_key: 'offline-plan-fake-credential',
              skip_credentials_validation: true,
              skip_requesting_account_id: true,
              skip_metadata_api_check: 'true',
              skip_region_validation: true,
              endpoints: [endpoints],
            },
          ],
        },
      }),
    );
    run(['init', '-input=false', '-no-color']);
  });

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
    const declared = Object.values(documents['aws-prod'].resource ?? {}).reduce(
      (n, blocks) => n + Object.keys(blocks).length,
      0,
    );
    expect(created).toHaveLength(declared);
  });
});
