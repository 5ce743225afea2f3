import { App } from 'cdktf';
import { hotContext, isUnderCdktfCli } from './lib/config/context';
import { loadEnvironments } from './lib/config/load';
import { isUserError } from './lib/core/errors';
import { quietStackTraces } from './lib/core/quiet-stack-traces';
import { printWarnings } from './lib/core/synth-warnings';
import { policyViolationLines } from './lib/policies/failure';
import { addEnvironment } from './stacks/flavours';

// Composition root: read config -> build stacks -> synth. A user's mistake prints as plain lines, no stack.

const traces = quietStackTraces();
try {
  const environments = loadEnvironments({ context: hotContext() });
  const app = new App({ stackTraces: false });
  for (const environment of environments) {
    addEnvironment(app, environment, environments);
  }
  app.synth();
  // The cdktf CLI prints the warnings itself; run directly (npm run synth:fast), the app does.
  if (!isUnderCdktfCli()) printWarnings(app.outdir);
} catch (error) {
  traces.restore();
  const violations = policyViolationLines(error);
  if (!isUserError(error) && !violations) throw error;
  console.error(violations ? violations.join('\n') : (error as Error).message);
  process.exitCode = 1;
}
