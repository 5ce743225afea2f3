import { runCommand } from '../lib/core/run-command';
import { hotContext } from '../lib/config/context';
import { loadEnvironments } from '../lib/config/load';
import { estimateMonthlyCost } from '../lib/cost/estimate';
import { costSummary, formatEstimate } from '../lib/cost/report';
import { readSynthesizedStack } from '../lib/core/synthesized-stacks';

/**
 * `npm run cost [-- <environment>...] [--summary]`: the monthly cost estimate of each environment from the
 * synthesized stacks in cdktf.out (run a synth first) and the dated price table in lib/cost/prices.ts.
 * `npm run synth` and `synth:fast` print the summary.
 */
function main(argv: readonly string[]): number {
  const summary = argv.includes('--summary');
  const names = argv.filter((a) => !a.startsWith('--'));
  const environments = loadEnvironments({ context: hotContext() }).filter(
    (e) => names.length === 0 || names.includes(e.name),
  );
  const estimates = environments.flatMap((env) => {
    const cluster = readSynthesizedStack(env.name);
    const apps = readSynthesizedStack(`${env.name}-apps`);
    if (!cluster || !apps) {
      console.error(`${env.name}: not synthesized (no cdktf.out/stacks/${env.name}); run npm run synth:fast first`);
      return [];
    }
    return [estimateMonthlyCost(env, { cluster, apps })];
  });
  if (estimates.length === 0) return 1;
  const lines = summary
    ? costSummary(estimates)
    : [...estimates.flatMap(formatEstimate), costSummary(estimates).at(-1) ?? ''];
  console.log(lines.join('\n'));
  return 0;
}

runCommand(main);
