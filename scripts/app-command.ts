import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The command cdktf.json's "app" runs, split for spawn; `node` is this very Node binary. */
export function appCommand(projectDir: string): { command: string; args: string[] } {
  const { app } = JSON.parse(readFileSync(join(projectDir, 'cdktf.json'), 'utf8')) as { app: string };
  const [command, ...args] = app.split(/\s+/);
  return { command: command === 'node' ? process.execPath : command, args };
}
