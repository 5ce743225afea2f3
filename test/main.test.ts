import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { appCommand } from '../scripts/app-command';

const root = join(__dirname, '..');

/** Runs the app exactly as cdktf.json's "app" says. */
function runMain(env: Record<string, string>) {
  const outdir = mkdtempSync(join(tmpdir(), 'hot-main-'));
  const { command, args } = appCommand(root);
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: outdir, ...env },
  });
  return { ...result, outdir };
}

describe('main.ts, the composition root', () => {
  it('synthesizes every default stack with no settings and no credentials', () => {
    const result = runMain({});
    expect(result.status).toBe(0);
    expect(readdirSync(join(result.outdir, 'stacks')).sort()).toEqual([
      'aws-prod',
      'aws-prod-apps',
      'azure-staging',
      'azure-staging-apps',
      'hetzner-dr',
      'hetzner-dr-apps',
    ]);
  });

  it('reports a malformed cdktf context in one line too', () => {
    const result = runMain({ CDKTF_CONTEXT_JSON: JSON.stringify({ hot: 'not an object' }) });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'context hot = "not an object": must be an object with "environments" and/or "terraformCloud"; see lib/config/README.md',
    );
  });

  it('stops on a bad setting with one plain line and no stack trace', () => {
    const result = runMain({ HOT_AWS_PROD_API_ALLOWED_CIDRS: '0.0.0.0/0' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'environments.aws-prod.apiAccess.publicAccessCidrs.0 = "0.0.0.0/0": opens the Kubernetes API to the whole internet; list your office or VPN ranges instead',
    );
  });
});
