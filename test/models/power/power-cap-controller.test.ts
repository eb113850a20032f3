import { describe, expect, it } from 'vitest';
import { SeededStream } from '../../../engine/random/random-source.js';
import {
  PowerCapController,
  THROTTLE_TARGET_FRACTION,
  type PowerCapControllerOptions,
  type PowerEnforcement,
  type RackGroupPowerSample,
} from '../../../models/power/power-cap-controller.js';
import { dynamicPowerFraction, speedAtDynamicPowerFraction, type ThrottleCurve } from '../../../models/power/throttle-curve.js';

/**
 * The power controller against a plant whose physics it assumes: a rack group doing work w (its busy
 * fraction at full speed) is busy min(1, w/s) of the time at speed s and then draws
 * idle + dynamic × busy × s^γ. Demand (w) changes between intervals as the tests choose, including
 * adversarially, to check the guarantees that do not rest on prediction.
 */
const CURVE: ThrottleCurve = { dynamicPowerExponent: 2.5, minSpeedFraction: 0.5 };
const INTERVAL_S = 60;

interface Plant {
  idleMw: number[];
  dynamicMw: number[];
}

/** Two rack groups, 1.3× oversubscribed against a 100 MW cap: 130 MW at peak, 35% of it idle. */
const PLANT: Plant = { idleMw: [0.35 * 80, 0.35 * 50], dynamicMw: [0.65 * 80, 0.65 * 50] };
const CAP_MW = 100;

function controller(enforcement: PowerEnforcement, curve = CURVE, plant = PLANT, prices = [0, 3]): PowerCapController {
  const options: PowerCapControllerOptions = {
    capMw: CAP_MW,
    intervalS: INTERVAL_S,
    enforcement,
    curve,
    idleMw: plant.idleMw.reduce((a, b) => a + b, 0),
    dynamicMw: plant.dynamicMw.reduce((a, b) => a + b, 0),
    tierPricesUsdPerMTokOut: prices,
  };
  return new PowerCapController(options);
}

/** One interval of the plant at the controller's speed with work `work[g]` per group: its samples and mean power. */
function runInterval(c: PowerCapController, work: number[], curve = CURVE, plant = PLANT): { mw: number; groups: RackGroupPowerSample[] } {
  const s = c.speedFraction;
  const groups = work.map((w, g) => ({ idleMw: plant.idleMw[g], dynamicMw: plant.dynamicMw[g], busyFraction: Math.min(1, w / s) }));
  const mw = groups.reduce((sum, g) => sum + g.idleMw + g.dynamicMw * g.busyFraction * dynamicPowerFraction(curve, s), 0);
  return { mw, groups };
}

describe('throttle curve', () => {
  it('inverts: the speed at the dynamic power of speed s is s', () => {
    for (const s of [0.3, 0.5, 0.77, 1]) expect(speedAtDynamicPowerFraction(CURVE, dynamicPowerFraction(CURVE, s))).toBeCloseTo(s, 12);
    expect(speedAtDynamicPowerFraction(CURVE, -1)).toBe(0);
    expect(speedAtDynamicPowerFraction(CURVE, 2)).toBe(1);
  });

  it('makes a slower rack do more work per unit of dynamic energy (γ > 1): s / s^γ > 1', () => {
    for (const s of [0.5, 0.8, 0.95]) expect(s / dynamicPowerFraction(CURVE, s)).toBeGreaterThan(1);
  });
});

describe('PowerCapController, shed', () => {
  it('refuses the cheapest tier first, one per interval, and readmits the dearest first below 95% of the cap once the excess energy is paid back', () => {
    const c = controller('shed', CURVE, PLANT, [3, 0, 45]);
    c.update(120, []);
    expect(c.shedding).toEqual([false, true, false]); // $0 first
    c.update(101, []);
    expect(c.shedding).toEqual([true, true, false]);
    c.update(96, []); // between 95% and 100%: hold
    expect(c.shedding).toEqual([true, true, false]);
    c.update(90, []); // under 95%, but 21 MW·interval over the cap so far against 14 under: hold
    expect(c.shedding).toEqual([true, true, false]);
    c.update(90, []); // paid back
    expect(c.shedding).toEqual([false, true, false]); // the dearer of the two comes back first
    expect(c.speedFraction).toBe(1); // shedding never throttles
  });
});

describe('PowerCapController, throttle', () => {
  it('settles in one interval at the speed whose power is the target, for a constant demand', () => {
    const c = controller('throttle');
    const work = [1, 1]; // both groups saturated: power = idle + dynamic × s^γ
    let { mw, groups } = runInterval(c, work);
    expect(mw).toBeCloseTo(130, 9);
    c.update(mw, groups);
    const expected = speedAtDynamicPowerFraction(CURVE, (THROTTLE_TARGET_FRACTION * CAP_MW - 45.5) / 84.5);
    expect(c.speedFraction).toBeCloseTo(expected, 9);
    for (let k = 0; k < 5; k++) {
      ({ mw, groups } = runInterval(c, work));
      expect(mw).toBeCloseTo(THROTTLE_TARGET_FRACTION * CAP_MW, 6);
      c.update(mw, groups);
    }
  });

  it('runs unthrottled when the demand draws less than the target', () => {
    const c = controller('throttle');
    const { mw, groups } = runInterval(c, [0.4, 0.3]);
    expect(mw).toBeLessThan(THROTTLE_TARGET_FRACTION * CAP_MW);
    c.update(mw, groups);
    expect(c.speedFraction).toBe(1);
  });

  /**
   * The guarantee that holds whatever the demand does: over any run of whole intervals, the excess
   * energy Σ (P − cap) × interval is at most one unthrottled interval's worst case, (P_max(1) − cap) ×
   * interval. Demand jumps at random between idle and saturation, the worst case for a controller
   * that predicts from the last interval.
   */
  it('never spends more than one interval’s worst overshoot over any run of intervals, whatever the demand', () => {
    for (const seed of ['a', 'b', 'c']) {
      const random = new SeededStream(`controller-${seed}`);
      const c = controller('throttle');
      const budgetMwS = (c.maxFacilityMw(1) - CAP_MW) * INTERVAL_S;
      expect(c.overshootBudgetMwS).toBeCloseTo(30 * INTERVAL_S, 9);
      const excessMwS: number[] = [];
      for (let k = 0; k < 400; k++) {
        const jump = random.next() < 0.3;
        const work = jump ? [random.next() < 0.5 ? 1 : 0.05, random.next() < 0.5 ? 1 : 0.05] : [0.5 + 0.5 * random.next(), random.next()];
        const { mw, groups } = runInterval(c, work);
        expect(mw).toBeLessThanOrEqual(c.maxFacilityMw(c.speedFraction) + 1e-9);
        excessMwS.push((mw - CAP_MW) * INTERVAL_S);
        c.update(mw, groups);
        expect(c.speedFraction).toBeGreaterThanOrEqual(CURVE.minSpeedFraction);
        expect(c.speedFraction).toBeLessThanOrEqual(1);
      }
      // every window: the largest sum of a contiguous run (Kadane)
      let best = -Infinity;
      let run = 0;
      for (const e of excessMwS) {
        run = Math.max(e, run + e);
        best = Math.max(best, run);
      }
      // float sums over 400 intervals: a relative 1e-9 of slack (the bound is reached exactly)
      expect(best, seed).toBeLessThanOrEqual(budgetMwS * (1 + 1e-9));
      expect(excessMwS.some((e) => e > 0), 'the demand never pushed power over the cap: the test is vacuous').toBe(true);
    }
  });

  it('cannot guarantee the cap when racks at the floor speed exceed it, and runs at the floor', () => {
    const steep: ThrottleCurve = { dynamicPowerExponent: 2.5, minSpeedFraction: 0.95 };
    const c = controller('throttle', steep);
    expect(c.maxFacilityMw(steep.minSpeedFraction)).toBeGreaterThan(CAP_MW);
    for (let k = 0; k < 3; k++) {
      const { mw, groups } = runInterval(c, [1, 1], steep);
      c.update(mw, groups);
      expect(c.speedFraction).toBe(steep.minSpeedFraction);
    }
    expect(c.shedding).toEqual([false, false]); // throttle alone never sheds
  });
});

describe('PowerCapController, throttle-then-shed', () => {
  it('throttles first and sheds only once the floor speed would still exceed the cap', () => {
    const c = controller('throttle-then-shed');
    // 1.3× with a floor at half speed: throttling can hold a saturated factory, so nothing is shed
    for (let k = 0; k < 5; k++) {
      const { mw, groups } = runInterval(c, [1, 1]);
      c.update(mw, groups);
      expect(c.shedding).toEqual([false, false]);
    }
    expect(c.speedFraction).toBeLessThan(1);

    const steep: ThrottleCurve = { dynamicPowerExponent: 2.5, minSpeedFraction: 0.95 };
    const d = controller('throttle-then-shed', steep);
    const { mw, groups } = runInterval(d, [1, 1], steep);
    d.update(mw, groups);
    expect(d.speedFraction).toBe(steep.minSpeedFraction);
    expect(d.shedding).toEqual([true, false]); // the $0 tier
    // demand falls away: back to full speed first, then the shed tier returns
    let readmittedAt = -1;
    for (let k = 0; k < 5 && readmittedAt < 0; k++) {
      const next = runInterval(d, [0.1, 0.1], steep);
      d.update(next.mw, next.groups);
      if (!d.shedding[0]) {
        readmittedAt = k;
        expect(d.speedFraction).toBe(1);
      }
    }
    expect(readmittedAt).toBeGreaterThanOrEqual(0);
  });
});
