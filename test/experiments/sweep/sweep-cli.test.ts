import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWEEP_FILES } from '../../../experiments/sweep/write-sweep.js';
import { cli, concurrencyLimit, differingFiles, lines, listFiles, type CliResult } from '../shards/cli-process.js';
import { scratch, tinySweep } from './helpers.js';

/**
 * `tokenfactory sweep` as a user runs it: separate processes from the sources. One one-at-a-time sweep
 * on the tiny factory, run on 1 and on 2 threads, and as 2 shards merged; and bad sweep files.
 * Every spawn happens in beforeAll, two at a time (2 cores, shared); the tests read the results.
 */
const PARAMETERS = [
  { path: 'tiers[medium].priceUsdPerMTokOut', name: 'medium price', relative: [-0.2, 0.2] },
  { path: 'factory.electricityUsdPerMwh', name: 'electricity', values: [40, 160] },
  { path: 'tiers[*].demand.loadFraction', name: 'load', relative: [-0.3, 0.3] },
];
const METRICS = ['margin', 'revenue'];
const POINTS = 1 + 2 * PARAMETERS.length;
const BAD_FILES: Record<string, { extra: Record<string, unknown>; mentions: string[] }> = {
  'unknown path': { extra: { parameters: [{ path: 'factory.electricityUsdPerMhw', values: [40, 160] }] }, mentions: ['parameters[0].path', 'factory.electricityUsdPerMhw'] },
  'bad design': { extra: { design: { kind: 'one-at-once' } }, mentions: ['design.kind', 'one-at-once'] },
  'negative replications': { extra: { replications: -2 }, mentions: ['replications', '-2'] },
  'a value the scenario refuses': { extra: { parameters: [{ path: 'factory.facilityLifeYears', values: [0, 10] }] }, mentions: ['point 1', 'factory.facilityLifeYears', '0'] },
};

let files: Awaited<ReturnType<typeof scratch>>;
const out = (name: string) => join(files.dir, name);
let oneThread: CliResult;
let twoThreads: CliResult;
let shards: CliResult[];
let merged: CliResult;
const bad = new Map<string, CliResult>();

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = lines(text);
  const columns = header.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [columns[i], cell])));
}

beforeAll(async () => {
  files = await scratch();
  const sweep = await files.write('oat.json', tinySweep({ name: 'tiny-oat', parameters: PARAMETERS, metrics: METRICS, replications: 2, seed: 5 }));
  const limit = concurrencyLimit(2);
  const badRuns = Object.entries(BAD_FILES).map(async ([name, { extra }]) => {
    const path = await files.write(`${name.replace(/ /g, '-')}.json`, tinySweep(extra));
    bad.set(name, await limit(() => cli(['sweep', path, '--out', out(`bad-${name}`), '--threads', '1'])));
  });
  [oneThread, twoThreads, ...shards] = await Promise.all([
    limit(() => cli(['sweep', sweep, '--out', out('one-thread'), '--threads', '1'])),
    limit(() => cli(['sweep', sweep, '--out', out('two-threads'), '--threads', '2', '--no-charts', '--quiet'])),
    limit(() => cli(['sweep', sweep, '--out', out('shards'), '--threads', '1', '--shard', '0/2', '--quiet'])),
    limit(() => cli(['sweep', sweep, '--out', out('shards'), '--threads', '1', '--shard', '1/2', '--quiet'])),
  ]);
  merged = await cli(['merge', out('shards'), '--out', out('merged'), '--quiet']);
  await Promise.all(badRuns);
}, 300_000);

afterAll(async () => {
  await files.cleanup();
});

describe('tokenfactory sweep (one-at-a-time, tiny factory)', () => {
  it('writes the CSVs, the resolved sweep, timing and the tornado chart', async () => {
    expect(oneThread.stderr).not.toMatch(/internal error/);
    expect(oneThread.code, oneThread.stderr).toBe(0);
    expect(await listFiles(out('one-thread'))).toEqual(
      [...SWEEP_FILES, 'timing.json', 'tornado.svg', 'tornado.png'].sort(),
    );
    expect(oneThread.stdout).toMatch(/margin \(USD\/year\): base .*largest swing first/);
    expect(oneThread.stderr).toMatch(/tokenfactory sweep tiny-oat: 14\/14 replications/);
    const svg = await readFile(join(out('one-thread'), 'tornado.svg'), 'utf8');
    for (const label of ['medium price (−20% / +20%)', 'electricity (40 / 160)', 'load (−30% / +30%)']) expect(svg).toContain(label);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('has one sweep.csv row per point and metric, with every parameter as a column', async () => {
    const rows = parseCsv(await readFile(join(out('one-thread'), 'sweep.csv'), 'utf8'));
    const metricsPerPoint = rows.filter((r) => r.point === '0').length;
    expect(metricsPerPoint).toBeGreaterThan(METRICS.length);
    expect(rows).toHaveLength(POINTS * metricsPerPoint);
    expect(Object.keys(rows[0])).toEqual(['point', 'medium price', 'electricity', 'load', 'metric', 'scope', 'unit', 'replications', 'mean', 'ciLow95', 'ciHigh95', 'halfWidth95']);
    const points = parseCsv(await readFile(join(out('one-thread'), 'points.csv'), 'utf8'));
    expect(points.map((p) => [p.varied, p.level, p['medium price'], p.electricity, p.load])).toEqual([
      ['', 'base', '0', '80.6', '0'],
      ['medium price', 'low', '-0.2', '80.6', '0'],
      ['medium price', 'high', '0.2', '80.6', '0'],
      ['electricity', 'low', '0', '40', '0'],
      ['electricity', 'high', '0', '160', '0'],
      ['load', 'low', '0', '80.6', '-0.3'],
      ['load', 'high', '0', '80.6', '0.3'],
    ]);
  });

  it('ranks tornado swings by size, each the difference of the low and high points in sweep.csv', async () => {
    const sweep = parseCsv(await readFile(join(out('one-thread'), 'sweep.csv'), 'utf8'));
    const sensitivity = parseCsv(await readFile(join(out('one-thread'), 'sensitivity.csv'), 'utf8'));
    expect(sensitivity).toHaveLength(METRICS.length * PARAMETERS.length);
    const mean = (point: number, metric: string) => Number(sweep.find((r) => r.point === String(point) && r.metric === metric && r.scope === '')!.mean);
    for (const metric of METRICS) {
      const mine = sensitivity.filter((r) => r.metric === metric);
      expect(mine.map((r) => Number(r.rank))).toEqual([1, 2, 3]);
      const swings = mine.map((r) => Math.abs(Number(r.swing)));
      expect([...swings].sort((a, b) => b - a)).toEqual(swings);
      for (const row of mine) {
        const j = PARAMETERS.findIndex((p) => p.name === row.parameter);
        expect(Number(row.lowMean)).toBe(mean(1 + 2 * j, metric));
        expect(Number(row.highMean)).toBe(mean(2 + 2 * j, metric));
        expect(Number(row.baseMean)).toBe(mean(0, metric));
        expect(Number(row.swing)).toBeCloseTo(Number(row.highMean) - Number(row.lowMean), 6);
        expect(Number(row.swingCiLow95)).toBeLessThanOrEqual(Number(row.swingCiHigh95));
      }
    }
    const swing = (metric: string, parameter: string) => Number(sensitivity.find((r) => r.metric === metric && r.parameter === parameter)!.swing);
    // the electricity price changes costs only: under common random numbers, revenue does not move at all
    expect(swing('revenue', 'electricity')).toBe(0);
    expect(swing('margin', 'electricity')).toBeLessThan(0);
    expect(swing('revenue', 'medium price')).toBeGreaterThan(0);
  });

  it('writes byte-identical files on 1 and 2 threads', async () => {
    expect(twoThreads.code, twoThreads.stderr).toBe(0);
    expect(twoThreads.stdout + twoThreads.stderr).toBe('');
    expect(await differingFiles(out('one-thread'), out('two-threads'), SWEEP_FILES)).toEqual([]);
  });

  it('merges 2 shards into byte-identical files, chart included', async () => {
    for (const shard of shards) expect(shard.code, shard.stderr).toBe(0);
    expect(await listFiles(out('shards'))).toEqual(['sweep-shard-0-of-2.json', 'sweep-shard-1-of-2.json']);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(await differingFiles(out('one-thread'), out('merged'), [...SWEEP_FILES, 'tornado.svg'])).toEqual([]);
  });

  it('refuses a bad sweep file in one line, exit code 2, before writing anything', () => {
    for (const [name, { mentions }] of Object.entries(BAD_FILES)) {
      const result = bad.get(name)!;
      expect(result.code, name).toBe(2);
      expect(result.stdout, name).toBe('');
      const errorLines = lines(result.stderr);
      expect(errorLines, name).toHaveLength(1);
      expect(errorLines[0], name).toMatch(/^tokenfactory: /);
      for (const text of mentions) expect(errorLines[0], name).toContain(text);
      expect(existsSync(out(`bad-${name}`)), name).toBe(false);
    }
  });
});
