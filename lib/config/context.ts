import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { HotError } from '../core/errors';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The cdktf context key `hot`, from CDKTF_CONTEXT_JSON (what cdktf's App reads too). A `context` in cdktf.json
 * is refused: the cdktf CLI (cdktf synth, diff, deploy) replaces CDKTF_CONTEXT_JSON with it, while
 * `npm run synth:fast` and the tests never read it, so the same settings would build different stacks
 * depending on the command.
 */
export function hotContext(projectDir = process.cwd(), env: Env = process.env): unknown {
  const file = join(projectDir, 'cdktf.json');
  if (existsSync(file) && 'context' in (JSON.parse(readFileSync(file, 'utf8')) as object)) {
    throw new HotError({
      setting: 'cdktf.json "context"',
      fix: 'the cdktf CLI lets it replace CDKTF_CONTEXT_JSON, so commands would build different stacks; move it to CDKTF_CONTEXT_JSON (e.g. CDKTF_CONTEXT_JSON="$(cat settings.json)") and delete the key',
    });
  }
  return cdktfContext(env).hot;
}

/** True when the cdktf CLI runs the app: it adds this key to the context of every synth. */
export function isUnderCdktfCli(env: Env = process.env): boolean {
  return cdktfContext(env).cdktfRelativeModules !== undefined;
}

function cdktfContext(env: Env): Record<string, unknown> {
  const text = env.CDKTF_CONTEXT_JSON;
  if (text === undefined || text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  throw new HotError({
    setting: 'CDKTF_CONTEXT_JSON',
    fix: 'is not a JSON object; write it as {"hot": {"environments": {...}}} (lib/config/README.md)',
  });
}
