import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCommand } from '../../../experiments/cli/compare-command.js';
import { NO_OVERRIDES } from '../../../experiments/compare/apply-overrides.js';
import { chooseComparisonMetric, runComparison, type Comparison } from '../../../experiments/compare/comparison.js';
import { FACTORY_METRICS, TIER_METRICS } from '../../../experiments/compare/metrics.js';
import { prepareVariants, type PreparedVariant } from '../../../experiments/compare/prepare-variants.js';
import { InputError } from '../../../experiments/errors.js';
import { readJsonFile } from '../../../experiments/scenario/load-scenario.js';
import { cli, TINY_FACTORY } from './cli.js';

/**
 * Compare on the 1 MW test factory. In process: common random numbers (an identical variant differs by
 * exactly 0; a price change scales that tier's revenue and nothing else). As a user runs it: the files,
 * byte-identical for 1 and 2 threads, and bad files rejected in one line with exit code 2 and no output.
 */
const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tf-compare-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const MEDIUM_PRICE_OUT = 3; // the catalog's Medium tier, which the fixture does not override
const MEDIUM_PRICE_IN = 0.5; // the fixture's
const PRICE_FACTOR = 3;

describe('variants under common random numbers', () => {
  let prepared: PreparedVariant[];
  let comparison: Comparison;
  const values = (variant: number, metric: string, scope = ''): number[] =>
    comparison.results[variant].replications.map((r) => r.find((m) => m.metric === metric && m.scope === scope)!.value);

  beforeAll(async () => {
    prepared = await prepareVariants(
      { raw: await readJsonFile(TINY_FACTORY, 'scenario'), dir: join(TINY_FACTORY, '..'), label: 'tiny', common: { set: { 'simulation.replications': 3 }, unset: [] } },
      [
        { name: 'base', overrides: NO_OVERRIDES, where: 'variants[0].' },
        // the fixture's own value, written again: the same scenario by another route
        { name: 'identical', overrides: { set: { 'tiers[free].powerShare': 0.5 }, unset: [] }, where: 'variants[1].' },
        {
          name: 'pricier-medium',
          overrides: {
            set: { 'tiers[medium].priceUsdPerMTokOut': MEDIUM_PRICE_OUT * PRICE_FACTOR, 'tiers[medium].priceUsdPerMTokIn': MEDIUM_PRICE_IN * PRICE_FACTOR },
            unset: [],
          },
          where: 'variants[2].',
        },
      ],
      { seed: 5 },
    );
    comparison = await runComparison(prepared, 0, chooseComparisonMetric('margin', prepared, 'metric'), { threads: 1 });
  });

  it('runs every variant with the same seed and replication indices', () => {
    expect(prepared.map((p) => p.file.simulation.seed)).toEqual([5, 5, 5]);
    expect(comparison.results.map((r) => r.replications.length)).toEqual([3, 3, 3]);
  });

  it('a variant identical to the baseline differs by exactly 0, with a zero-width interval', () => {
    const rows = comparison.tables.differences.filter((d) => d.variant === 'identical');
    expect(rows.length).toBeGreaterThan(20);
    for (const d of rows) expect(d).toMatchObject({ meanDifference: 0, ciLow95: 0, ciHigh95: 0, halfWidth95: 0, significant: false });
    expect(comparison.tables.ranking.find((r) => r.variant === 'identical')!.indistinguishableFrom.split(' ')).toContain('base');
  });

  it('a price change scales that tier\'s revenue exactly, replication by replication, and leaves the tokens alone', () => {
    // the tiny factory's demand is not zero: there is revenue to scale
    expect(Math.min(...values(0, 'revenue', 'medium'))).toBeGreaterThan(0);
    const base = values(0, 'revenue', 'medium');
    values(2, 'revenue', 'medium').forEach((v, r) => expect(v / base[r]).toBeCloseTo(PRICE_FACTOR, 12));
    expect(values(2, 'outputTokens')).toEqual(values(0, 'outputTokens'));
    expect(values(2, 'revenue', 'free')).toEqual(values(0, 'revenue', 'free'));
    expect(values(2, 'ttftP99', 'medium')).toEqual(values(0, 'ttftP99', 'medium'));
    const d = comparison.tables.differences.find((r) => r.variant === 'pricier-medium' && r.metric === 'revenue' && r.scope === 'medium')!;
    expect(d.relativeDifference).toBeCloseTo(PRICE_FACTOR - 1, 12);
  });

  it('knows every metric a replication reports (apart from utilisation, whose scope names the rack)', () => {
    const reported = comparison.results[0].replications[0].filter((m) => m.metric !== 'utilization');
    const factory = reported.filter((m) => m.scope === '').map((m) => m.metric);
    const tier = new Set(reported.filter((m) => m.scope !== '').map((m) => m.metric));
    expect(new Set(factory)).toEqual(new Set(Object.keys(FACTORY_METRICS)));
    expect(tier).toEqual(new Set(Object.keys(TIER_METRICS)));
  });
});

const COMPARE = {
  name: 'tiny-compare',
  scenario: TINY_FACTORY,
  set: { 'simulation.replications': 3 },
  variants: [
    { name: 'even', set: {} },
    { name: 'medium-heavy', set: { 'tiers[free].powerShare': 0.3, 'tiers[medium].powerShare': 0.7 } },
    { name: 'free-heavy', set: { 'tiers[free].powerShare': 0.7, 'tiers[medium].powerShare': 0.3 } },
  ],
};
const OUTPUTS = ['compare.csv', 'compare.resolved.json', 'differences.csv', 'policy-comparison.png', 'policy-comparison.svg', 'ranking.csv'];

describe('tokenfactory compare', () => {
  let dir: string;
  const results: Record<string, Awaited<ReturnType<typeof cli>>> = {};

  beforeAll(async () => {
    dir = await tempDir();
    await writeFile(join(dir, 'compare.json'), JSON.stringify(COMPARE));
    // two processes at a time at most: the machine is shared
    [results.one, results.two] = await Promise.all([
      cli(['compare', join(dir, 'compare.json'), '--out', join(dir, 'one'), '--threads', '1', '--quiet']),
      cli(['compare', join(dir, 'compare.json'), '--out', join(dir, 'two'), '--threads', '2']),
    ]);
  });

  it('writes the tables, the resolved inputs and the chart', async () => {
    expect(results.one).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(results.two.code).toBe(0);
    expect((await readdir(join(dir, 'one'))).sort()).toEqual(OUTPUTS);
    const ranking = (await readFile(join(dir, 'one', 'ranking.csv'), 'utf8')).trim().split('\n');
    expect(ranking).toHaveLength(1 + COMPARE.variants.length);
    expect(ranking[0].split(',').slice(0, 3)).toEqual(['rank', 'variant', 'metric']);
    const resolved = JSON.parse(await readFile(join(dir, 'one', 'compare.resolved.json'), 'utf8'));
    expect(resolved.variants.map((v: { scenario: { tiers: { powerShare: number }[] } }) => v.scenario.tiers.map((t) => t.powerShare))).toEqual([
      [0.5, 0.5],
      [0.3, 0.7],
      [0.7, 0.3],
    ]);
  });

  it('prints the ranking on stdout and progress on stderr', () => {
    expect(results.two.stdout).toMatch(/^Ranking by margin \(USD\/year, higher is better\)/);
    for (const v of COMPARE.variants) expect(results.two.stdout).toContain(v.name);
    expect(results.two.stderr).toContain('variant 3/3 (free-heavy)');
  });

  it('writes byte-identical tables for 1 and 2 threads', async () => {
    for (const file of ['compare.csv', 'differences.csv', 'ranking.csv', 'compare.resolved.json', 'policy-comparison.svg']) {
      expect(await readFile(join(dir, 'two', file), 'utf8'), file).toBe(await readFile(join(dir, 'one', file), 'utf8'));
    }
  });
});

describe('bad compare files', () => {
  const CASES: { name: string; edit: (f: any) => void; message: RegExp }[] = [
    { name: 'a path that reaches no tier', edit: (f) => (f.variants[1].set = { 'tiers[x].hardware.rack': 'hgx-h100' }), message: /^variants\[1\]\.set\["tiers\[x\]\.hardware\.rack"\]: .*\[x\]/ },
    { name: 'a value out of range', edit: (f) => (f.variants[2].set = { 'tiers[medium].priceUsdPerMTokOut': -3 }), message: /^variants\[2\] \("free-heavy"\): tiers\[1\]\.priceUsdPerMTokOut: must be ≥ 0, got -3/ },
    { name: 'an unknown rack', edit: (f) => (f.variants[1].set = { 'tiers[free].hardware.rack': 'hgx-h1000' }), message: /^variants\[1\] \("medium-heavy"\): tiers\[0\]\.hardware\.rack: .*hgx-h1000/ },
    { name: 'a variant with its own seed', edit: (f) => (f.variants[2].set = { 'simulation.seed': 99 }), message: /^variants\[2\] \("free-heavy"\): changes simulation\.seed .*common random numbers/ },
    { name: 'two variants of one name', edit: (f) => (f.variants[2].name = 'even'), message: /compare\.json: variants\[2\]\.name: "even" is already the name of variants\[0\]$/ },
    { name: 'an unknown baseline', edit: (f) => (f.baseline = 'odd'), message: /compare\.json: baseline: "odd" is not the name of a variant \(even, medium-heavy, free-heavy\)$/ },
    { name: 'an unknown metric', edit: (f) => (f.metric = 'profit'), message: /^metric: "profit" is not a metric of the factory/ },
    { name: 'a misspelt key', edit: (f) => (f.variant = f.variants), message: /compare\.json: unknown key "variant" \(did you mean "variants"\?\)$/ },
    { name: 'a missing scenario', edit: (f) => (f.scenario = 'no-such.json'), message: /^scenario file .*no-such\.json: not found/ },
    { name: 'one variant', edit: (f) => f.variants.splice(1), message: /compare\.json: variants: a comparison needs at least 2 variants, got 1$/ },
    { name: 'a variant that removes every tier', edit: (f) => (f.variants[1] = { name: 'empty', unset: ['tiers[0]', 'tiers[1]'] }), message: /^variants\[1\] \("empty"\): tiers: / },
  ];

  it.each(CASES)('$name: one line naming the path, no output folder', async ({ edit, message }) => {
    const dir = await tempDir();
    const file = structuredClone(COMPARE) as any;
    edit(file);
    await writeFile(join(dir, 'compare.json'), JSON.stringify(file));
    const out = join(dir, 'out');
    const run = compareCommand(join(dir, 'compare.json'), { out, charts: true, quiet: true, threads: 1 });
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(message);
    const error = await run.catch((e: Error) => e);
    expect((error as Error).message).not.toContain('\n');
    expect(existsSync(out)).toBe(false);
  });

  it('exits with code 2 and one line on stderr from the command line', async () => {
    const dir = await tempDir();
    const file = structuredClone(COMPARE) as any;
    file.variants[1].set = { 'tiers[x].hardware.rack': 'hgx-h100' };
    await writeFile(join(dir, 'compare.json'), JSON.stringify(file));
    const result = await cli(['compare', join(dir, 'compare.json'), '--out', join(dir, 'out')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^tokenfactory: variants\[1\]\.set\["tiers\[x\]\.hardware\.rack"\]: /)]);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
