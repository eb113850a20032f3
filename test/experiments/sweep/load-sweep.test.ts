import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../experiments/errors.js';
import { loadSweep } from '../../../experiments/sweep/load-sweep.js';
import { getTier, defaultCatalog } from '../../../models/catalog/catalog.js';
import { QUICK, scratch, tinySweep } from './helpers.js';

/**
 * Loading a sweep validates everything before anything runs: the file, the parameters against the
 * design and the base scenario, and every point's scenario. Each mistake is one line naming where.
 */
let files: Awaited<ReturnType<typeof scratch>>;
beforeAll(async () => {
  files = await scratch();
});
afterAll(async () => {
  await files.cleanup();
});

async function load(extra: Record<string, unknown>, overrides = {}) {
  return loadSweep(await files.write('sweep.json', tinySweep(extra)), overrides, 'test');
}

async function problem(extra: Record<string, unknown>): Promise<string> {
  try {
    await load(extra);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`expected the sweep to be refused: ${JSON.stringify(extra)}`);
}

describe('loading a sweep file', () => {
  it('refuses each mistake in one line naming its place', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ design: { kind: 'gird' } }, /^design\.kind: must be one of .*"grid"/],
      [{ design: { kind: 'latin-hypercube' } }, /^design\.samples: is required/],
      [{ replications: -1 }, /^replications: must be > 0, got -1/],
      [{ replications: 1.5 }, /^replications: /],
      [{ parameters: [] }, /^parameters: /],
      [{ parameters: [{ path: 'factory.pirce', values: [1, 2] }] }, /^parameters\[0\]\.path: "factory\.pirce" is not a field of the scenario.*unknown key "pirce"/],
      [{ parameters: [{ path: 'factory.nothing.deeper', values: [1, 2] }] }, /^parameters\[0\]\.path: "factory\.nothing\.deeper" is not a field of the scenario \(factory: unknown key "nothing"/],
      [{ parameters: [{ path: 'tiers[7].powerShare', values: [0.1, 0.2] }] }, /^parameters\[0\]\.path: "tiers\[7\]\.powerShare" has index 7, but the list has \d elements/],
      [{ parameters: [{ path: 'tiers[premium].priceUsdPerMTokOut', values: [1, 2] }] }, /^parameters\[0\]\.path: .*no element has that tier/],
      [{ parameters: [{ path: 'factory.electricityUsdPerMwh', values: [1, 2, 3] }] }, /^parameters\[0\]\.values: must be \[low, high\] \(2 entries\), got 3/],
      [{ parameters: [{ path: 'factory.electricityUsdPerMwh', range: [1, 2] }] }, /^parameters\[0\]\.range: not used by a one-at-a-time design/],
      [{ parameters: [{ path: 'factory.electricityUsdPerMwh', values: [1, 2], relative: [-0.1, 0.1] }] }, /^parameters\[0\]: give exactly one of "values" and "relative"/],
      [{ parameters: [{ path: 'factory.itCost.kind', relative: [-0.1, 0.1] }] }, /^parameters\[0\]\.path: "factory\.itCost\.kind" reaches a string, not a number/],
      [{ parameters: [{ path: 'simulation.seed', values: [1, 2] }] }, /^parameters\[0\]\.path: "simulation\.seed" cannot be varied/],
      [{ parameters: [{ path: 'factory.electricityUsdPerMwh', name: 'mean', values: [1, 2] }] }, /^parameters\[0\]\.name: "mean" is an output column name/],
      [
        { parameters: [{ path: 'factory.electricityUsdPerMwh', name: 'x', values: [1, 2] }, { path: 'factory.facilityLifeYears', name: 'x', values: [1, 2] }] },
        /^parameters\[1\]\.name: "x" is also the name of parameters\[0\]/,
      ],
      [{ parameters: [{ path: 'factory.electricityUsdPerMwh', values: [1, -5] }] }, /^point 2 \(factory\.electricityUsdPerMwh = -5\): factory\.electricityUsdPerMwh: must be ≥ 0, got -5/],
      [{ design: { kind: 'latin-hypercube', samples: 4 }, parameters: [{ path: 'factory.electricityUsdPerMwh', range: [0, 100], scale: 'log' }] }, /^parameters\[0\]\.range: a log scale needs low > 0/],
      [{ design: { kind: 'latin-hypercube', samples: 4 }, parameters: [{ path: 'factory.electricityUsdPerMwh', range: [100, 10] }] }, /^parameters\[0\]\.range: low must be below high/],
      [{ design: { kind: 'grid' }, parameters: [{ path: 'factory.electricityUsdPerMwh', values: Array.from({ length: 101 }, (_, i) => i) }, { path: 'factory.facilityLifeYears', values: Array.from({ length: 100 }, (_, i) => i + 1) }] }, /^parameters: the grid has 10,100 points .* over the limit/],
      [{ metrics: ['marjin'] }, /^metrics\[0\]: unknown metric "marjin" \(did you mean "margin"\?\)/],
      [{ metrics: [{ metric: 'sloAttainment', scope: 'premium' }] }, /^metrics\[0\]\.scope: no tier "premium"/],
      [{ metrics: ['sloAttainment'] }, /^metrics\[0\]: "sloAttainment" is measured per tier: give a "scope" \(free, medium\)/],
      [{ scenario: 'no-such-scenario.json' }, /^scenario file .*no-such-scenario\.json: not found/],
      [{ set: { ...QUICK, 'simulation.warmupS': 30 } }, /^scenario .*tiny-factory\.json \(with the sweep's "set"\): simulation\.warmupS: /],
      [{ colour: 'blue' }, /unknown key "colour"/],
    ];
    for (const [extra, expected] of cases) expect(await problem(extra), JSON.stringify(extra)).toMatch(expected);
  });

  it('scales a tier field the scenario leaves to the catalog (relative prices need a base price)', async () => {
    const catalogPrice = getTier(defaultCatalog(), 'medium').priceUsdPerMTokOut;
    const loaded = await load({ parameters: [{ path: 'tiers[*].priceUsdPerMTokOut', relative: [-0.2, 0.25] }] });
    const medium = (point: number) => loaded.scenarios[point].tiers.find((t) => t.tier === 'medium')!.priceUsdPerMTokOut;
    expect(medium(0)).toBe(catalogPrice);
    expect(medium(1)).toBeCloseTo(catalogPrice * 0.8, 12);
    expect(medium(2)).toBeCloseTo(catalogPrice * 1.25, 12);
    expect(loaded.description.points.map((p) => p.values[0])).toEqual([0, -0.2, 0.25]);
  });

  it('gives every point the same seed and replications (common random numbers), from the flags first', async () => {
    const loaded = await load({ design: { kind: 'grid' }, parameters: [{ path: 'factory.facilityLifeYears', values: [5, 10, 20] }], replications: 3, seed: 'abc' }, { seed: 42 });
    expect(loaded.description.replications).toBe(3);
    for (const s of loaded.scenarios) expect([s.simulation.seed, s.simulation.replications, s.simulation.durationS]).toEqual([42, 3, 20]);
    expect(loaded.scenarios.map((s) => s.factory.facilityLifeYears)).toEqual([5, 10, 20]);
  });

  it('samples a Latin hypercube from the design seed, the same one each time', async () => {
    const extra = {
      design: { kind: 'latin-hypercube', samples: 8, seed: 3 },
      parameters: [
        { path: 'factory.electricityUsdPerMwh', range: [10, 1000], scale: 'log' },
        { path: 'tiers[*].demand.loadFraction', relative: [-0.5, 0.5] },
      ],
    };
    const a = await load(extra);
    const b = await load(extra, { seed: 999 });
    expect(b.description.points).toEqual(a.description.points);
    const prices = a.description.points.map((p) => p.values[0] as number);
    for (const v of prices) expect(v >= 10 && v <= 1000).toBe(true);
    // log-uniform: one sample per decade-third, i.e. per stratum of log10 over [1, 3]
    expect(prices.map((v) => Math.floor(((Math.log10(v) - 1) / 2) * 8)).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const fixture = a.baseFile.tiers.map((t) => t.demand.loadFraction!);
    a.description.points.forEach((p, i) => {
      const change = p.values[1] as number;
      a.scenarios[i].tiers.forEach((t, k) => expect(t.demand.loadFraction).toBeCloseTo(fixture[k] * (1 + change), 12));
    });
  });
});
