import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'cdktf';
import type { Environment } from '../lib/config/schema';
import { readSynthesizedStack } from '../lib/core/synthesized-stacks';
import { policyViolationLines } from '../lib/policies/failure';
import { blocker } from '../lib/readiness/finding';
import type { SynthOutcome } from '../lib/readiness';
import { addEnvironment } from '../stacks/flavours';

/**
 * Synthesizes one environment's two stacks, policy rules included, into a scratch directory. `environments`
 * are all the configured ones (a restore source's stacks make keys for their targets).
 */
export function synthesizeEnvironment(
  environment: Environment,
  environments: readonly Environment[] = [environment],
): SynthOutcome {
  const outdir = mkdtempSync(join(tmpdir(), 'hot-check-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    const { cluster, apps } = addEnvironment(app, environment, environments);
    app.synth();
    const requiredVariables = [cluster, apps].flatMap((stack) => {
      const document = readSynthesizedStack(stack.node.id, outdir);
      return Object.entries(document?.variable ?? {})
        .filter(([, variable]) => variable.default === undefined)
        .map(([name]) => name);
    });
    return { findings: [], requiredVariables: [...new Set(requiredVariables)].sort() };
  } catch (error) {
    const violations = policyViolationLines(error);
    if (!violations) throw error;
    return {
      findings: violations.map((line) => blocker(line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1))),
      requiredVariables: [],
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
