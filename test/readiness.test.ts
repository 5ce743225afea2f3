import { spawnSync } from 'child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { DEFAULT_ENVIRONMENTS } from '../lib/config/environments';
import { loadEnvironments } from '../lib/config/load';
import type { Environment } from '../lib/config/schema';
import { checkReadiness, formatFinding, isReady, type ReadinessContext } from '../lib/readiness';
import { nodeFindings } from '../lib/readiness/tools';
import { synthesizeEnvironment } from '../scripts/synth-environment';

const root = join(__dirname, '..');
const emptyHome = () => mkdtempSync(join(tmpdir(), 'hot-home-'));

const VERSIONS: Record<string, string> = {
  terraform: '{"terraform_version": "1.11.4", "platform": "linux_amd64"}',
  aws: 'aws-cli/2.27.50 Python/3.13.4 Linux/6.8 exe/x86_64',
  kubelogin: 'kubelogin version\ngit hash: v0.2.10/abc',
};

function context(overrides: Partial<ReadinessContext> = {}): ReadinessContext {
  return {
    env: {},
    home: emptyHome(),
    run: (command) => VERSIONS[command],
    nodeVersion: 'v22.23.5',
    insideNetwork: false,
    synthesize: () => ({ findings: [], requiredVariables: [] }),
    ...overrides,
  };
}

const environment = (name: string, env: Record<string, string> = {}, hot?: unknown): Environment =>
  loadEnvironments({ env, context: hot }).find((e) => e.name === name) as Environment;

const lines = (env: Environment, ctx: ReadinessContext) => checkReadiness(env, ctx).map(formatFinding);

const CONFIGURED_AWS = {
  HOT_AWS_PROD_AWS_ACCOUNT_ID: '123456789012',
  HOT_AWS_PROD_ADMIN_PRINCIPALS: 'arn:aws:iam::123456789012:role/HOTAdmin',
  HOT_AWS_PROD_DNS_ZONE_ID: 'Z0123456789ABCDEFGHIJ',
  HOT_AWS_PROD_API_ALLOWED_CIDRS: '203.0.113.0/24',
  HOT_TFC_ORGANIZATION: 'hotosm',
};
const ALERTS = { environments: { 'aws-prod': { platform: { alerts: { slack: { channel: '#hot-alerts' } } } } } };

describe('npm run check: is an environment ready for a real deploy from this machine', () => {
  it('the default aws-prod is not, and every reason comes with its fix', () => {
    const findings = checkReadiness(environment('aws-prod'), context());
    expect(isReady(findings)).toBe(false);
    expect(findings.map(formatFinding)).toEqual([
      '! dns: the cluster stack creates the zone aws-prod.k8s.hotosm.org; until the zone of k8s.hotosm.org delegates it (NS records to the servers in output dns-zone-delegation), no name or certificate resolves; check with dig +short NS aws-prod.k8s.hotosm.org',
      '✗ HOT_AWS_PROD_AWS_ACCOUNT_ID: is unset, so Terraform deploys into whichever account the credentials belong to; set the 12-digit account id',
      "✗ HOT_AWS_PROD_ADMIN_PRINCIPALS: is empty, so only the identity Terraform runs as (through its own access entry) can administer the cluster; list your admins' IAM role ARNs",
      "✗ runner: the Kubernetes API is private-only (no HOT_AWS_PROD_API_ALLOWED_CIDRS), and this machine has no declared path into the network; run Terraform from a runner inside it (a Terraform Cloud agent, a jump box, a VPN) and pass --inside-network, or list this machine's public range in HOT_AWS_PROD_API_ALLOWED_CIDRS",
      '! platform.alerts: has no receiver, so alerts notify nobody; set platform.alerts.email or .slack (lib/config/README.md)',
      "! backend: is local: the state, which holds the cluster's secrets, stays on this machine's disk; set HOT_TFC_ORGANIZATION to keep it in Terraform Cloud",
      '✗ AWS credentials: none found (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, web identity, ~/.aws); Terraform and `aws eks get-token` use the same ones',
    ]);
  });

  it('a fully configured aws-prod is, with its Terraform Cloud variables to set', () => {
    const env = environment('aws-prod', CONFIGURED_AWS, ALERTS);
    const findings = checkReadiness(
      env,
      context({
        env: { AWS_PROFILE: 'hot', TF_TOKEN_app_terraform_io: 'token' },
        synthesize: () => ({ findings: [], requiredVariables: ['alert_slack_webhook_url'] }),
      }),
    );
    expect(findings.map(formatFinding)).toEqual([
      "! Terraform Cloud variables: runs use the workspaces' variables; set alert_slack_webhook_url there as sensitive variables",
    ]);
    expect(isReady(findings)).toBe(true);
  });

  it('names a missing or outdated binary and what needs it', () => {
    const ctx = context({
      env: { AWS_PROFILE: 'hot', TF_TOKEN_app_terraform_io: 'token' },
      run: (command) =>
        command === 'terraform' ? '{"terraform_version": "1.5.7"}' : command === 'aws' ? 'aws-cli/1.45.11' : undefined,
    });
    expect(lines(environment('aws-prod', CONFIGURED_AWS, ALERTS), ctx)).toEqual([
      '✗ terraform: is 1.5, older than 1.11; plans and applies every stack; install it from developer.hashicorp.com/terraform/install',
      '✗ aws: is 1.45, older than 2.0; the apps stack authenticates with `aws eks get-token` (lib/aws/README.md); install AWS CLI v2',
    ]);
    const azure = lines(
      environment('azure-staging'),
      context({ run: (c) => (c === 'terraform' ? VERSIONS.terraform : undefined) }),
    );
    expect(azure).toContain(
      '✗ kubelogin: is not on PATH; the apps stack gets its Entra ID token from kubelogin (lib/azure/README.md); install it from github.com/Azure/kubelogin',
    );
  });

  it('says when the cdktf CLI cannot run on this Node', () => {
    const on = (nodeVersion: string) =>
      lines(environment('hetzner-dr'), context({ nodeVersion, insideNetwork: true })).filter((l) =>
        l.includes('node:'),
      );
    expect(on('v22.23.5')).toEqual([]);
    expect(on('v24.22.3')).toEqual([
      "✗ node: is v24.22.3; the cdktf CLI's node-pty has no build for it, so deploys cannot start: use Node 22",
    ]);
    expect(on('v20.20.2')).toEqual(['! node: is v20.20.2, past its end of life; use Node 22 (README)']);
  });

  it('asks for every sensitive variable the stacks declare, and finds credential files', () => {
    const home = emptyHome();
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'credentials'), '[default]\n');
    const ctx = context({
      home,
      insideNetwork: true,
      synthesize: () => ({ findings: [], requiredVariables: ['a', 'b'] }),
    });
    const found = lines(environment('aws-prod'), { ...ctx, env: { TF_VAR_a: 'x' } });
    expect(found).toContain('✗ TF_VAR_b: is unset; the stacks declare the sensitive variable "b" with no default');
    expect(
      found.filter((l) => l.includes('TF_VAR_a') || l.includes('AWS credentials') || l.startsWith('✗ runner')),
    ).toEqual([]);
  });

  it('turns a policy violation of the synthesized stacks into a blocker', () => {
    const ctx = context({
      synthesize: () => ({
        findings: [{ subject: 'HOT-AWS-001', fix: 'aws-prod x: is public', severity: 'blocker' }],
        requiredVariables: [],
      }),
    });
    expect(lines(environment('aws-prod'), ctx)).toContain('✗ HOT-AWS-001: aws-prod x: is public');
  });

  it('synthesizes one environment and lists its variables without a default', () => {
    expect(synthesizeEnvironment(environment('hetzner-dr'))).toEqual({
      findings: [],
      requiredVariables: [
        'field_tm_osm_client_id',
        'field_tm_osm_client_secret',
        'hcloud_cluster_token',
        'hcloud_dns_cluster_token',
        'hcloud_dns_token',
        'hcloud_token',
        'login_osm_client_id',
        'login_osm_client_secret',
        'object_storage_access_key',
        'object_storage_apps_access_key',
        'object_storage_apps_secret_key',
        'object_storage_backups_project_access_key',
        'object_storage_backups_project_secret_key',
        'object_storage_databases_access_key',
        'object_storage_databases_secret_key',
        'object_storage_secret_key',
        'object_storage_velero_access_key',
        'object_storage_velero_secret_key',
        'osm_sandbox_osm_client_id',
        'osm_sandbox_osm_client_secret',
        'tasking_manager_osm_client_id',
        'tasking_manager_osm_client_secret',
      ],
    });
  });
});

describe('the check command', () => {
  // The command reports the Node it runs on: a warning on Node 20, nothing on 22.
  const nodeWarnings = nodeFindings(process.version).length;
  const bin = mkdtempSync(join(tmpdir(), 'hot-bin-'));
  writeFileSync(join(bin, 'terraform'), `#!/bin/sh\necho '${VERSIONS.terraform}'\n`);
  chmodSync(join(bin, 'terraform'), 0o755);
  const check = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--require', './scripts/register-ts.cjs', 'scripts/check.ts', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: emptyHome(), ...env },
    });

  it('exits 1 with its reasons for the defaults', () => {
    const result = check(['hetzner-dr']);
    expect(result.status).toBe(1);
    // One blocker per unset variable: the fourteen credentials of lib/hetzner/README.md, "Credentials", the
    // OSM clients of Field-TM, the login, the sandbox dashboard and the Tasking Manager (lib/apps/*/README.md),
    // and the three of the restore from aws-prod (README, "Failover").
    expect(result.stdout.split('\n')[0]).toBe(
      `hetzner-dr is not ready to deploy from this machine: 26 blockers, ${4 + nodeWarnings} warnings`,
    );
    for (const variable of [
      'restore_source_access_key_id',
      'restore_source_secret_access_key',
      'restore_source_velero_repository_password',
    ]) {
      expect(result.stdout).toContain(`✗ TF_VAR_${variable}: is unset`);
    }
  });

  it('exits 0 for a configured environment run inside its network', () => {
    const result = check(['hetzner-dr', '--inside-network'], {
      TF_VAR_hcloud_token: 'x',
      TF_VAR_hcloud_cluster_token: 'x',
      TF_VAR_hcloud_dns_token: 'x',
      TF_VAR_hcloud_dns_cluster_token: 'x',
      TF_VAR_field_tm_osm_client_id: 'x',
      TF_VAR_field_tm_osm_client_secret: 'x',
      TF_VAR_osm_sandbox_osm_client_id: 'x',
      TF_VAR_login_osm_client_id: 'x',
      TF_VAR_login_osm_client_secret: 'x',
      TF_VAR_osm_sandbox_osm_client_secret: 'x',
      TF_VAR_tasking_manager_osm_client_id: 'x',
      TF_VAR_tasking_manager_osm_client_secret: 'x',
      TF_VAR_restore_source_access_key_id: 'x',
      TF_VAR_restore_source_secret_access_key: 'x',
      TF_VAR_restore_source_velero_repository_password: 'x',
      ...Object.fromEntries(
        ['', '_backups_project', '_velero', '_apps', '_databases'].flatMap((pair) => [
          [`TF_VAR_object_storage${pair}_access_key`, 'x'],
          [`TF_VAR_object_storage${pair}_secret_key`, 'x'],
        ]),
      ),
    });
    expect(result.stdout.split('\n')[0]).toBe(
      `hetzner-dr is ready to deploy from this machine (${4 + nodeWarnings} warnings)`,
    );
    expect(result.status).toBe(0);
  });

  it('names the closest environment when the name is wrong', () => {
    const result = check(['hetzner-prod']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      `hetzner-prod: names no environment (the environments: ${DEFAULT_ENVIRONMENTS.map((e) => e.name).join(', ')}); the closest is hetzner-dr`,
    );
  });

  it('prints the settings problems when the settings do not load', () => {
    const result = check(['aws-prod'], { HOT_AWS_PROD_ACCOUNT_ID: '1' });
    expect(result.status).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      'aws-prod is not ready: the settings do not load (1 problem)',
      '✗ HOT_AWS_PROD_ACCOUNT_ID: is not a setting this app reads (all are in lib/config/README.md); the closest is HOT_AWS_PROD_AWS_ACCOUNT_ID',
    ]);
  });
});
