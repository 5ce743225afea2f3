import { execFileSync } from 'child_process';
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { ENVIRONMENT_VARIABLES, TERRAFORM_CLOUD_VARIABLES, TOOLING_VARIABLES } from '../lib/config/variables';
import { ALL_RULES } from '../lib/policies';

const root = join(__dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

/** The app runs without type-checking (esbuild strips types); types, lint and format are checked here, in CI. */
describe('static checks', () => {
  it('tsc --noEmit finds no type errors', () => {
    expect(() => execFileSync(bin('tsc'), ['--noEmit', '-p', root], { cwd: root, encoding: 'utf8' })).not.toThrow();
  });

  it('eslint finds no problems (including barrel imports of provider packages)', () => {
    expect(() => execFileSync(bin('eslint'), ['.'], { cwd: root, encoding: 'utf8' })).not.toThrow();
  });

  it('prettier finds every file formatted (npm run format:check)', () => {
    expect(() => execFileSync(bin('prettier'), ['--check', '.'], { cwd: root, encoding: 'utf8' })).not.toThrow();
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

describe('docs in step with the code', () => {
  const read = (...path: string[]) => readFileSync(join(root, ...path), 'utf8');

  it('lib/policies/README.md lists every policy rule', () => {
    const readme = read('lib/policies', 'README.md');
    expect(ALL_RULES.map((rule) => rule.id).filter((id) => !readme.includes(id))).toEqual([]);
  });

  it('lib/config/README.md lists every HOT_* variable synth reads', () => {
    const readme = read('lib/config', 'README.md');
    const names = [
      ...ENVIRONMENT_VARIABLES.map((v) => `HOT_<ENV>_${v.suffix}`),
      ...Object.keys(TERRAFORM_CLOUD_VARIABLES),
      ...TOOLING_VARIABLES,
    ];
    expect(names.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
