import { execFileSync } from 'child_process';
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

/** The app runs without type-checking (tsx); the types are checked here instead. */
describe('static checks', () => {
  it('tsc --noEmit finds no type errors', () => {
    expect(() => execFileSync(bin('tsc'), ['--noEmit', '-p', root], { cwd: root, encoding: 'utf8' })).not.toThrow();
  });

  it('eslint finds no problems (including barrel imports of provider packages)', () => {
    expect(() => execFileSync(bin('eslint'), ['.'], { cwd: root, encoding: 'utf8' })).not.toThrow();
  });
});

describe('the apps side is blind to the cloud', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
    });
  const files = [join(root, 'stacks', 'apps-stack.ts'), ...sources(join(root, 'lib', 'addons'))];

  it.each(files.map((f) => [f.slice(root.length + 1), f]))(
    '%s never reads the cloud or branches on one',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toMatch(/\b(cluster|description)\.cloud\b/);
      expect(text).not.toMatch(/(===|!==|case)\s*['"](aws|azure|hetzner)['"]/);
    },
  );
});
