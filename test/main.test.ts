import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DEFAULT_ENVIRONMENTS } from '../lib/config/environments';
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
  let defaults: ReturnType<typeof runMain>;
  beforeAll(() => {
    defaults = runMain({});
  });

  it('synthesizes every default stack with no settings and no credentials', () => {
    const result = defaults;
    expect(result.status).toBe(0);
    const expected = DEFAULT_ENVIRONMENTS.flatMap((e) => [e.name, `${e.name}-apps`]);
    expect(readdirSync(join(result.outdir, 'stacks')).sort()).toEqual(expected.sort());
  });

  it('prints the same warnings as the cdktf CLI, one line each', () => {
    const warnings = defaults.stderr.trim().split('\n');
    expect(warnings.length).toBeGreaterThan(0);
    for (const line of warnings) expect(line).toMatch(/^WARN \[[\w/-]+\]: \S/);
    expect(warnings).toContain(
      'WARN [aws-prod-apps/monitoring]: aws-prod: Alertmanager has no receiver, so alerts notify nobody; set platform.alerts.email or platform.alerts.slack',
    );
  });

  it('reports a malformed cdktf context in one line too', () => {
    const result = runMain({ CDKTF_CONTEXT_JSON: JSON.stringify({ hot: 'not an object' }) });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'context hot = "not an object": must be {"environments": {"<env>": {...}}, "terraformCloud": {...}} (either part optional); see lib/config/README.md',
    );
  });

  it('stops on a bad setting with one plain line and no stack trace', () => {
    const result = runMain({ HOT_AWS_PROD_API_ALLOWED_CIDRS: '0.0.0.0/0' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'HOT_AWS_PROD_API_ALLOWED_CIDRS item 1 = "0.0.0.0/0": opens the Kubernetes API to the whole internet; list your office or VPN ranges instead',
    );
  });
});
