import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../experiments/scenario/load-scenario.js';
import type { ScenarioFile } from '../../../experiments/scenario/scenario-schema.js';
import { defaultCatalog } from '../../../models/catalog/catalog.js';
import { replicationOutcome } from '../../../models/factory/metrics.js';
import { planFactory, type FactoryPlan } from '../../../models/factory/plan.js';
import { runReplication, type ReplicationResult } from '../../../models/factory/replication.js';
import type { PowerEnforcement } from '../../../models/power/power-cap-controller.js';

/**
 * Issue 5 §3: an oversubscribed factory keeps to its cap by throttling (a power limit slows every
 * rack's steps), by shedding the cheapest tier, or by both. The tiny two-tier fixture, oversubscribed
 * and loaded so that unthrottled racks would draw more than the cap.
 */
const catalog = defaultCatalog();
const FIXTURE = fileURLToPath(new URL('../../fixtures/tiny-factory.json', import.meta.url));
const REPLICATIONS = 3;

interface Run {
  plan: FactoryPlan;
  results: ReplicationResult[];
}

async function simulate(enforcement: PowerEnforcement, ratio: number, power: Partial<ScenarioFile['factory']['power']> = {}): Promise<Run> {
  const { scenario } = await loadScenario(FIXTURE, catalog, (f) => ({
    ...f,
    factory: { ...f.factory, power: { ...f.factory.power, mode: 'oversubscribe', oversubscriptionRatio: ratio, enforcement, ...power } },
    tiers: f.tiers.map((t) => ({ ...t, demand: { ...t.demand, loadFraction: 0.9 } })),
    simulation: { ...f.simulation, durationS: 160, warmupS: 40, intervalS: 10, seed: 'power-enforcement' },
  }));
  const plan = planFactory(scenario, catalog);
  return { plan, results: Array.from({ length: REPLICATIONS }, (_, r) => runReplication(plan, r)) };
}

/** The largest total of (P − cap) × interval over any run of consecutive intervals (Kadane). */
function worstExcessMwS(result: ReplicationResult, capMw: number): number {
  let best = -Infinity;
  let run = 0;
  for (const p of result.power) {
    const excess = (p.facilityPowerMw - capMw) * (p.endS - p.startS);
    run = Math.max(excess, run + excess);
    best = Math.max(best, run);
  }
  return best;
}

const outputTokens = (r: ReplicationResult): number => r.tiers.reduce((s, t) => s + t.metrics.outputTokens * t.scale, 0);

describe('throttling an oversubscribed factory', () => {
  let throttle: Run;
  let shed: Run;
  beforeAll(async () => {
    throttle = await simulate('throttle', 1.2);
    shed = await simulate('shed', 1.2);
  });

  /**
   * The controller sees an interval's power only at its end, so one interval can run unthrottled at
   * full load before it reacts: that interval's worst overshoot, B = (P_max(1) − cap) × interval with
   * P_max(1) the racks' peak facility power, is the tolerance. The controller never lets the excess
   * energy of any run of intervals exceed B (models/power/power-cap-controller.ts), so neither the
   * measured window's energy nor any single interval can exceed the cap by more.
   */
  it('keeps facility energy within cap × time plus one interval’s overshoot, over every run of intervals', () => {
    const { plan, results } = throttle;
    const capMw = plan.scenario.factory.powerCapMw;
    const intervalS = plan.scenario.simulation.intervalS;
    const budgetMwS = (plan.peakFacilityMw - capMw) * intervalS;
    expect(plan.peakFacilityMw).toBeGreaterThan(1.15 * capMw); // unthrottled, the racks could exceed the cap
    for (const r of results) {
      expect(worstExcessMwS(r, capMw), `replication ${r.replication}`).toBeLessThanOrEqual(budgetMwS * (1 + 1e-9));
      expect(r.energyMwh * 3600).toBeLessThanOrEqual(capMw * r.measuredS + budgetMwS * (1 + 1e-9));
      for (const p of r.power) {
        expect(p.facilityPowerMw - capMw).toBeLessThanOrEqual(budgetMwS / intervalS + 1e-9);
        // an interval never draws more than its power limit allows, and the limit is the racks' peak unthrottled
        expect(p.facilityPowerMw).toBeLessThanOrEqual(p.powerLimitMw * (1 + 1e-12));
        if (p.stepSpeedFraction === 1) expect(p.powerLimitMw).toBeCloseTo(plan.peakFacilityMw, 9);
        else expect(p.powerLimitMw).toBeLessThan(plan.peakFacilityMw);
        expect(p.sheddingTiers).toEqual([]);
      }
      // not vacuous: the demand drove the factory over the cap and the controller slowed it
      expect(r.power.some((p) => p.facilityPowerMw > capMw)).toBe(true);
      expect(r.power.some((p) => p.stepSpeedFraction < 1)).toBe(true);
      for (const t of r.tiers) expect(t.metrics.rejectedForPower).toBe(0);
    }
  });

  it('conserves requests exactly while throttled', () => {
    for (const r of throttle.results) {
      for (const t of r.tiers) {
        const m = t.metrics;
        expect(m.inFlightAtWarmup + m.arrived).toBe(m.served + m.rejected + m.abandoned + m.inFlightAtEnd);
      }
    }
  });

  /**
   * Why throttling should win on tokens: at speed s a busy rack does s of its full-speed work for s^γ
   * of its dynamic power, so a joule buys s^(1−γ) > 1 times the work when throttled (γ = 2.5 > 1),
   * while shedding keeps the racks at full speed and the cost per token unchanged, and refuses
   * requests outright for whole intervals. Same demand in both runs (common random numbers).
   */
  it('serves more output tokens than shedding at the same small oversubscription (common random numbers)', () => {
    for (let r = 0; r < REPLICATIONS; r++) {
      const throttled = throttle.results[r];
      const shedded = shed.results[r];
      expect(throttled.tiers.map((t) => t.metrics.arrived), 'same demand').toEqual(shedded.tiers.map((t) => t.metrics.arrived));
      expect(outputTokens(throttled), `replication ${r}`).toBeGreaterThan(outputTokens(shedded));
    }
  });

  /**
   * Shedding refuses new requests only: admitted ones run on, so power falls over several intervals.
   * The controller readmits a tier only once the energy drawn over the cap has been paid back, so over
   * the measured window the energy stays within cap × time plus one unthrottled interval's overshoot.
   */
  it('keeps facility energy within cap × time plus one interval’s overshoot when shedding', () => {
    const { plan, results } = shed;
    const capMw = plan.scenario.factory.powerCapMw;
    const budgetMwS = (plan.peakFacilityMw - capMw) * plan.scenario.simulation.intervalS;
    for (const r of results) {
      expect(r.power.some((p) => p.sheddingTiers.length > 0), `replication ${r.replication} sheds`).toBe(true);
      expect(r.energyMwh * 3600, `replication ${r.replication}`).toBeLessThanOrEqual(capMw * r.measuredS + budgetMwS * (1 + 1e-9));
    }
  });

  it('reports requests refused for power in revenue outcomes when shedding', () => {
    for (const r of shed.results) {
      const { tiers } = replicationOutcome(shed.plan, r);
      for (const [i, t] of r.tiers.entries()) {
        expect(tiers[i].requestsRejectedForPower).toBe(t.metrics.rejectedForPower * t.scale);
        expect(tiers[i].requestsRejectedForPower).toBeLessThanOrEqual(tiers[i].requestsRejected);
      }
      expect(r.tiers[0].metrics.rejectedForPower).toBeGreaterThan(0); // the $0 tier is shed first
      for (const p of r.power) {
        expect(p.stepSpeedFraction).toBe(1);
        expect(p.powerLimitMw).toBeCloseTo(shed.plan.peakFacilityMw, 9);
      }
    }
  });
});

describe('throttle-then-shed', () => {
  it('sheds a tier only once throttling is at its floor', async () => {
    // 2× oversubscribed with a high floor: even the slowest allowed racks would exceed the cap
    const { plan, results } = await simulate('throttle-then-shed', 2, { minSpeedFraction: 0.8 });
    const floor = plan.scenario.factory.power.minSpeedFraction;
    let shedIntervals = 0;
    for (const r of results) {
      for (let k = 0; k + 1 < r.power.length; k++) {
        const before = k === 0 ? [] : r.power[k - 1].sheddingTiers;
        const grew = r.power[k].sheddingTiers.some((tier) => !before.includes(tier));
        if (!grew) continue;
        shedIntervals++;
        // the speed chosen at the end of interval k is the one interval k + 1 runs at
        expect(r.power[k + 1].stepSpeedFraction, `replication ${r.replication} interval ${k}`).toBe(floor);
        if (r.power[k].sheddingTiers.length === 1) expect(r.power[k].sheddingTiers).toEqual(['free']); // cheapest first
      }
      const m = r.tiers[0].metrics;
      expect(m.inFlightAtWarmup + m.arrived).toBe(m.served + m.rejected + m.abandoned + m.inFlightAtEnd);
    }
    expect(shedIntervals).toBeGreaterThan(0);
  });
});
