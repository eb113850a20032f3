import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optimizeCommand } from '../../../experiments/cli/optimize-command.js';
import { NO_OVERRIDES } from '../../../experiments/compare/apply-overrides.js';
import { prepareVariants, type PreparedVariant } from '../../../experiments/compare/prepare-variants.js';
import { InputError } from '../../../experiments/errors.js';
import { fluidSearch, type FluidSearch } from '../../../experiments/optimize/fluid-search.js';
import { optimizeFileSchema, type OptimizeFile } from '../../../experiments/optimize/optimize-file.js';
import { candidateOverrides, candidateShares } from '../../../experiments/optimize/search-space.js';
import { runScenario } from '../../../experiments/run/run-scenario.js';
import { loadScenario, readJsonFile } from '../../../experiments/scenario/load-scenario.js';
import { defaultCatalog } from '../../../models/catalog/catalog.js';
import { estimateFactory } from '../../../models/factory/fluid-estimate.js';
import { cli, TINY_FACTORY } from '../compare/cli.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tf-optimize-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** One tier's model cannot fit a single H100: a hardware option the plan rejects (infeasible, not an input error). */
const ONE_CHIP = { name: 'one-h100', hardware: { rack: 'hgx-h100', layout: { chipsPerInstance: 1, weightPrecision: 'fp8', kvPrecision: 'fp8' } } };

const OPTIMIZE = {
  name: 'tiny-optimize',
  scenario: TINY_FACTORY,
  set: { 'simulation.replications': 2 },
  search: { powerShare: { step: 0.1 }, hardware: { free: ['hgx-h100', 'hgx-h200', ONE_CHIP] } },
  top: 2,
};

/** The base scenario with the common overrides, as optimize prepares it. */
async function base(set: Record<string, unknown>, unset: string[] = []): Promise<PreparedVariant> {
  const raw = await readJsonFile(TINY_FACTORY, 'scenario');
  const [v] = await prepareVariants({ raw, dir: join(TINY_FACTORY, '..'), label: 'tiny', common: { set, unset } }, [{ name: 'base', overrides: NO_OVERRIDES, where: 'base.' }], {});
  return v;
}

async function search(spec: object, set: Record<string, unknown> = {}, unset: string[] = []): Promise<FluidSearch> {
  const parsed: OptimizeFile = optimizeFileSchema.parse({ name: 'x', scenario: TINY_FACTORY, ...spec });
  const b = await base(set, unset);
  return fluidSearch(parsed, b.raw, b.file, join(TINY_FACTORY, '..'));
}

describe('the fluid search', () => {
  let found: FluidSearch;
  beforeAll(async () => {
    found = await search(OPTIMIZE);
  });

  it('evaluates every hardware option × every split of the grid, splits summing to 1', () => {
    // 3 hardware options for free × 1 for medium × C(9, 1) = 9 splits of 10 steps between 2 tiers
    expect(found.evaluations).toHaveLength(27);
    for (const e of found.evaluations) {
      const shares = candidateShares(found.space, e.candidate);
      expect(Math.abs(shares[0] + shares[1] - 1)).toBeLessThan(1e-12);
      expect(Math.min(...shares)).toBeGreaterThanOrEqual(0.1 - 1e-12);
    }
  });

  it('keeps every feasible candidate within the megawatt cap', () => {
    expect(found.ranked.length).toBeGreaterThan(0);
    for (const e of found.ranked) {
      if (!e.feasible) throw new Error('ranked holds feasible candidates only');
      expect(e.estimate.peakFacilityMw).toBeLessThanOrEqual(e.estimate.capMw * (1 + 1e-12));
      expect(e.estimate.meanFacilityPowerMw).toBeLessThanOrEqual(e.estimate.capMw * (1 + 1e-12));
    }
  });

  it('records a hardware option that cannot hold the model as infeasible, with the reason', () => {
    const oneChip = found.evaluations.filter((e) => found.space.hardware[0][e.candidate.hardware[0]].label === 'one-h100');
    expect(oneChip).toHaveLength(9);
    for (const e of oneChip) {
      expect(e.feasible).toBe(false);
      expect(e.fluidRank).toBeUndefined();
      if (!e.feasible) expect(e.reason).toMatch(/^tiers\[0\]\.hardware: model qwen3-235b-a22b .*does not fit on rack hgx-h100/);
    }
  });

  it('ranks best first, and a candidate\'s tier-by-tier estimate equals the estimate of its whole planned factory', async () => {
    const objectives = found.ranked.map((e) => (e.feasible ? e.objective : NaN));
    expect([...objectives].sort((a, b) => b - a)).toEqual(objectives);
    const best = found.ranked[0];
    if (!best.feasible) throw new Error('unreachable');
    const b = await base({});
    const [whole] = await prepareVariants(
      { raw: b.raw, dir: join(TINY_FACTORY, '..'), label: 'tiny', common: NO_OVERRIDES },
      [{ name: best.id, overrides: { set: candidateOverrides(found.space, best.candidate), unset: [] }, where: 'c.' }],
      {},
    );
    const estimate = estimateFactory(whole.plan);
    expect(estimate.marginUsdPerYear).toBeCloseTo(best.estimate.marginUsdPerYear, 6);
    expect(estimate.revenueUsdPerYear).toBeCloseTo(best.estimate.revenueUsdPerYear, 6);
    expect(estimate.peakFacilityMw).toBeCloseTo(best.estimate.peakFacilityMw, 12);
  });
});

describe('the optimiser\'s invariants', () => {
  // Ample demand (far beyond what 1 MW serves), given as an absolute rate so it does not follow the split.
  const ample = { 'tiers[*].demand.arrivals.ratePerS': 1e6 };
  const unset = ['tiers[*].demand.loadFraction'];
  const prices = (free: number, medium: number) => ({
    ...ample,
    'tiers[free].priceUsdPerMTokOut': free,
    'tiers[free].priceUsdPerMTokIn': 0,
    'tiers[medium].priceUsdPerMTokOut': medium,
    'tiers[medium].priceUsdPerMTokIn': 0,
  });
  const spec = { search: { powerShare: { step: 0.05 } } };

  it('gives the tier priced far above the other the larger share, whichever tier it is', async () => {
    for (const [set, richer] of [
      [prices(100, 1), 0],
      [prices(1, 100), 1],
    ] as const) {
      const found = await search(spec, set, unset);
      const shares = candidateShares(found.space, found.ranked[0].candidate);
      expect(shares[richer]).toBeGreaterThan(shares[1 - richer]);
    }
  });

  it('reaches the grid\'s best with a coordinate search, evaluating fewer candidates', async () => {
    const grid = await search(spec, prices(100, 1), unset);
    const coordinate = await search({ search: { ...spec.search, method: 'coordinate' } }, prices(100, 1), unset);
    expect(coordinate.evaluations.length).toBeLessThan(grid.evaluations.length);
    expect(candidateShares(coordinate.space, coordinate.ranked[0].candidate)).toEqual(candidateShares(grid.space, grid.ranked[0].candidate));
  });
});

describe('tokenfactory optimize', () => {
  let dir: string;
  const files = new Map<string, string>();
  const csv = (name: string): Record<string, string>[] => {
    const [header, ...lines] = files.get(name)!.trim().split('\n');
    const keys = header.split(',');
    return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])));
  };

  beforeAll(async () => {
    dir = await tempDir();
    await writeFile(join(dir, 'optimize.json'), JSON.stringify(OPTIMIZE));
    await optimizeCommand(join(dir, 'optimize.json'), { out: join(dir, 'out'), threads: 1, charts: true, quiet: true });
    for (const name of await readdir(join(dir, 'out'))) files.set(name, await readFile(join(dir, 'out', name), 'utf8'));
  });

  it('writes the candidates, the confirmed ranking, the best scenario and the chart', () => {
    expect([...files.keys()].sort()).toEqual([
      'best-scenario.json',
      'candidates.csv',
      'compare.csv',
      'confirmed.csv',
      'differences.csv',
      'optimize.resolved.json',
      'policy-comparison.png',
      'policy-comparison.svg',
      'ranking.csv',
    ]);
    expect(csv('candidates.csv')).toHaveLength(27);
  });

  it('confirms the fluid model\'s best candidates beside the base scenario', () => {
    const candidates = csv('candidates.csv');
    const confirmed = csv('confirmed.csv');
    expect(confirmed).toHaveLength(OPTIMIZE.top + 1);
    const selected = candidates.filter((c) => c.selected === 'true').map((c) => c.candidate);
    const bestByFluid = candidates.find((c) => c.fluidRank === '1')!;
    expect(selected).toContain(bestByFluid.candidate);
    expect(new Set(confirmed.map((c) => c.variant))).toEqual(new Set(['base', ...selected]));
    expect(selected.map((id) => candidates.find((c) => c.candidate === id)!.fluidRank).sort()).toEqual(['1', '2']);
    // the confirmed candidate's estimate is the same number whether its tiers were planned alone or together
    for (const id of selected) {
      const fromSearch = Number(candidates.find((c) => c.candidate === id)!.estimatedMarginUsdPerYear);
      const fromPlan = Number(confirmed.find((c) => c.variant === id)!.estimatedObjective);
      expect(fromPlan).toBeCloseTo(fromSearch, 6);
    }
  });

  it('saves a best scenario that validates and runs', async () => {
    const ranking = csv('ranking.csv');
    const best = JSON.parse(files.get('best-scenario.json')!);
    const winner = csv('confirmed.csv').find((c) => c.variant === ranking[0].variant)!;
    if (winner.variant !== 'base') {
      expect(best.policies.allocation).toBe('static-split');
      expect(best.tiers.map((t: { powerShare: number }) => t.powerShare)).toEqual([Number(winner.powerShare_free), Number(winner.powerShare_medium)]);
      expect(best.tiers[0].hardware.rack).toBe(winner.hardware_free);
    }
    const loaded = await loadScenario(join(dir, 'out', 'best-scenario.json'), defaultCatalog(), (f) => ({ ...f, simulation: { ...f.simulation, replications: 1 } }));
    const run = await runScenario(loaded.scenario, { threads: 1 });
    expect(run.replications).toHaveLength(1);
    expect(run.tables.summary.find((r) => r.metric === 'revenue' && r.scope === '')!.mean).toBeGreaterThan(0);
  });
});

describe('bad optimize files', () => {
  const CASES: { name: string; edit: (f: any) => void; message: RegExp }[] = [
    { name: 'an unknown rack', edit: (f) => (f.search.hardware.free = ['hgx-h100', 'hgx-h1000']), message: /^search\.hardware\["free"\]\[1\]: tiers\[0\]\.hardware\.rack: unknown rack "hgx-h1000"/ },
    { name: 'an unknown tier', edit: (f) => (f.search.hardware = { gold: ['hgx-h100'] }), message: /^search\.hardware\["gold"\]: "tiers\[gold\]" has \[gold\]/ },
    { name: 'a step that does not divide the whole', edit: (f) => (f.search.powerShare.step = 0.3), message: /^search\.powerShare\.step: 1\/step must be a whole number/ },
    { name: 'a grid over the limit', edit: (f) => (f.search.maxCandidates = 5), message: /^search: the grid has 27 candidates .* over search\.maxCandidates 5/ },
    { name: 'an unknown objective', edit: (f) => (f.objective = 'profit'), message: /optimize\.json: objective: must be one of "margin", "goodputRevenue", "revenue", got "profit"/ },
    {
      name: 'a tier on another tier\'s racks',
      edit: (f) => (f.search.hardware.free = [{ name: 'shared', hardware: { rack: 'hgx-h100', shareWith: 'medium' } }]),
      message: /^search\.hardware\["free"\]\[0\]: optimize plans each tier on racks of its own; it cannot search tiers that share racks/,
    },
    { name: 'a bad common override', edit: (f) => (f.set = { 'tiers[medium].powerShare': 2 }), message: /^scenario .* \(with the top-level set\/unset\): tiers\[1\]\.powerShare: must be ≤ 1, got 2/ },
  ];

  it.each(CASES)('$name: one line naming the path, no output folder', async ({ edit, message }) => {
    const dir = await tempDir();
    const file = structuredClone(OPTIMIZE) as any;
    edit(file);
    await writeFile(join(dir, 'optimize.json'), JSON.stringify(file));
    const out = join(dir, 'out');
    const error = await optimizeCommand(join(dir, 'optimize.json'), { out, charts: true, quiet: true, threads: 1 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
    expect(existsSync(out)).toBe(false);
  });

  it('exits with code 2 and one line on stderr from the command line', async () => {
    const dir = await tempDir();
    const file = structuredClone(OPTIMIZE) as any;
    file.search.hardware.free = ['hgx-h1000'];
    await writeFile(join(dir, 'optimize.json'), JSON.stringify(file));
    const result = await cli(['optimize', join(dir, 'optimize.json'), '--out', join(dir, 'out'), '--top', '1']);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^tokenfactory: search\.hardware\["free"\]\[0\]: /)]);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
