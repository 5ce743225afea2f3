/**
 * Synth benchmark: how long and how much memory it takes to synthesize every default stack,
 * three ways, so "the project's way is fast" stays a measured claim rather than a belief.
 *
 *   project  - what cdktf.json's "app" runs: `node --require ./scripts/register-ts.cjs main.ts` (esbuild
 *              strips types; see scripts/register-ts.cjs).
 *   template - what `cdktf init --template typescript` sets up: `ts-node main.ts`, type-checking ON.
 *   floor    - an empty cdktf App with one empty TerraformStack, plain JS under `node`: the cost
 *              of Node + cdktf itself, which no change to this project can go below.
 *
 * Usage: npm run bench   (env: BENCH_RUNS=<n> timed runs per variant, default 5;
 *                              BENCH_NO_FAIL=1 to report without failing the exit code)
 *
 * Peak memory: while a run is alive we sample, every POLL_INTERVAL_MS, the process tree below the
 * child we spawned (via /proc/<pid>/task/<tid>/children) and keep each process's last-seen VmHWM
 * (the kernel's per-process RSS high-water mark, so a peak between two samples is not lost).
 *   - "tree peak"   = sum of those per-process high-water marks. Launchers such as tsx run the app in
 *                     a second node process, so a single-process figure would hide the launcher's
 *                     memory; the sum is an upper bound on what the machine had to hold at once. The memory goal is
 *                     checked against this figure because it is the conservative one.
 *   - "max RSS"     = the largest single process. When GNU time is installed we take its %M
 *                     (the kernel's ru_maxrss from wait4: exact, no sampling); otherwise the
 *                     largest polled VmHWM. Kept as a cross-check of the sampler.
 * Wall time is process.hrtime around spawn -> exit (GNU time's %e only has 10 ms resolution).
 * MB here are decimal (1 MB = 1,000,000 bytes), the stricter reading of the "300 MB" goal.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appCommand } from './app-command';

const PROJECT_DIR = path.resolve(__dirname, '..');
const BIN_DIR = path.join(PROJECT_DIR, 'node_modules', '.bin');
const GNU_TIME = '/usr/bin/time';
const POLL_INTERVAL_MS = 20;
const KIB = 1024;
const BYTES_PER_MB = 1_000_000;

const GOALS = {
  projectMaxWallSeconds: 1.5,
  projectMaxTreePeakMb: 300,
  templateOverProjectMinTimeRatio: 3,
} as const;

type VariantName = 'project' | 'template' | 'floor';

interface Variant {
  readonly name: VariantName;
  readonly description: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Extra env for this variant; `null` deletes an inherited variable. */
  readonly env: Readonly<Record<string, string | null>>;
}

interface RunResult {
  readonly wallSeconds: number;
  readonly treePeakKib: number;
  readonly maxRssKib: number;
  /** Largest single-process VmHWM seen by the sampler: compared with GNU time's exact %M in bench.json. */
  readonly sampledMaxRssKib: number;
  readonly stackNames: readonly string[];
}

interface VariantSummary {
  readonly name: VariantName;
  readonly description: string;
  readonly runs: readonly RunResult[];
  readonly medianWallSeconds: number;
  readonly medianTreePeakMb: number;
  readonly medianMaxRssMb: number;
  readonly stackCount: number;
}

interface GoalResult {
  readonly goal: string;
  readonly actual: string;
  readonly pass: boolean;
}

function main(): void {
  void run().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  });
}

async function run(): Promise<void> {
  const runCount = parseRunCount(process.env.BENCH_RUNS);
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-bench-'));
  try {
    const variants = buildVariants(scratchDir);
    const useGnuTime = isExecutable(GNU_TIME);
    console.log(
      `cdktf synth benchmark: ${runCount} timed run(s) per variant after 1 warm-up, ` +
        `${os.cpus().length} CPU(s), node ${process.version}, peak memory via /proc VmHWM sampling` +
        (useGnuTime ? ` + ${GNU_TIME} %M` : ` (${GNU_TIME} not found)`),
    );

    // Warm-ups fill the OS page cache (node_modules, tsx/esbuild binaries) so the first timed
    // run of a variant is not penalised for cold disk reads; their results are only validated.
    for (const variant of variants) {
      process.stdout.write(`  warm-up ${variant.name} ...`);
      const result = await runOnce(variant, scratchDir, useGnuTime);
      console.log(` ${formatSeconds(result.wallSeconds)} s, stacks: ${result.stackNames.join(', ')}`);
    }

    // Rounds interleave the variants, so slow drift on the machine (thermal, noisy neighbours)
    // spreads over all of them instead of biasing whichever ran last.
    const runsByVariant = new Map<VariantName, RunResult[]>(variants.map((variant) => [variant.name, []]));
    for (let round = 1; round <= runCount; round++) {
      const line: string[] = [];
      for (const variant of variants) {
        const result = await runOnce(variant, scratchDir, useGnuTime);
        runsByVariant.get(variant.name)?.push(result);
        line.push(`${variant.name} ${formatSeconds(result.wallSeconds)} s/${formatMb(result.treePeakKib)} MB`);
      }
      console.log(`  run ${round}/${runCount}: ${line.join('  ')}`);
    }

    const summaries = variants.map((variant) => summarise(variant, runsByVariant.get(variant.name) ?? []));
    const project = findSummary(summaries, 'project');
    const template = findSummary(summaries, 'template');
    const floor = findSummary(summaries, 'floor');

    // The template variant must synthesize exactly what the project does, or the comparison is moot.
    assertSameStacks(project, template);

    printTable(summaries);
    const templateOverProject = template.medianWallSeconds / project.medianWallSeconds;
    const projectOverFloor = project.medianWallSeconds / floor.medianWallSeconds;
    console.log('');
    console.log(`template/project time: ${templateOverProject.toFixed(2)}x`);
    console.log(`project/floor time:    ${projectOverFloor.toFixed(2)}x`);
    console.log(
      `project/floor memory:  ${(project.medianTreePeakMb / floor.medianTreePeakMb).toFixed(2)}x (tree peak)`,
    );

    const goals: GoalResult[] = [
      {
        goal: `project median wall <= ${GOALS.projectMaxWallSeconds} s`,
        actual: `${formatSeconds(project.medianWallSeconds)} s`,
        pass: project.medianWallSeconds <= GOALS.projectMaxWallSeconds,
      },
      {
        goal: `project median tree peak <= ${GOALS.projectMaxTreePeakMb} MB`,
        actual: `${project.medianTreePeakMb.toFixed(1)} MB`,
        pass: project.medianTreePeakMb <= GOALS.projectMaxTreePeakMb,
      },
      {
        goal: `template/project time >= ${GOALS.templateOverProjectMinTimeRatio}x`,
        actual: `${templateOverProject.toFixed(2)}x`,
        pass: templateOverProject >= GOALS.templateOverProjectMinTimeRatio,
      },
    ];
    console.log('');
    for (const goal of goals) {
      console.log(`${goal.pass ? 'PASS' : 'FAIL'}  ${goal.goal}  (actual ${goal.actual})`);
    }

    const reportPath = writeReport({
      generatedAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, platform: `${os.type()} ${os.release()}` },
      method: {
        runsPerVariant: runCount,
        warmUpsPerVariant: 1,
        wallTime: 'process.hrtime.bigint() around spawn -> exit, seconds',
        treePeakMb: `sum of per-process VmHWM over the spawned process tree, sampled every ${POLL_INTERVAL_MS} ms, decimal MB`,
        maxRssMb: useGnuTime
          ? `${GNU_TIME} %M (ru_maxrss), decimal MB`
          : 'largest per-process VmHWM sampled, decimal MB',
      },
      variants: summaries.map((summary) => ({
        ...summary,
        runs: summary.runs.map((result) => ({
          wallSeconds: round3(result.wallSeconds),
          treePeakMb: round3(kibToMb(result.treePeakKib)),
          maxRssMb: round3(kibToMb(result.maxRssKib)),
          sampledMaxRssMb: round3(kibToMb(result.sampledMaxRssKib)),
        })),
      })),
      ratios: {
        templateOverProjectTime: round3(templateOverProject),
        projectOverFloorTime: round3(projectOverFloor),
      },
      goals,
    });
    console.log(`\nresults written to ${path.relative(PROJECT_DIR, reportPath)}`);

    const allPass = goals.every((goal) => goal.pass);
    if (!allPass && process.env.BENCH_NO_FAIL !== '1') process.exitCode = 1;
  } finally {
    fs.rmSync(scratchDir, { recursive: true, force: true });
  }
}

function buildVariants(scratchDir: string): Variant[] {
  // The floor app lives outside the project so no tsconfig/loader can touch it; it resolves cdktf
  // by absolute path so it measures the exact cdktf copy the project uses.
  const floorAppPath = path.join(scratchDir, 'floor-app.js');
  const cdktfEntry = require.resolve('cdktf', { paths: [PROJECT_DIR] });
  fs.writeFileSync(
    floorAppPath,
    [
      `const { App, TerraformStack } = require(${JSON.stringify(cdktfEntry)});`,
      'const app = new App();',
      "new TerraformStack(app, 'floor');",
      'app.synth();',
      '',
    ].join('\n'),
  );

  return [
    {
      name: 'project',
      description: 'cdktf.json "app" (esbuild, no type check)',
      ...appCommand(PROJECT_DIR),
      cwd: PROJECT_DIR,
      env: {},
    },
    {
      name: 'template',
      description: 'ts-node main.ts (type-checked)',
      command: path.join(BIN_DIR, 'ts-node'),
      args: ['main.ts'],
      cwd: PROJECT_DIR,
      // Type-checking must really be on: drop every inherited TS_NODE_* switch that could turn it
      // off (TRANSPILE_ONLY, SWC, TRANSPILER, COMPILER_OPTIONS ...). No compiler-options override
      // is needed for tsconfig's "noEmit"/"incremental": ts-node 10.9.2 forces noEmit:false itself
      // (TS_NODE_COMPILER_OPTIONS in ts-node/dist/configuration.js) and only consults "incremental"
      // in its emit path, so it accepts this tsconfig unchanged - verified by running it and by a
      // deliberate TS2322 being reported.
      env: Object.fromEntries(
        Object.keys(process.env)
          .filter((key) => key.startsWith('TS_NODE_'))
          .map((key) => [key, null]),
      ),
    },
    {
      name: 'floor',
      description: 'node, empty App + 1 empty stack',
      command: process.execPath,
      args: [floorAppPath],
      cwd: scratchDir,
      env: {},
    },
  ];
}

async function runOnce(variant: Variant, scratchDir: string, useGnuTime: boolean): Promise<RunResult> {
  // A fresh outdir per run: runs must not clobber each other or the developer's cdktf.out, and
  // a stack left over from an earlier run must not be counted as synthesized by this one.
  const outdir = fs.mkdtempSync(path.join(scratchDir, `${variant.name}-out-`));
  const timeOutputPath = path.join(outdir, '..', `${path.basename(outdir)}.time`);
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: outdir };
  for (const [key, value] of Object.entries(variant.env)) {
    if (value === null) delete env[key];
    else env[key] = value;
  }

  // GNU time writes to its own file (-o) so its line cannot interleave with the app's stderr.
  const [command, args] = useGnuTime
    ? [GNU_TIME, ['-f', '%e %M', '-o', timeOutputPath, variant.command, ...variant.args]]
    : [variant.command, [...variant.args]];

  const stderrChunks: Buffer[] = [];
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { cwd: variant.cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (chunk: Buffer) => stderrChunks.push(chunk));

  const rootPid = child.pid;
  if (rootPid === undefined) throw new Error(`${variant.name}: could not spawn ${command}`);
  const highWaterKibByPid = new Map<number, number>();
  const sample = (): void => {
    // When GNU time is the root, its own ~2 MB is not part of the app, so only its descendants count.
    const pids = useGnuTime ? descendantsOf(rootPid) : [rootPid, ...descendantsOf(rootPid)];
    for (const pid of pids) {
      const highWaterKib = readHighWaterKib(pid);
      if (highWaterKib !== undefined) {
        highWaterKibByPid.set(pid, Math.max(highWaterKib, highWaterKibByPid.get(pid) ?? 0));
      }
    }
  };
  sample();
  const poller = setInterval(sample, POLL_INTERVAL_MS);

  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(poller);

  if (exitCode !== 0) {
    throw new Error(`${variant.name} exited with ${exitCode}:\n${Buffer.concat(stderrChunks).toString()}`);
  }

  const polledValues = [...highWaterKibByPid.values()];
  const polledLargestKib = Math.max(0, ...polledValues);
  const gnuTimeMaxRssKib = useGnuTime ? parseGnuTimeMaxRss(timeOutputPath) : undefined;
  const maxRssKib = gnuTimeMaxRssKib ?? polledLargestKib;
  // If the largest process grew after our last sample, GNU time's exact figure says by how much;
  // add that to the tree sum so the sum never falls below the single-process maximum.
  const missedGrowthKib = Math.max(0, maxRssKib - polledLargestKib);
  const treePeakKib = polledValues.reduce((sum, value) => sum + value, 0) + missedGrowthKib;

  const stackNames = verifyStacks(variant.name, outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.rmSync(timeOutputPath, { force: true });
  return { wallSeconds, treePeakKib, maxRssKib, sampledMaxRssKib: polledLargestKib, stackNames };
}

/** All descendants of a pid, via the per-thread `children` files (cheap; no full /proc scan). */
function descendantsOf(rootPid: number): number[] {
  const found: number[] = [];
  const queue = [rootPid];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of childrenOf(pid)) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function childrenOf(pid: number): number[] {
  const taskDir = `/proc/${pid}/task`;
  let taskIds: string[];
  try {
    taskIds = fs.readdirSync(taskDir);
  } catch {
    return []; // Process already exited between samples.
  }
  const children: number[] = [];
  // Any thread may have forked, so every thread's children file is read, not only the main one.
  for (const taskId of taskIds) {
    try {
      const text = fs.readFileSync(`${taskDir}/${taskId}/children`, 'utf8').trim();
      if (text !== '') children.push(...text.split(/\s+/).map(Number));
    } catch {
      // Thread or process went away mid-read; the next sample sees the new state.
    }
  }
  return children;
}

function readHighWaterKib(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined; // Exited; its last sampled value is kept.
  }
}

function parseGnuTimeMaxRss(timeOutputPath: string): number | undefined {
  // With -o, a non-zero exit adds a "Command exited with non-zero status" line, so take the last line.
  const lines = fs.readFileSync(timeOutputPath, 'utf8').trim().split('\n');
  const fields = lines[lines.length - 1]?.split(' ') ?? [];
  const maxRssKib = Number(fields[1]);
  return Number.isFinite(maxRssKib) && maxRssKib > 0 ? maxRssKib : undefined;
}

/**
 * Every stack the manifest lists must have its directory and synthesized JSON on disk, and there
 * must be no directory the manifest does not list; returns the stack names, sorted.
 */
function verifyStacks(variantName: VariantName, outdir: string): string[] {
  const manifestPath = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`${variantName}: no manifest.json in ${outdir}`);
  const manifest: unknown = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const manifestStacks = isRecord(manifest) && isRecord(manifest.stacks) ? manifest.stacks : {};
  const listed = Object.keys(manifestStacks).sort();

  const stacksDir = path.join(outdir, 'stacks');
  const onDisk = fs.existsSync(stacksDir)
    ? fs
        .readdirSync(stacksDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];

  if (onDisk.length === 0) throw new Error(`${variantName}: no stacks synthesized in ${stacksDir}`);
  if (listed.join('\n') !== onDisk.join('\n')) {
    throw new Error(`${variantName}: manifest lists [${listed.join(', ')}] but stacks/ has [${onDisk.join(', ')}]`);
  }
  for (const name of onDisk) {
    if (!fs.existsSync(path.join(stacksDir, name, 'cdk.tf.json'))) {
      throw new Error(`${variantName}: stack ${name} has no cdk.tf.json`);
    }
  }
  if (variantName === 'floor' && onDisk.length !== 1) {
    throw new Error(`floor: expected exactly 1 stack, got ${onDisk.length}`);
  }
  return onDisk;
}

function assertSameStacks(project: VariantSummary, template: VariantSummary): void {
  const projectStacks = project.runs[0]?.stackNames.join(', ') ?? '';
  for (const result of [...project.runs, ...template.runs]) {
    const stacks = result.stackNames.join(', ');
    if (stacks !== projectStacks) {
      throw new Error(`stack sets differ between runs: [${projectStacks}] vs [${stacks}]`);
    }
  }
}

function summarise(variant: Variant, runs: RunResult[]): VariantSummary {
  return {
    name: variant.name,
    description: variant.description,
    runs,
    medianWallSeconds: median(runs.map((result) => result.wallSeconds)),
    medianTreePeakMb: kibToMb(median(runs.map((result) => result.treePeakKib))),
    medianMaxRssMb: kibToMb(median(runs.map((result) => result.maxRssKib))),
    stackCount: runs[0]?.stackNames.length ?? 0,
  };
}

function printTable(summaries: readonly VariantSummary[]): void {
  const header = ['variant', 'command', 'stacks', 'median wall s', 'median tree peak MB', 'median max RSS MB'];
  const rows = summaries.map((summary) => [
    summary.name,
    summary.description,
    String(summary.stackCount),
    formatSeconds(summary.medianWallSeconds),
    summary.medianTreePeakMb.toFixed(1),
    summary.medianMaxRssMb.toFixed(1),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ');
  console.log('');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(format(row));
}

function writeReport(report: Record<string, unknown>): string {
  // cdktf.out is gitignored, so the report never shows up as a change to commit.
  const reportDir = path.join(PROJECT_DIR, 'cdktf.out');
  fs.mkdirSync(reportDir, { recursive: true });
  const reportPath = path.join(reportDir, 'bench.json');
  fs.writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  return reportPath;
}

function findSummary(summaries: readonly VariantSummary[], name: VariantName): VariantSummary {
  const summary = summaries.find((candidate) => candidate.name === name);
  if (summary === undefined) throw new Error(`no results for ${name}`);
  return summary;
}

function parseRunCount(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 5;
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 1) throw new Error(`BENCH_RUNS must be a positive integer, got "${raw}"`);
  return count;
}

function isExecutable(filePath: string): boolean {
  try {
    fs.accessSync(filePath, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function kibToMb(kib: number): number {
  return (kib * KIB) / BYTES_PER_MB;
}

function formatMb(kib: number): string {
  return kibToMb(kib).toFixed(0);
}

function formatSeconds(seconds: number): string {
  return seconds.toFixed(2);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

main();
