import { execFileSync } from 'child_process';
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
