import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_FILES } from '../../../experiments/output/write-run.js';

/**
 * The CLI as a user meets it: a subprocess (`node --import tsx experiments/cli/main.ts …` from the
 * repository root). Issue 7 §1 and issue 5 §8: a mistake is one line on stderr naming the JSON path or
 * the flag, exit code 2, no stack trace, no output folder. Each spawn costs a second or more of CPU, so
 * every spawn happens once, a few at a time, in beforeAll; the tests only read their results.
 */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = import.meta.resolve('tsx');
const FIXTURE = fileURLToPath(new URL('../../fixtures/tiny-factory.json', import.meta.url));
/** at most this many CLI processes at once (2 cores, shared) */
const CONCURRENCY = 3;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<CliResult> {
  const env = { ...process.env };
  delete env.TOKENFACTORY_DEBUG; // the one switch that may print a stack trace
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, 'experiments/cli/main.ts', ...args],
      { cwd: REPO_ROOT, env, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function inBatches<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await run(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}

interface ErrorCase {
  name: string;
  /** arguments after `run`, before `--out` */
  args: (dir: string) => string[];
  /** what the one stderr line must contain: the field or flag, and the problem */
  mentions: string[];
  /** the whole line, where the wording is specified (README, GUIDE) */
  exactly?: string;
}

const fixture = JSON.parse(await readFile(FIXTURE, 'utf8'));
const variant = (edit: (f: any) => void): string => {
  const copy = structuredClone(fixture);
  edit(copy);
  return `${JSON.stringify(copy, null, 2)}\n`;
};

const ERROR_CASES: ErrorCase[] = [
  {
    name: 'a missing scenario file',
    args: (dir) => [join(dir, 'no-such-scenario.json')],
    mentions: ['no-such-scenario.json', 'not found'],
  },
  {
    name: 'a file that is not JSON',
    args: (dir) => [join(dir, 'truncated.json')],
    mentions: ['truncated.json', 'not valid JSON'],
  },
  {
    name: 'a negative price',
    args: (dir) => [join(dir, 'negative-price.json')],
    mentions: ['tiers[0].priceUsdPerMTokOut', '-3'],
    exactly: 'tokenfactory: tiers[0].priceUsdPerMTokOut: must be ≥ 0, got -3',
  },
  {
    name: 'an unknown rack, with a "did you mean"',
    args: (dir) => [join(dir, 'unknown-rack.json')],
    mentions: ['tiers[1].hardware.rack', 'hgx-h10', 'did you mean "hgx-h100"'],
  },
  {
    name: 'an unknown key, with a "did you mean"',
    args: (dir) => [join(dir, 'unknown-key.json')],
    mentions: ['simulation', 'duraton', 'did you mean "durationS"'],
  },
  {
    name: 'a bad flag value (--replications 0)',
    args: () => [FIXTURE, '--replications', '0'],
    mentions: ['--replications', '0'],
  },
  {
    name: 'an unknown option',
    args: () => [FIXTURE, '--replicatons', '3'],
    mentions: ['--replicatons'],
  },
];

describe('tokenfactory CLI', () => {
  let dir: string;
  const errors = new Map<string, { result: CliResult; outDir: string }>();
  let success: CliResult;
  let successDir: string;
  let help: CliResult;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tf-cli-'));
    await writeFile(join(dir, 'truncated.json'), '{ "name": "truncated", "factory": { "powerCapMw": 1 ');
    await writeFile(join(dir, 'negative-price.json'), variant((f) => (f.tiers[0].priceUsdPerMTokOut = -3)));
    await writeFile(join(dir, 'unknown-rack.json'), variant((f) => (f.tiers[1].hardware.rack = 'hgx-h10')));
    await writeFile(join(dir, 'unknown-key.json'), variant((f) => (f.simulation.duraton = 30)));
    successDir = join(dir, 'ok', 'nested');
    type Job = { kind: 'error'; c: ErrorCase; outDir: string } | { kind: 'success' } | { kind: 'help' };
    const jobs: Job[] = [
      { kind: 'success' },
      ...ERROR_CASES.map((c, i): Job => ({ kind: 'error', c, outDir: join(dir, `out-${i}`) })),
      { kind: 'help' },
    ];
    await inBatches(jobs, CONCURRENCY, async (job) => {
      if (job.kind === 'success') {
        success = await cli(['run', FIXTURE, '--out', successDir, '--no-charts', '--quiet', '--threads', '1']);
      } else if (job.kind === 'help') {
        help = await cli(['run', '--help']);
      } else {
        errors.set(job.c.name, { result: await cli(['run', ...job.c.args(dir), '--out', job.outDir]), outDir: job.outDir });
      }
    });
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe.each(ERROR_CASES)('rejects $name', (c) => {
    it('with exit code 2 and one line on stderr naming the problem, no stack trace, no output folder', () => {
      const { result, outDir } = errors.get(c.name)!;
      const lines = result.stderr.split('\n').filter((l) => l.length > 0);
      expect(result.code, result.stderr).toBe(2);
      expect(lines, `stderr:\n${result.stderr}`).toHaveLength(1);
      expect(lines[0]).toMatch(/^tokenfactory: /);
      for (const m of c.mentions) expect(lines[0]).toContain(m);
      if (c.exactly) expect(lines[0]).toBe(c.exactly);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stdout).toBe('');
      expect(existsSync(outDir), `${outDir} was created`).toBe(false);
    });
  });

  it('runs a tiny scenario and writes every file the README lists (charts off)', async () => {
    expect(success.code, success.stderr).toBe(0);
    expect(success.stderr).toBe(''); // --quiet: no progress
    expect(success.stdout).toBe(''); // --quiet: no summary table
    const files = (await readdir(successDir)).sort();
    expect(files).toEqual([...RUN_FILES, 'timing.json'].sort());
    const replications = fixture.simulation.replications as number;
    const tiers = fixture.tiers.length as number;
    const expectedHeaders: Record<string, string[]> = {
      'summary.csv': ['metric', 'scope', 'unit', 'replications', 'mean', 'ciLow95', 'ciHigh95', 'halfWidth95'],
      'revenue.csv': ['replication', 'tier', 'requestsArrived', 'requestsServed', 'requestsRejected', 'requestsAbandoned', 'grossRevenueUsd', 'goodputRevenueUsd', 'sloAttainment', 'ttftP50S', 'ttftP99S', 'tpotP50S', 'tpotP99S', 'costUsdPerMTokOut'],
      'revenue-intervals.csv': ['replication', 'interval', 'tier', 'grossRevenueUsd', 'outputTokPerS'],
      'utilization.csv': ['replication', 'interval', 'tier', 'rack', 'busyFraction', 'meanBatch', 'kvUsedFraction', 'itPowerKw', 'facilityPowerMw', 'capMw'],
      'power.csv': ['replication', 'interval', 'facilityPowerMw', 'capMw', 'sheddingTiers'],
      'chart.csv': ['tier', 'rack', 'model', 'interactivityTokPerS', 'outputTokPerSPerMw', 'batch'],
    };
    for (const [name, columns] of Object.entries(expectedHeaders)) {
      const text = await readFile(join(successDir, name), 'utf8');
      const [header, ...rows] = text.trimEnd().split('\n');
      const names = header.split(',');
      for (const column of columns) expect(names, `${name} header`).toContain(column);
      expect(rows.length, name).toBeGreaterThan(0);
      // tidy: every row has as many cells as the header (no quoted commas here), no NaN or Infinity
      for (const row of rows) expect(row.split(',').length, `${name}: ${row}`).toBe(names.length);
      expect(text).not.toMatch(/NaN|Infinity/);
    }
    const revenueRows = (await readFile(join(successDir, 'revenue.csv'), 'utf8')).trimEnd().split('\n').length - 1;
    expect(revenueRows).toBe(replications * tiers);
    const resolved = JSON.parse(await readFile(join(successDir, 'scenario.resolved.json'), 'utf8'));
    expect(resolved.name).toBe(fixture.name);
    expect(resolved.policies).toBeDefined(); // defaults filled in
    const run = JSON.parse(await readFile(join(successDir, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ tool: 'tokenfactory', scenario: fixture.name, seed: fixture.simulation.seed, replications });
    const timing = JSON.parse(await readFile(join(successDir, 'timing.json'), 'utf8'));
    expect(timing.wallS).toBeGreaterThan(0);
  });

  it('lists every option of `run` with its default in `run --help`', () => {
    expect(help.code, help.stderr).toBe(0);
    const text = help.stdout;
    const options = ['--out', '--replications', '--seed', '--threads', '--duration', '--warmup', '--sample-fraction', '--no-charts', '--quiet', '--resume', '--shard', '--keep-going'];
    // an option's entry runs from its flag to the next flag (descriptions wrap over several lines)
    const optionsSection = text.slice(text.indexOf('Options:'));
    const entries = optionsSection.split(/\n(?=\s+-)/).filter((e) => /^\s+-/.test(e));
    for (const option of options) {
      const entry = entries.find((e) => new RegExp(`^\\s+(-\\w, )?${option}\\b`).test(e));
      expect(entry, `${option} missing from run --help`).toBeDefined();
      expect(entry!.replace(/\s+/g, ' '), `${option} has no default in run --help`).toMatch(/\(default: [^)]+\)/);
    }
    // and nothing undocumented: every listed option but --help is one of the above
    const listed = entries.map((e) => e.match(/--[\w-]+/)![0]).filter((o) => o !== '--help');
    expect(listed.sort()).toEqual([...options].sort());
  });
});
