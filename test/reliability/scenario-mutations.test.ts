import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInputError } from '../../experiments/errors.js';
import { checkResources, estimateResources } from '../../experiments/run/resource-estimate.js';
import { loadScenario } from '../../experiments/scenario/load-scenario.js';
import { defaultCatalog } from '../../models/catalog/catalog.js';
import { planFactory, type FactoryPlan } from '../../models/factory/plan.js';
import { type Json, mutate, mutationArbitrary, type Mutation, raw } from './mutations.js';

/**
 * Issue 7 §1–§2: random mutations of valid scenarios (keys deleted, wrong types, numbers out of range
 * or overflowing to ±Infinity in the JSON text, unknown and `__proto__`/`constructor` keys, random or
 * near-miss rack, model, tier and policy names) either load and plan, or are refused with an input
 * error: one line that starts with the JSON path at fault. Never any other exception, never a polluted
 * prototype, never a plan with a count that is not a finite number. Planning only: no simulation.
 *
 * Cases: 1,200 + 700 + 700 + 400 = 3,000 generated scenarios (fixed seeds; TF_MUTATION_SEED=<n> explores
 * others, all four suites from that one seed).
 */
const root = (path: string): string => new URL(`../../${path}`, import.meta.url).pathname;
const catalog = defaultCatalog();

/** A JSON path at the start of a message: `$` (the top level) or a top-level key, then keys and indices. */
const STARTS_WITH_JSON_PATH = /^(\$|(\$schema|name|description|notes|factory|tiers|policies|simulation|catalog)([.[][^\n]*?)?): \S/;

let dir: string;
const bases = new Map<string, Json>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-mutations-'));
  const tiny = JSON.parse(await readFile(root('test/fixtures/tiny-factory.json'), 'utf8')) as Json;
  bases.set('tiny-factory', tiny);
  bases.set('gtc2026', JSON.parse(await readFile(root('experiments/scenarios/gtc2026.json'), 'utf8')) as Json);
  // catalog additions: an override of a shipped rack and a new tier that a scenario tier uses
  const withCatalog = structuredClone(tiny) as Record<string, any>;
  withCatalog.name = 'tiny-catalog';
  withCatalog.catalog = {
    racks: { 'hgx-h100': { roofline: { stepOverheadS: 0.006 } } },
    tiers: { enterprise: { name: 'Enterprise', modelId: 'gpt-oss-120b', priceUsdPerMTokOut: 20, interactivityTokPerS: 40, ttftTargetS: 2, maxContextTokens: 65536 } },
  };
  withCatalog.tiers[1].tier = 'enterprise';
  bases.set('tiny-catalog', withCatalog);
  // the other kinds of the schema: daily cycle, MMPP, prefix cache, oversubscription, depreciation, policies
  const variety = structuredClone(tiny) as Record<string, any>;
  variety.name = 'tiny-variety';
  variety.factory = { powerCapMw: 1, power: { mode: 'oversubscribe', oversubscriptionRatio: 1.2 }, itCost: { kind: 'depreciation', years: 4 } };
  variety.tiers[0].demand.arrivals = { kind: 'daily-cycle', meanRatePerS: 1, peakToTroughRatio: 3, peakHour: 14, weekendFactor: 0.7 };
  variety.tiers[0].demand.sizes.prefixCache = { kind: 'blocks', hitProbability: 0.3 };
  variety.tiers[1].demand.arrivals = { kind: 'mmpp', baseRatePerS: 1, burstRatePerS: 5, meanBurstS: 10, meanGapS: 60 };
  variety.tiers[1].admission = { maxQueuePerInstance: 64, queueTimeoutS: 30 };
  variety.tiers[1].hardware.performance = { kind: 'roofline', calibration: { stepOverheadS: 0.005 } };
  variety.policies = { allocation: 'static-split', routing: 'power-of-two-choices' };
  bases.set('tiny-variety', variety);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** What loading and planning a mutated scenario did; throws (fails the property) on anything else. */
async function loadAndPlan(text: string, caseDir: string): Promise<'planned' | 'refused'> {
  const path = join(caseDir, 'scenario.json');
  await writeFile(path, text);
  let plan: FactoryPlan;
  try {
    const { scenario } = await loadScenario(path, catalog);
    plan = planFactory(scenario, catalog);
  } catch (error) {
    if (!isInputError(error)) {
      throw new Error(`not an input error: ${(error as Error)?.name}: ${(error as Error)?.message}\nscenario:\n${text}`);
    }
    const message = error.message;
    expect(message.split('\n'), message).toHaveLength(1);
    expect(message, message).toMatch(STARTS_WITH_JSON_PATH);
    return 'refused';
  }
  checkPlan(plan);
  return 'planned';
}

/** A plan that passed must be usable: finite counts, at least one instance per tier, within the cap. */
function checkPlan(plan: FactoryPlan): void {
  const { factory } = plan.scenario;
  const oversubscription = factory.power.mode === 'oversubscribe' ? factory.power.oversubscriptionRatio : 1;
  for (const t of plan.tiers) {
    expect(Number.isInteger(t.decode.instancesFull) && t.decode.instancesFull >= 1, `tier ${t.tier.id} instances`).toBe(true);
    expect(Number.isInteger(t.decode.instancesSimulated) && t.decode.instancesSimulated >= 1).toBe(true);
    expect(t.decode.instancesSimulated).toBeLessThanOrEqual(t.decode.instancesFull);
    for (const [name, value] of Object.entries({
      scale: t.scale,
      demand: t.demandRequestsPerSFull,
      capacity: t.capacityRequestsPerSFull,
      batchCap: t.batchCap,
      meanPrompt: t.meanSize.promptTokens,
      meanOutput: t.meanSize.outputTokens,
    })) {
      expect(Number.isFinite(value) && value >= 0, `tier ${t.tier.id}: ${name} = ${value}`).toBe(true);
    }
  }
  expect(plan.peakFacilityMw).toBeLessThanOrEqual(factory.powerCapMw * oversubscription * (1 + 1e-9));
  // the pre-flight estimate of a planned scenario is finite, and passes or is refused as an input error
  const estimate = estimateResources(plan, plan.scenario.simulation.replications);
  for (const [name, value] of Object.entries(estimate)) expect(Number.isFinite(value), `${name} = ${value}`).toBe(true);
  try {
    checkResources(plan, estimate, { heapBytes: 4e9, maxStringChars: 2 ** 29 - 24 });
  } catch (error) {
    expect(isInputError(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(STARTS_WITH_JSON_PATH);
    expect((error as Error).message).not.toMatch(/NaN|Infinity/);
  }
}

const prototypeKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();

describe.each([
  { base: 'tiny-factory', runs: 1200, seed: 7001 },
  { base: 'tiny-catalog', runs: 700, seed: 7002 },
  { base: 'tiny-variety', runs: 700, seed: 7003 },
  { base: 'gtc2026', runs: 400, seed: 7004 },
])('random mutations of $base', ({ base, runs, seed }) => {
  it(`load and plan, or are refused with one line starting with a JSON path (${runs} cases)`, async () => {
    const doc = bases.get(base)!;
    const before = prototypeKeys();
    const outcomes = { planned: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }), async (mutations: Mutation[]) => {
        outcomes[await loadAndPlan(mutate(doc, mutations), dir)]++;
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: runs, seed: Number(process.env.TF_MUTATION_SEED ?? seed) },
    );
    expect(prototypeKeys()).toEqual(before);
    // the mutations reach both sides: some scenarios still plan, most are refused
    expect(outcomes.planned).toBeGreaterThan(runs * 0.05);
    expect(outcomes.refused).toBeGreaterThan(runs * 0.5);
  }, 120_000);
});

describe('the mutation generator', () => {
  it('writes ±1e309 as raw JSON numbers (which parse to ±Infinity) and __proto__ as an own key', () => {
    const text = mutate({ a: 1, b: { c: 2 } }, [
      { kind: 'replace', at: 1, value: raw('1e309') },
      { kind: 'add-key', at: 0, key: '__proto__', value: { polluted: 'yes' } },
    ]);
    expect(text).toContain('1e309');
    const parsed = JSON.parse(text);
    expect(parsed.a).toBe(Number.POSITIVE_INFINITY);
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });
});
