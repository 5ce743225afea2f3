import { App } from 'cdktf';
import { hotContext, isUnderCdktfCli } from './lib/config/context';
import { loadEnvironments } from './lib/config/load';
import { runCommand } from './lib/core/run-command';
import { printWarnings } from './lib/core/synth-warnings';
import { addEnvironment } from './stacks/flavours';

// Composition root: read config -> build stacks -> synth. A user's mistake prints as plain lines, no stack.

runCommand(() => {
  const environments = loadEnvironments({ context: hotContext() });
  const app = new App({ stackTraces: false });
  for (const environment of environments) {
    addEnvironment(app, environment, environments);
  }
  app.synth();
  // The cdktf CLI prints the warnings itself; run directly (npm run synth:fast), the app does.
  if (!isUnderCdktfCli()) printWarnings(app.outdir);
});
