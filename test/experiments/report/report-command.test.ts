// `tokenfactory report <dir>` rebuilds a run's charts and report.html from its CSVs: the same bytes
// the run itself wrote (the CSVs hold every number in round-trip precision).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../shards/cli-process.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tokenfactory-report-command-'));
  dirs.push(dir);
  return dir;
}

describe('tokenfactory report', () => {
  it('rebuilds exactly the charts and report.html that run wrote', async () => {
    const out = join(await tempDir(), 'run');
    const run = await cli(['run', 'test/fixtures/tiny-factory.json', '--out', out, '--quiet', '--threads', '1']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const chartNames = (await readdir(join(out, 'charts'))).sort();
    expect(chartNames.length).toBeGreaterThan(0);
    const before = new Map<string, Buffer>();
    for (const name of [...chartNames.map((n) => join('charts', n)), 'report.html']) {
      before.set(name, await readFile(join(out, name)));
      await rm(join(out, name));
    }
    const report = await cli(['report', out]);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/^wrote \d+ files to /);
    expect((await readdir(join(out, 'charts'))).sort()).toEqual(chartNames);
    for (const [name, bytes] of before) expect((await readFile(join(out, name))).equals(bytes), name).toBe(true);
  });

  it('refuses a folder that is not a finished run, in one line, exit 2, writing nothing', async () => {
    const dir = await tempDir();
    const result = await cli(['report', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^tokenfactory: .*run\.json: not found/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('names the file and row of a damaged CSV', async () => {
    const out = join(await tempDir(), 'run');
    expect((await cli(['run', 'test/fixtures/tiny-factory.json', '--out', out, '--quiet', '--threads', '1', '--no-charts'])).code).toBe(0);
    const revenue = await readFile(join(out, 'revenue.csv'), 'utf8');
    const lines = revenue.split('\n');
    lines[2] = lines[2].replace(/,[0-9.e+-]+,/, ',lots,');
    await writeFile(join(out, 'revenue.csv'), lines.join('\n'));
    const result = await cli(['report', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tokenfactory: .*revenue\.csv: row 3, column \w+: expected a number, got "lots"\n$/);
  });
});
