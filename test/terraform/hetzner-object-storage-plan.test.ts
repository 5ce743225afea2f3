import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadEnvironments } from '../../lib/config/load';
import { documentOf, buildEnvironment, HETZNER_DR_ALONE } from '../support/synth';
import { findOfflineTerraform, offlineRunner } from './offline';

const found = findOfflineTerraform();
const offline = 'missing' in found ? undefined : found;
if (!offline) console.log(`terraform tier skipped: ${'missing' in found ? found.missing : ''}`);
const maybe = offline ? describe : describe.skip;

/**
 * The hcloud and talos plugins are not in the mirror, so the whole hetzner-dr stack cannot be planned here.
 * Its Object Storage half uses only hashicorp/aws: that part, exactly as synthesized (provider alias, Hetzner
 * endpoint, path style, skip flags, buckets and companions), is validated and planned against the real plugin.
 */
maybe('hetzner-dr Object Storage against the real hashicorp/aws provider, offline', () => {
  const doc = documentOf(buildEnvironment(loadEnvironments({ env: {}, defaults: [HETZNER_DR_ALONE] })[0]).cluster);
  const work = mkdtempSync(join(tmpdir(), 'hot-hetzner-s3-'));
  const run = offlineRunner(
    offline,
    work,
    Object.fromEntries(
      Object.keys(doc.variable ?? {})
        .filter((name) => name.startsWith('object_storage_'))
        .map((name) => [`TF_VAR_${name}`, `offline-plan-fake-${name}`]),
    ),
  );

  beforeAll(() => {
    const pick = <T>(record: Record<string, T> | undefined, keep: (key: string) => boolean) =>
      Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => keep(key)));
    writeFileSync(
      join(work, 'main.tf.json'),
      JSON.stringify({
        terraform: {
          required_providers: pick(doc.terraform?.required_providers as Record<string, unknown>, (k) => k === 'aws'),
        },
        provider: { aws: doc.provider?.aws },
        variable: pick(doc.variable, (k) => k.startsWith('object_storage_')),
        resource: pick(doc.resource, (type) => type.startsWith('aws_')),
        data: pick(doc.data, (type) => type.startsWith('aws_')),
      }),
    );
    writeFileSync(
      join(work, 'terraform.rc'),
      `provider_installation {\n  filesystem_mirror {\n    path = "${offline?.mirror}"\n  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n`,
    );
    run(['init', '-input=false', '-no-color']);
  });

  it('validates', () => {
    expect(run(['validate', '-no-color'])).toContain('The configuration is valid');
  });

  it('plans the five buckets with their companions (CORS on the browser-upload one), the backups one under Object Lock, and no call to AWS', () => {
    const plan = run(['plan', '-input=false', '-no-color', '-lock=false']);
    expect(plan).toContain('Plan: 22 to add, 0 to change, 0 to destroy.');
    expect(plan).toContain('+ bucket                      = "hotosm-hetzner-dr-backups"');
    // The backups bucket alone is created with Object Lock, and each version locked in COMPLIANCE mode.
    expect(plan).toContain('+ object_lock_enabled         = true');
    expect(plan).toMatch(/aws_s3_bucket_object_lock_configuration[\s\S]*mode = "COMPLIANCE"/);
  });

  it("plans the backups bucket with the backups project's provider, the others with the apps' project's", () => {
    const plan = run(['plan', '-input=false', '-no-color', '-lock=false', '-out=plan.bin']);
    expect(plan).toContain('Plan: 22 to add');
    const shown = JSON.parse(run(['show', '-json', '-no-color', 'plan.bin'])) as {
      configuration: {
        root_module: {
          resources: {
            type: string;
            provider_config_key: string;
            expressions: { bucket?: { constant_value?: string } };
          }[];
        };
      };
    };
    const providers = Object.fromEntries(
      shown.configuration.root_module.resources
        .filter((r) => r.type === 'aws_s3_bucket')
        .map((r) => [r.expressions.bucket?.constant_value, r.provider_config_key]),
    );
    expect(providers).toEqual({
      'hotosm-hetzner-dr-backups': 'aws.hetzner-s3-backups',
      'hotosm-hetzner-dr-drone-tm': 'aws.hetzner-s3',
      'hotosm-hetzner-dr-scaleodm': 'aws.hetzner-s3',
      'hotosm-hetzner-dr-openaerialmap': 'aws.hetzner-s3',
      'hotosm-hetzner-dr-fair': 'aws.hetzner-s3',
    });
  });
});
