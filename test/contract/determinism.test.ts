import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import { loadEnvironments } from '../../lib/config/load';
import { synthEnvironments } from '../support/synth';

function filesUnder(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return out;
}

describe('determinism', () => {
  it('synthesizing twice gives byte-identical output with no machine-specific paths', () => {
    const first = synthEnvironments(loadEnvironments({ env: {} })).outdir;
    const second = synthEnvironments(loadEnvironments({ env: {} })).outdir;
    const a = filesUnder(first);
    const b = filesUnder(second);
    expect(Object.keys(a).length).toBeGreaterThan(2);
    expect(b).toEqual(a);
    for (const text of Object.values(a)) {
      expect(text).not.toContain(first);
      expect(text).not.toContain(process.cwd());
    }
  });
});
