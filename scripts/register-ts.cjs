'use strict';
/**
 * Lets `node` run the app's TypeScript without type-checking it (tsc --noEmit does that in the tests):
 * `node --require ./scripts/register-ts.cjs main.ts`, what cdktf.json's "app" runs.
 *
 * esbuild strips the types of each .ts file once; the result is kept under node_modules/.cache, keyed by the
 * file's path and content. Only .ts files go through here. That is the difference from tsx, whose CommonJS
 * hook also lexes every JavaScript file that is loaded, node_modules included: a third of the time of
 * synthesizing the default stacks (README, Benchmark).
 *
 * Compiled code is cached by V8 between runs too (v8-compile-cache-lib). Source maps cost another fifth, so they are off; with HOT_SOURCE_MAPS=1 (`npm run synth:debug`) a crash
 * points at the TypeScript line.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const esbuild = require('esbuild');

const CACHE_DIR = path.join(__dirname, '..', 'node_modules', '.cache', 'hot-infra-ts');
const SOURCE_MAPS = process.env.HOT_SOURCE_MAPS === '1';
const OPTIONS = { loader: 'ts', format: 'cjs', target: 'node22', sourcemap: SOURCE_MAPS ? 'inline' : false };
const OPTIONS_KEY = `${esbuild.version}:${JSON.stringify(OPTIONS)}`;

if (SOURCE_MAPS) process.setSourceMapsEnabled(true);
fs.mkdirSync(CACHE_DIR, { recursive: true });

// V8's compiled code of every CommonJS module, kept between runs: the provider bindings are megabytes of
// JavaScript (a Job or Deployment schema alone is 5 MB) that V8 would otherwise parse and compile on every synth.
// V8 refuses a cached entry whose source changed, so a stale cache costs one compile, never a wrong result.
require('v8-compile-cache-lib').install({
  cacheDir: path.join(__dirname, '..', 'node_modules', '.cache', 'hot-infra-v8'),
});

function transpile(filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(OPTIONS_KEY).update(filename).update(source).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    const { code } = esbuild.transformSync(source, { ...OPTIONS, sourcefile: filename });
    // Write then rename, so a parallel run never reads half a file.
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, cached);
    return code;
  }
}

Module._extensions['.ts'] = function compileTypeScript(module, filename) {
  module._compile(transpile(filename), filename);
};
