import { execFileSync } from 'child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';

const ROOT = join(__dirname, '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function tree(dir: string): Record<string, string> {
  return Object.fromEntries(filesUnder(dir).map((file) => [relative(dir, file), readFileSync(file, 'utf8')]));
}

/**
 * `.gen/` is generated offline by cdktf's own generator from the schemas in providers/schemas/ (no terraform
 * init, no registry). Regenerating into a scratch copy of the project must give the committed files back.
 */
describe('provider bindings', () => {
  const config = JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')) as { terraformProviders: string[] };

  it('pins each generated provider to an exact version with a schema of that version', () => {
    expect(config.terraformProviders).toEqual(['hetznercloud/hcloud@1.68.0', 'siderolabs/talos@0.11.0']);
    const schemas = readdirSync(join(ROOT, 'providers/schemas')).filter((f) => f.endsWith('.json'));
    expect(schemas.sort()).toEqual(['hcloud@1.68.0.json', 'talos@0.11.0.json']);
    for (const file of schemas) {
      const schema = JSON.parse(readFileSync(join(ROOT, 'providers/schemas', file), 'utf8')) as {
        provider_versions: Record<string, string>;
      };
      expect(Object.values(schema.provider_versions)).toEqual([file.replace(/^.*@|\.json$/g, '')]);
    }
  });

  it('regenerates .gen/ identically, offline', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'hot-bindings-'));
    writeFileSync(join(scratch, 'cdktf.json'), JSON.stringify({ ...config, app: 'true', codeMakerOutput: '.gen' }));
    writeFileSync(join(scratch, 'package.json'), '{"name":"bindings-check","version":"0.0.0","private":true}');
    symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'));
    // The cache directory is read only on a hit, but a miss would write into it: hand the CLI a copy.
    cpSync(join(ROOT, 'providers/schemas'), join(scratch, 'schemas'), { recursive: true });
    execFileSync(join(ROOT, 'node_modules/.bin/cdktf'), ['get'], {
      cwd: scratch,
      stdio: 'pipe',
      env: {
        ...process.env,
        CHECKPOINT_DISABLE: '1',
        CDKTF_EXPERIMENTAL_PROVIDER_SCHEMA_CACHE_PATH: join(scratch, 'schemas'),
        // A cache miss would run `terraform init` against the registry; with no network it must fail, not hang.
        TF_REGISTRY_DISCOVERY_RETRY: '0',
      },
    });
    expect(tree(join(scratch, '.gen'))).toEqual(tree(join(ROOT, '.gen')));
    // Every schema was a cache hit: a miss would have written a file named after cdktf's key.
    expect(readdirSync(join(scratch, 'schemas')).sort()).toEqual([
      'README.md',
      'hcloud@1.68.0.json',
      'talos@0.11.0.json',
    ]);
  });
});
