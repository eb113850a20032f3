import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTemporaryName } from '../../experiments/output/atomic-file.js';
import { readReplicationFile } from '../../experiments/run/replication-store.js';
import { differingFiles, listFiles, REPO_ROOT, type CliProcess, type CliResult } from '../experiments/shards/cli-process.js';

/**
 * Issue 7 §3: killing `tokenfactory run` with SIGKILL at random moments never leaves a truncated or
 * corrupt file under its final name, and `--resume` afterwards finishes with exactly the files of an
 * uninterrupted run. Two chains run side by side, each on one output folder, killing a run (with
 * --resume, so each picks up what the killed ones saved) at a seeded random time in [0, T] after it
 * has loaded its scenario, T the time an uninterrupted run of the same kind works after loading
 * (replications, saves, outputs): one chain with charts and report, one without.
 * After every kill each file in the folder is checked: a temporary (`<name>.tmp-<pid>-<hex>`) of a
 * known file, a saved replication that reads back, timing.json that parses, or byte for byte the
 * file of the uninterrupted run (the CSVs also parsed: the reference header, complete rows).
 * Writes are short, so few of those kills come mid-write: ten more kill a process that does nothing
 * but write large files through the same atomic writers, and check what each kill left.
 *
 * The runs are `tokenfactory run` as users start it, compiled JavaScript (what bin/tokenfactory.js
 * loads from dist/): the sources are compiled into a private folder first, because a run under tsx
 * spends seconds compiling before it writes anything, and 20+ runs would not fit in the time.
 */
/** kills per chain: 20 in all; a run with charts costs more (the chart libraries), so that chain has fewer */
const KILLS_PER_CHAIN = { charts: 8, 'no-charts': 12 } as const;
/** kills of a process doing nothing but atomic writes (see WRITER), so that kills land mid-write */
const WRITER_KILLS = 10;
const WRITER_ROWS = 50_000;
/** a chain stops trying after this many runs (kills that came after the run ended do not count) */
const MAX_RUNS_PER_CHAIN = 30;
const SEED = 'tokenfactory-sigkill-7';

let dir: string;
let scenarioPath: string;
/** the compiled project: inside node_modules so that its imports resolve */
let buildDir: string;

/** A started run, and when it has loaded and planned its scenario (or ended before). */
interface StartedRun extends CliProcess {
  working: Promise<void>;
}

/**
 * Starts the compiled `tokenfactory <args>` (the CLI as bin/tokenfactory.js runs it). `working`
 * resolves when the run says on stderr that it starts its replications (`… resuming: k of n …`):
 * what comes before, loading modules, is the part of a run whose length the machine's load decides.
 */
function startCli(args: string[]): StartedRun {
  const env = { ...process.env };
  delete env.TOKENFACTORY_DEBUG;
  const child = spawn(process.execPath, [join(buildDir, 'experiments', 'cli', 'main.js'), ...args], { cwd: REPO_ROOT, env });
  let stdout = '';
  let stderr = '';
  let markWorking: () => void;
  const working = new Promise<void>((resolve) => (markWorking = resolve));
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
    if (stderr.includes(': resuming: ')) markWorking();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      markWorking();
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done, working };
}

/** Compiles the sources as `npm run build` does, into `buildDir` (type errors are tsc's to report elsewhere). */
async function build(): Promise<void> {
  buildDir = join(REPO_ROOT, 'node_modules', '.cache', `tokenfactory-sigkill-${process.pid}`);
  await mkdir(buildDir, { recursive: true });
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', buildDir, '--declaration', 'false', '--sourceMap', 'false'], {
    cwd: REPO_ROOT,
  }).catch(() => undefined);
  if (!existsSync(join(buildDir, 'experiments', 'cli', 'main.js'))) throw new Error(`tsc wrote no ${buildDir}/experiments/cli/main.js`);
  // the version (in run.json and the scenario hash) is read from package.json two folders up
  await copyFile(join(REPO_ROOT, 'package.json'), join(buildDir, 'package.json'));
}
/** the uninterrupted runs: their files, and how long they worked after loading (`workMs`) */
const references = new Map<'charts' | 'no-charts', { dir: string; files: string[]; workMs: number }>();
const chains = new Map<'charts' | 'no-charts', ChainResult>();

interface ChainResult {
  kills: number;
  runs: number;
  /** kills after which replications or outputs were found in the folder */
  killsAfterProgress: number;
  problems: string[];
  final: CliResult;
  finalFiles: string[];
  differing: string[];
}

/** Every run resumes (the first one of a folder finds nothing saved); not --quiet, for the `resuming:` line. */
const runArgs = (out: string, charts: boolean): string[] => ['run', scenarioPath, '--out', out, '--threads', '1', '--resume', ...(charts ? [] : ['--no-charts'])];

/** The problems of one file left in `out` after a kill; [] when it is complete or a recognisable temporary. */
async function checkFile(out: string, name: string, reference: string, referenceFiles: Set<string>): Promise<string[]> {
  const path = join(out, name);
  const temporary = parseTemporaryName(basename(name));
  if (temporary) {
    const finalName = name.slice(0, name.length - basename(name).length) + temporary.finalName;
    return referenceFiles.has(finalName) || /^replications\/rep-\d{6}\.json$/.test(finalName) ? [] : [`${name}: a temporary of an unknown file`];
  }
  if (/^replications\/rep-\d{6}\.json$/.test(name)) {
    try {
      await readReplicationFile(path);
      return [];
    } catch (error) {
      return [`${name}: ${(error as Error).message}`];
    }
  }
  if (name === 'timing.json') {
    try {
      return typeof JSON.parse(await readFile(path, 'utf8')).wallS === 'number' ? [] : [`${name}: no wallS`];
    } catch (error) {
      return [`${name}: ${(error as Error).message}`];
    }
  }
  if (!referenceFiles.has(name)) return [`${name}: not a file of a run`];
  const problems: string[] = [];
  if (name.endsWith('.csv')) {
    const [header, ...rows] = (await readFile(path, 'utf8')).split('\n');
    const [referenceHeader] = (await readFile(join(reference, name), 'utf8')).split('\n');
    if (header !== referenceHeader) problems.push(`${name}: header ${JSON.stringify(header)}`);
    const columns = referenceHeader.split(',').length;
    rows.forEach((row, i) => {
      if (row.split(',').length !== columns) problems.push(`${name}: row ${i + 1} has ${row.split(',').length} of ${columns} fields`);
    });
  }
  if ((await differingFiles(reference, out, [name])).length > 0) problems.push(`${name}: differs from the uninterrupted run's`);
  return problems;
}

async function killChain(kind: 'charts' | 'no-charts', random: () => number): Promise<ChainResult> {
  const reference = references.get(kind)!;
  const referenceFiles = new Set(reference.files);
  const out = join(dir, `killed-${kind}`);
  const result: ChainResult = {
    kills: 0, runs: 0, killsAfterProgress: 0, problems: [],
    final: undefined as unknown as CliResult, finalFiles: [], differing: [],
  };
  while (result.kills < KILLS_PER_CHAIN[kind] && result.runs < MAX_RUNS_PER_CHAIN) {
    result.runs++;
    const delayMs = random() * reference.workMs;
    const run = startCli(runArgs(out, kind === 'charts'));
    let ended = false;
    void run.done.then(() => (ended = true));
    await run.working;
    await new Promise((r) => setTimeout(r, delayMs));
    if (!ended) run.child.kill('SIGKILL');
    const done = await run.done;
    if (done.signal === 'SIGKILL') result.kills++;
    else if (done.code !== 0) result.problems.push(`run ${result.runs} ended with code ${done.code}: ${done.stderr}`);
    const files = existsSync(out) ? await listFiles(out) : [];
    if (done.signal === 'SIGKILL' && files.some((f) => !parseTemporaryName(basename(f)))) result.killsAfterProgress++;
    for (const name of files) result.problems.push(...(await checkFile(out, name, reference.dir, referenceFiles)));
  }
  result.final = await startCli(runArgs(out, kind === 'charts')).done;
  result.finalFiles = await listFiles(out);
  result.differing = await differingFiles(reference.dir, out, result.finalFiles.filter((f) => f !== 'timing.json' && referenceFiles.has(f)));
  return result;
}

/**
 * A process that writes one large CSV and one large JSON file over and over with the writers every
 * output of a run goes through (writeCsvAtomic, writeFileAtomic): a kill at any moment lands mid-write.
 */
const WRITER = `
import { join } from 'node:path';
const [csvWriter, atomicFile, out, rowCount] = process.argv.slice(2);
const { writeCsvAtomic } = await import(csvWriter);
const { writeFileAtomic } = await import(atomicFile);
const rows = Array.from({ length: Number(rowCount) }, (_, i) => ({ row: i, half: i / 2, tier: 'free' }));
const json = JSON.stringify(rows);
process.stdout.write('writing\\n');
for (;;) {
  await writeCsvAtomic(join(out, 'rows.csv'), ['row', 'half', 'tier'], rows);
  await writeFileAtomic(join(out, 'rows.json'), json);
}
`;

interface WriterResult {
  kills: number;
  /** kills that left a temporary file: they came mid-write */
  midWrite: number;
  problems: string[];
}

/** The problems of a folder the writer was killed in: complete files under final names, temporaries otherwise. */
async function checkWriterFolder(out: string): Promise<{ problems: string[]; temporaries: number }> {
  const problems: string[] = [];
  let temporaries = 0;
  for (const name of await listFiles(out)) {
    const temporary = parseTemporaryName(name);
    if (temporary) {
      temporaries++;
      if (!['rows.csv', 'rows.json'].includes(temporary.finalName)) problems.push(`${name}: a temporary of an unknown file`);
    } else if (name === 'rows.csv') {
      const [header, ...rows] = (await readFile(join(out, name), 'utf8')).split('\n');
      if (header !== 'row,half,tier') problems.push(`rows.csv: header ${JSON.stringify(header)}`);
      if (rows.length !== WRITER_ROWS) problems.push(`rows.csv: ${rows.length} of ${WRITER_ROWS} rows`);
      const bad = rows.findIndex((row, i) => row !== `${i},${i / 2},free`);
      if (bad >= 0) problems.push(`rows.csv: row ${bad + 1} is ${JSON.stringify(rows[bad])}`);
    } else if (name === 'rows.json') {
      try {
        const rows = JSON.parse(await readFile(join(out, name), 'utf8')) as unknown[];
        if (rows.length !== WRITER_ROWS) problems.push(`rows.json: ${rows.length} of ${WRITER_ROWS} rows`);
      } catch (error) {
        problems.push(`rows.json: ${(error as Error).message}`);
      }
    } else {
      problems.push(`${name}: not a file the writer writes`);
    }
  }
  return { problems, temporaries };
}

async function killWriter(delays: number[]): Promise<WriterResult> {
  const script = join(dir, 'writer.mjs');
  await writeFile(script, WRITER);
  const modules = ['output/csv-writer.js', 'output/atomic-file.js'].map((m) => pathToFileURL(join(buildDir, 'experiments', m)).href);
  const result: WriterResult = { kills: 0, midWrite: 0, problems: [] };
  for (const [k, delay] of delays.entries()) {
    const out = join(dir, `writer-${k}`);
    await mkdir(out);
    const child = spawn(process.execPath, [script, ...modules, out, String(WRITER_ROWS)], { cwd: REPO_ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    // one write of both files takes a few hundred milliseconds: almost any moment is during one
    await new Promise((r) => setTimeout(r, delay * 600));
    child.kill('SIGKILL');
    if ((await closed) === 'SIGKILL') result.kills++;
    else result.problems.push(`writer ${k} ended by itself: ${stderr}`);
    const { problems, temporaries } = await checkWriterFolder(out);
    result.problems.push(...problems.map((p) => `writer ${k}: ${p}`));
    if (temporaries > 0) result.midWrite++;
  }
  return result;
}

let writer: WriterResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-sigkill-'));
  await build();
  // the tiny factory with eight replications of 1-s intervals, so that a run spends a good part of its
  // time saving replications and writing outputs of some size (~0.5 MB of CSV, charts of 880 points)
  const scenario = JSON.parse(await readFile(new URL('../fixtures/tiny-factory.json', import.meta.url), 'utf8'));
  scenario.name = 'sigkill-factory';
  scenario.simulation = { ...scenario.simulation, durationS: 120, warmupS: 10, intervalS: 1, replications: 8 };
  scenarioPath = join(dir, 'sigkill-factory.json');
  await writeFile(scenarioPath, JSON.stringify(scenario, null, 2));

  await Promise.all(
    (['charts', 'no-charts'] as const).map(async (kind) => {
      const out = join(dir, `reference-${kind}`);
      const run = startCli(runArgs(out, kind === 'charts'));
      await run.working;
      const workStartMs = performance.now();
      const done = await run.done;
      if (done.code !== 0) throw new Error(`the uninterrupted run failed (${done.code}): ${done.stderr}`);
      references.set(kind, { dir: out, files: await listFiles(out), workMs: performance.now() - workStartMs });
    }),
  );
  const random = seedrandom(SEED);
  // both chains draw from one seeded stream, in turn, before they start: the kill times are fixed
  const delays = { charts: [] as number[], 'no-charts': [] as number[] };
  for (let i = 0; i < MAX_RUNS_PER_CHAIN; i++) for (const kind of ['charts', 'no-charts'] as const) delays[kind].push(random());
  const writerDelays = Array.from({ length: WRITER_KILLS }, () => random());
  await Promise.all([
    ...(['charts', 'no-charts'] as const).map(async (kind) => {
      const draws = delays[kind][Symbol.iterator]();
      chains.set(kind, await killChain(kind, () => draws.next().value ?? 0.5));
    }),
    killWriter(writerDelays).then((result) => (writer = result)),
  ]);
}, 240_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  if (buildDir) await rm(buildDir, { recursive: true, force: true });
});

describe.each(['charts', 'no-charts'] as const)('SIGKILL at random moments (%s)', (kind) => {
  it(`lands ${KILLS_PER_CHAIN[kind]} kills, some of them after replications or outputs were written`, () => {
    const chain = chains.get(kind)!;
    expect(chain.kills, `${chain.runs} runs`).toBe(KILLS_PER_CHAIN[kind]);
    expect(chain.killsAfterProgress).toBeGreaterThan(0);
  });

  it('never leaves a truncated or corrupt file under its final name', () => {
    const chain = chains.get(kind)!;
    expect(chain.problems).toEqual([]);
  });

  it('--resume then writes exactly the files of an uninterrupted run, byte for byte (timing.json aside), and no temporaries', () => {
    const chain = chains.get(kind)!;
    expect(chain.final.code, chain.final.stderr).toBe(0);
    expect(chain.finalFiles).toEqual(references.get(kind)!.files);
    expect(chain.differing).toEqual([]);
  });
});

describe(`SIGKILL in the middle of writing (${WRITER_KILLS} kills of a process writing ${WRITER_ROWS.toLocaleString('en-US')}-row files in a loop)`, () => {
  it('leaves under the final names only complete files, and the rest under temporary names', () => {
    expect(writer.problems).toEqual([]);
    expect(writer.kills).toBe(WRITER_KILLS);
    // most kills come while a file is being written (what the temporaries left behind show)
    expect(writer.midWrite).toBeGreaterThan(WRITER_KILLS / 2);
  });
});

it('the uninterrupted runs write charts and a report only when asked', () => {
  expect(references.get('charts')!.files).toContain('report.html');
  expect(references.get('no-charts')!.files.some((f) => f.startsWith('charts/') || f === 'report.html')).toBe(false);
});
