import { App } from 'cdktf';
import { loadEnvironments } from './lib/config/load';
import { isUserError } from './lib/core/errors';
import { quietStackTraces } from './lib/core/quiet-stack-traces';
import { addEnvironment } from './stacks/flavours';

// Composition root: read config -> build stacks -> synth. A user's mistake prints as plain lines, no stack.

const traces = quietStackTraces();
try {
  const app = new App({ stackTraces: false });
  for (const environment of loadEnvironments({ context: app.node.tryGetContext('hot') })) {
    addEnvironment(app, environment);
  }
  app.synth();
} catch (error) {
  traces.restore();
  if (!isUserError(error) && !isPolicyFailure(error)) throw error;
  console.error((error as Error).message);
  process.exitCode = 1;
}

function isPolicyFailure(error: unknown): boolean {
  return error instanceof Error && /HOT-[A-Z]+-\d{3} /.test(error.message);
}
