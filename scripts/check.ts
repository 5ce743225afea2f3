import { spawnSync } from 'child_process';
import { homedir } from 'os';
import { loadEnvironments } from '../lib/config/load';
import { hotContext } from '../lib/config/context';
import { HotError, isUserError } from '../lib/core/errors';
import { quietStackTraces } from '../lib/core/quiet-stack-traces';
import { closest, plural } from '../lib/core/text';
import { checkReadiness, formatFinding, isReady } from '../lib/readiness';
import { synthesizeEnvironment } from './synth-environment';

/**
 * `npm run check -- <environment> [--inside-network]`: can this environment really be deployed from this
 * machine? One line per finding with its fix; exit 1 when any finding blocks. `--inside-network` declares that
 * this machine reaches the environment's private network (a Terraform Cloud agent there, a jump box, a VPN).
 */
const USAGE = 'usage: npm run check -- <environment> [--inside-network]';

function runBinary(command: string, args: readonly string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 ? `${result.stdout}${result.stderr}` : undefined;
}

function main(argv: readonly string[]): number {
  const insideNetwork = argv.includes('--inside-network');
  const names = argv.filter((a) => !a.startsWith('--'));
  const unknownFlags = argv.filter((a) => a.startsWith('--') && a !== '--inside-network');
  if (names.length !== 1 || unknownFlags.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const [name] = names;
  let environments;
  try {
    environments = loadEnvironments({ context: hotContext() });
  } catch (error) {
    if (!isUserError(error)) throw error;
    console.log(`${name} is not ready: the settings do not load (${plural(error.problems.length, 'problem')})`);
    for (const problem of (error as HotError).message.split('\n')) console.log(`✗ ${problem}`);
    return 1;
  }
  const environment = environments.find((e) => e.name === name);
  if (!environment) {
    const guess = closest(
      name,
      environments.map((e) => e.name),
    );
    console.error(
      `${name}: names no environment (the environments: ${environments.map((e) => e.name).join(', ')})${guess ? `; the closest is ${guess}` : ''}`,
    );
    return 2;
  }
  const findings = checkReadiness(environment, {
    env: process.env,
    home: homedir(),
    run: runBinary,
    nodeVersion: process.version,
    insideNetwork,
    synthesize: (env) => synthesizeEnvironment(env, environments),
  });
  const blockers = findings.filter((f) => f.severity === 'blocker').length;
  console.log(
    isReady(findings)
      ? `${name} is ready to deploy from this machine${findings.length > 0 ? ` (${plural(findings.length, 'warning')})` : ''}`
      : `${name} is not ready to deploy from this machine: ${plural(blockers, 'blocker')}, ${plural(findings.length - blockers, 'warning')}`,
  );
  const ordered = [...findings].sort((a, b) => Number(a.severity === 'warning') - Number(b.severity === 'warning'));
  for (const finding of ordered) console.log(formatFinding(finding));
  return isReady(findings) ? 0 : 1;
}

const traces = quietStackTraces();
try {
  process.exitCode = main(process.argv.slice(2));
} finally {
  traces.restore();
}
