import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * Settings through the real commands an operator runs: the cdktf CLI (which rewrites CDKTF_CONTEXT_JSON before
 * it starts the app, and frames the app's errors) and the npm scripts in front of it.
 */
const root = join(__dirname, '..');
const CORE_NODE_GROUP = 'core-pool_node-group_081BB200';

function run(command: string, args: string[], env: Record<string, string>) {
  return spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: '1', FORCE_COLOR: '0', ...env },
    timeout: 120_000,
  });
}

const cdktf = (args: string[], env: Record<string, string> = {}) =>
  run(join(root, 'node_modules', '.bin', 'cdktf'), args, env);

function coreScaling(outdir: string): unknown {
  const document = JSON.parse(readFileSync(join(outdir, 'stacks', 'aws-prod', 'cdk.tf.json'), 'utf8')) as {
    resource: { aws_eks_node_group: Record<string, { scaling_config: unknown }> };
  };
  return document.resource.aws_eks_node_group[CORE_NODE_GROUP].scaling_config;
}

describe('the cdktf CLI', () => {
  it('passes a CDKTF_CONTEXT_JSON override through to the synthesized stacks', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'hot-cli-'));
    const context = { hot: { environments: { 'aws-prod': { nodePools: { core: { maxSize: 6 } } } } } };
    const result = cdktf(['synth', '--output', outdir], { CDKTF_CONTEXT_JSON: JSON.stringify(context) });
    expect(result.status).toBe(0);
    expect(coreScaling(outdir)).toEqual({ desired_size: 2, max_size: 6, min_size: 2 });
  });

  it('stops on a misspelt HOT_* variable and names the real one', () => {
    const result = cdktf(['synth', '--output', mkdtempSync(join(tmpdir(), 'hot-cli-'))], {
      HOT_AWS_PROD_ACCOUNT_ID: '123456789012',
    });
    expect(result.status).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toContain(
      'HOT_AWS_PROD_ACCOUNT_ID: is not a setting this app reads (all are in lib/config/README.md); the closest is HOT_AWS_PROD_AWS_ACCOUNT_ID',
    );
  });
});

describe('npm run synth', () => {
  it('prints a bad setting once, as a plain line, before the cdktf CLI starts', () => {
    const result = run('npm', ['run', '-s', 'synth'], { HOT_TFC_ORGANISATION: 'hotosm', HOT_AWS_PROD_BASE_DOMAIN: '' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'HOT_AWS_PROD_BASE_DOMAIN: is empty; give it a value, or unset it to keep the default',
      'HOT_TFC_ORGANISATION: is not a setting this app reads (all are in lib/config/README.md); the closest is HOT_TFC_ORGANIZATION',
    ]);
    expect(result.stdout).not.toContain('cdktf encountered an error');
  });
});
