import { hotContext } from '../lib/config/context';
import { loadEnvironments } from '../lib/config/load';
import { isUserError } from '../lib/core/errors';

/**
 * Run by `npm run synth|diff|deploy|destroy` before the cdktf CLI: a bad setting prints as plain lines, every
 * one at once, rather than inside the CLI's error frame. The app validates again under the CLI, so a bare
 * `npx cdktf ...` is just as safe, only noisier.
 */
try {
  loadEnvironments({ context: hotContext() });
} catch (error) {
  if (!isUserError(error)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
