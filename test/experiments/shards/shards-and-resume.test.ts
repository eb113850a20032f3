import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, concurrencyLimit, differingFiles, lines, listFiles, SHARD_FIXTURE, startCli, waitForFile, type CliResult } from './cli-process.js';

/**
 * Issue 6 §1 and §4, issue 7 §3, through the CLI as separate processes: shards run apart and merged
 * give exactly the files of one run; an interrupted run keeps its completed replications and
 * `--resume` finishes it with the same files; merge refuses incomplete or mixed shards. Every process
 * runs once, at most three at a time, in beforeAll; the tests only read the results.
 */
const CONCURRENCY = 3;
const REPLICATIONS = 4;

let dir: string;
const out = (name: string): string => join(dir, name);
const results = new Map<string, CliResult>();
/** replication files left by each interrupted run */
const savedAfterInterrupt = new Map<string, string[]>();
/** any other files in the output folder of each interrupted run */
const othersAfterInterrupt = new Map<string, string[]>();

/** Runs the CLI until `rep-000000.json` is saved, then sends `signal`. */
async function interrupted(name: string, signal: NodeJS.Signals): Promise<void> {
  const process = startCli(['run', SHARD_FIXTURE, '--out', out(name), '--threads', '1', '--no-charts']);
  await waitForFile(join(out(name), 'replications', 'rep-000000.json'), process);
  process.child.kill(signal);
  results.set(name, await process.done);
  savedAfterInterrupt.set(name, (await readdir(join(out(name), 'replications'))).filter((f) => /^rep-\d+\.json$/.test(f)).sort());
  othersAfterInterrupt.set(name, (await listFiles(out(name))).filter((f) => !/^replications\/rep-\d+\.json$/.test(f)));
}

const limit = concurrencyLimit(CONCURRENCY);
const run = (name: string, args: string[]): Promise<void> =>
  limit(async () => {
    results.set(name, await cli(args));
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-shards-'));
  // Each chain starts as soon as what it needs is there, the longest first; at most three processes.
  const single = run('single', ['run', SHARD_FIXTURE, '--out', out('single'), '--threads', '1', '--quiet']);
  const merged = Promise.all([
    run('shard0', ['run', SHARD_FIXTURE, '--out', out('shard0'), '--shard', '0/2', '--threads', '1', '--quiet']),
    run('shard1', ['run', SHARD_FIXTURE, '--out', out('shard1'), '--shard', '1/2', '--threads', '1', '--quiet']),
  ]).then(async () => {
    await makeFaultyShardFolders();
    await Promise.all([
      run('merge', ['merge', out('shard0'), out('shard1'), '--out', out('merged'), '--quiet']),
      run('mergeMissing', ['merge', out('shard0'), '--out', out('merged-missing')]),
      run('mergeDuplicate', ['merge', out('shard0'), out('shard1'), out('dup'), '--out', out('merged-dup')]),
      run('mergeOther', ['merge', out('shard0'), out('other'), '--out', out('merged-other')]),
    ]);
  });
  const resumed = limit(() => interrupted('sigint', 'SIGINT')).then(() =>
    run('resume', ['run', SHARD_FIXTURE, '--out', out('sigint'), '--threads', '1', '--no-charts', '--resume', '--quiet']),
  );
  await Promise.all([
    single,
    merged,
    resumed,
    limit(() => interrupted('sigterm', 'SIGTERM')),
    run('badShard', ['run', SHARD_FIXTURE, '--out', out('bad-shard'), '--shard', '3/2']),
  ]);
}, 240_000);

/** A folder holding a second copy of replication 0, and shard 1/2 of another run. */
async function makeFaultyShardFolders(): Promise<void> {
  await mkdir(join(out('dup'), 'replications'), { recursive: true });
  await cp(join(out('shard0'), 'replications', 'rep-000000.json'), join(out('dup'), 'replications', 'rep-000000.json'));
  // as if run with another seed: the hash is all merge compares
  await cp(out('shard1'), out('other'), { recursive: true });
  const manifestPath = join(out('other'), 'replications', 'shard-1-of-2.json');
  const hash = JSON.parse(await readFile(manifestPath, 'utf8')).scenarioHash as string;
  for (const name of await readdir(join(out('other'), 'replications'))) {
    const path = join(out('other'), 'replications', name);
    await writeFile(path, (await readFile(path, 'utf8')).replaceAll(hash, `sha256:${'0'.repeat(64)}`));
  }
}

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function result(name: string): CliResult {
  const r = results.get(name);
  if (!r) throw new Error(`no result for ${name}`);
  return r;
}

describe('shards run as separate processes, then merged', () => {
  it('write only their replication files and a manifest', async () => {
    for (const [name, mine] of [['shard0', [0, 2]], ['shard1', [1, 3]]] as const) {
      expect(result(name).code, result(name).stderr).toBe(0);
      const files = await listFiles(out(name));
      expect(files).toEqual([
        ...mine.map((r) => `replications/rep-${String(r).padStart(6, '0')}.json`),
        `replications/shard-${name === 'shard0' ? 0 : 1}-of-2.json`,
      ]);
    }
  });

  it('give exactly the files of a single run, byte for byte (timing.json aside), charts and report included', async () => {
    expect(result('single').code, result('single').stderr).toBe(0);
    expect(result('merge').code, result('merge').stderr).toBe(0);
    const single = await listFiles(out('single'));
    const merged = await listFiles(out('merged'));
    expect(single).toContain('report.html');
    expect(single).toContain('charts/token-factory.svg');
    expect(merged).toEqual(single);
    const compared = single.filter((f) => f !== 'timing.json');
    expect(await differingFiles(out('single'), out('merged'), compared)).toEqual([]);
    const run = JSON.parse(await readFile(join(out('merged'), 'run.json'), 'utf8'));
    expect(run.replications).toBe(REPLICATIONS);
  });
});

describe('an interrupted run', () => {
  it('on SIGINT lets the running replication finish, exits 130, writes no outputs and says how to resume', async () => {
    const r = result('sigint');
    expect(r.code, r.stderr).toBe(130);
    const saved = savedAfterInterrupt.get('sigint')!;
    expect(saved.length).toBeGreaterThanOrEqual(1);
    expect(saved.length).toBeLessThan(REPLICATIONS);
    expect(othersAfterInterrupt.get('sigint')).toEqual([]);
    const resumeLines = lines(r.stderr).filter((l) => l.includes('--resume'));
    expect(resumeLines).toHaveLength(1);
    expect(resumeLines[0]).toMatch(/^tokenfactory: interrupted by SIGINT: \d of 4 replications saved in .*; resume with: tokenfactory run .* --resume$/);
    expect(r.stderr).toMatch(/waiting for the running ones to finish/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('on SIGTERM abandons the running replication and exits 143, keeping the saved ones', async () => {
    const r = result('sigterm');
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toMatch(/abandoning the running replications/);
    expect(lines(r.stderr).at(-1)).toMatch(/^tokenfactory: interrupted by SIGTERM.*: \d of 4 replications saved in .*; resume with: .* --resume$/);
    const saved = savedAfterInterrupt.get('sigterm')!;
    expect(saved.length).toBeGreaterThanOrEqual(1);
    expect(othersAfterInterrupt.get('sigterm')).toEqual([]);
  });

  it('--resume runs only the missing replications and writes the files of an uninterrupted run', async () => {
    const r = result('resume');
    expect(r.code, r.stderr).toBe(0);
    const resumedCount = savedAfterInterrupt.get('sigint')!.length;
    const timing = JSON.parse(await readFile(join(out('sigint'), 'timing.json'), 'utf8'));
    expect(timing.replicationsResumed).toBe(resumedCount);
    expect(timing.replicationsRun).toBe(REPLICATIONS - resumedCount);
    // the saved replications are removed once the outputs are written; --no-charts: no charts
    const files = await listFiles(out('sigint'));
    expect(files).not.toContain('report.html');
    expect(files.some((f) => f.startsWith('replications/') || f.startsWith('charts/'))).toBe(false);
    const compared = files.filter((f) => f !== 'timing.json');
    expect(compared.length).toBe(8);
    expect(await differingFiles(out('single'), out('sigint'), compared)).toEqual([]);
  });
});

describe('merge refuses with one line and exit code 2', () => {
  const refused = (name: string, pattern: RegExp): void => {
    const r = result(name);
    expect(r.code, r.stderr).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.stdout).toBe('');
  };

  it('missing replications', () => {
    refused('mergeMissing', /^tokenfactory: missing replications 1, 3 of 4: /);
    expect(existsSync(out('merged-missing'))).toBe(false);
  });

  it('a replication present twice', () => {
    refused('mergeDuplicate', /^tokenfactory: replication 0 is in two folders /);
    expect(existsSync(out('merged-dup'))).toBe(false);
  });

  it('shards of different runs', () => {
    refused('mergeOther', /^tokenfactory: .*shard 1\/2 is from a different run than shard 0\/2 .*hash [0-9a-f]{12} vs .*hash [0-9a-f]{12}/);
    expect(existsSync(out('merged-other'))).toBe(false);
  });
});

it('--shard 3/2 is refused with one line and exit code 2', () => {
  const r = result('badShard');
  expect(r.code, r.stderr).toBe(2);
  expect(lines(r.stderr)).toEqual([expect.stringMatching(/^tokenfactory: .*--shard.*3\/2.*below the count/)]);
  expect(existsSync(out('bad-shard'))).toBe(false);
});
