import { KmsKey, type KmsKeyConfig } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { attachPolicyChecks } from '../../lib/policies/attach';
import { evaluatePolicies, formatViolation } from '../../lib/policies/engine';
import { ALL_RULES } from '../../lib/policies/index';
import { suppressionsOf } from '../../lib/policies/suppress';
import { buildEnvironment, documentOf } from '../support/synth';

describe('default stacks', () => {
  const { cluster, apps } = buildEnvironment();

  it.each([
    ['cluster', cluster],
    ['apps', apps],
  ] as const)('the %s stack passes every policy rule', (_kind, stack) => {
    const document = documentOf(stack);
    expect(Object.keys(document.resource ?? {}).length).toBeGreaterThan(0);
    expect(evaluatePolicies(stack.node.id, document, ALL_RULES, suppressionsOf(stack)).map(formatViolation)).toEqual(
      [],
    );
  });

  it('checks the blocks the rules are written for', () => {
    const resources = documentOf(cluster).resource ?? {};
    for (const type of ['aws_eks_cluster', 'aws_kms_key', 'aws_launch_template', 'aws_vpc', 'aws_subnet']) {
      expect(Object.keys(resources[type] ?? {}).length).toBeGreaterThan(0);
    }
  });
});

describe('attachPolicyChecks', () => {
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  /** A stack holding one KMS key, with policy checks attached, in an app that writes to a temp directory. */
  function kmsStack(key: Omit<KmsKeyConfig, 'description'>): { app: App; stack: TerraformStack } {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-policy-'));
    outdirs.push(outdir);
    const app = Testing.app({ outdir });
    const stack = new TerraformStack(app, 'policy-probe');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new KmsKey(stack, 'key', { description: 'policy probe', ...key });
    attachPolicyChecks(stack);
    return { app, stack };
  }

  it('fails synth when a KMS key does not rotate', () => {
    const { stack } = kmsStack({
      enableKeyRotation: false,
      deletionWindowInDays: 30,
      lifecycle: { preventDestroy: true },
    });
    let message = '';
    try {
      Testing.fullSynth(stack);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('HOT-KMS-001 policy-probe aws_kms_key.key: enable_key_rotation must be true');
    expect(message).not.toContain('HOT-KMS-002');
    expect(message).not.toContain('HOT-STATE-001');
  });

  it('fails app synth on the same violation', () => {
    const { app } = kmsStack({
      enableKeyRotation: false,
      deletionWindowInDays: 30,
      lifecycle: { preventDestroy: true },
    });
    expect(() => app.synth()).toThrow(/HOT-KMS-001/);
  });

  it('lets a clean KMS key synthesize', () => {
    const { app } = kmsStack({
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      lifecycle: { preventDestroy: true },
    });
    expect(() => app.synth()).not.toThrow();
    const written = JSON.parse(
      fs.readFileSync(path.join(app.outdir, 'stacks', 'policy-probe', 'cdk.tf.json'), 'utf8'),
    ) as { resource: { aws_kms_key: { key: Record<string, unknown> } } };
    expect(written.resource.aws_kms_key.key).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
  });
});
