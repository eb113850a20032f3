import { dynamicPowerFraction, speedAtDynamicPowerFraction, type ThrottleCurve } from './throttle-curve.js';

/**
 * How an oversubscribed factory keeps to its cap: refuse the cheapest tier's new requests (`shed`),
 * lower every rack's power limit so steps slow down (`throttle`), or throttle down to the curve's
 * floor and shed beyond it (`throttle-then-shed`).
 */
export type PowerEnforcement = 'shed' | 'throttle' | 'throttle-then-shed';

export const POWER_ENFORCEMENTS: readonly PowerEnforcement[] = ['shed', 'throttle', 'throttle-then-shed'];

/** One kind of racks over one interval, facility side, whole factory. */
export interface RackGroupPowerSample {
  /** facility MW the group draws with every rack idle */
  idleMw: number;
  /** facility MW above idle the group draws with every rack busy at full speed */
  dynamicMw: number;
  /** fraction of the interval its racks were busy, at the speed then in force */
  busyFraction: number;
}

export interface PowerCapControllerOptions {
  capMw: number;
  /** the controller acts once per interval, on the interval's mean facility power */
  intervalS: number;
  enforcement: PowerEnforcement;
  curve: ThrottleCurve;
  /** facility MW of all racks idle, and above idle with all busy at full speed */
  idleMw: number;
  dynamicMw: number;
  /** per tier, in tier order: shedding refuses the cheapest first (the lower index among equals) */
  tierPricesUsdPerMTokOut: readonly number[];
}

/**
 * Throttling aims this far under the cap: an interval's power at fixed settings varies by a few
 * percent between intervals (queues and batches fluctuate), and aiming at the cap itself would spend
 * the overshoot budget on that noise and then force a deep throttle (estimate).
 */
export const THROTTLE_TARGET_FRACTION = 0.97;
/** shedding readmits a tier once an interval's power falls below this fraction of the cap (hysteresis) */
export const READMIT_BELOW_FRACTION = 0.95;
/** a rack group this busy is taken as saturated: at another speed it would still be busy all the time */
const SATURATED_BUSY_FRACTION = 0.999;

/**
 * The power controller of an oversubscribed factory, acting at the end of each interval (it sees an
 * interval's mean power only once the interval is over: that is its control lag).
 *
 * Shedding (`shed`): above the cap, refuse new requests of the cheapest tier not yet refused; below 95%
 * of it, once the excess energy of earlier intervals has been paid back (the budget below is full
 * again), readmit the dearest refused tier; one step per interval.
 *
 * Throttling (`throttle`) sets one speed for every rack for the next interval: the fastest at which the
 * interval just measured, replayed at the new speed, would draw THROTTLE_TARGET_FRACTION of the cap.
 * The replay keeps each rack group's work: busy time × speed is the same at any speed (slower steps,
 * longer busy periods) until the group is busy all the time. Prediction can be wrong when demand
 * rises, so a second rule bounds the overshoot whatever happens: the controller keeps a budget of
 * excess energy, B = (P_max(1) − cap) × interval, where P_max(s) is the facility power with every rack
 * busy at speed s, the most an interval at speed s can draw. It starts full; each interval spends
 * (P − cap) × interval (or refills by that much when under the cap, up to B); and the next speed may
 * not exceed the one whose worst case, (P_max(s) − cap) × interval, the budget left can pay. So the
 * budget never goes negative, and over any run of whole intervals
 *   Σ (P − cap) × interval ≤ B,
 * i.e. facility energy ≤ cap × time + one interval's worst overshoot (an unthrottled interval at full
 * load): exactly what a controller that reacts once per interval cannot avoid. This holds as long as
 * the racks at the curve's lowest speed fit the cap (P_max(minSpeedFraction) ≤ cap); beyond that no
 * speed can keep to the cap, the controller runs at the floor, and `throttle-then-shed` also sheds.
 *
 * `throttle-then-shed` throttles as above; when even the floor speed would draw more than the cap (at
 * the measured work), it sheds the cheapest tier, and readmits the dearest shed tier once the racks run
 * unthrottled below 95% of the cap.
 */
export class PowerCapController {
  /** the speed every rack runs at until the next update, a fraction of full speed */
  speedFraction = 1;
  /** per tier: its new requests are refused */
  readonly shedding: boolean[];
  private readonly budgetMwS: number;
  private slackMwS: number;
  /** tier indices, cheapest first */
  private readonly shedOrder: number[];

  constructor(private readonly options: PowerCapControllerOptions) {
    const { curve } = options;
    if (!(curve.minSpeedFraction > 0 && curve.minSpeedFraction <= 1)) {
      throw new RangeError(`minSpeedFraction must be in (0, 1], got ${curve.minSpeedFraction}`);
    }
    if (!(curve.dynamicPowerExponent >= 1)) throw new RangeError(`dynamicPowerExponent must be ≥ 1, got ${curve.dynamicPowerExponent}`);
    const prices = options.tierPricesUsdPerMTokOut;
    this.shedding = prices.map(() => false);
    this.shedOrder = prices.map((_, i) => i).sort((a, b) => prices[a] - prices[b] || a - b);
    this.budgetMwS = Math.max(0, this.maxFacilityMw(1) - options.capMw) * options.intervalS;
    this.slackMwS = this.budgetMwS;
  }

  /** The most the factory can draw at `speedFraction`: every rack busy (the power limit's facility total). */
  maxFacilityMw(speedFraction: number): number {
    return this.options.idleMw + this.options.dynamicMw * dynamicPowerFraction(this.options.curve, speedFraction);
  }

  /** B: the excess energy, MW·s, the controller allows over any run of intervals. */
  get overshootBudgetMwS(): number {
    return this.budgetMwS;
  }

  /** Ends an interval: its mean facility power and the busy fractions behind it set the next interval's speed and shedding. */
  update(facilityMw: number, groups: readonly RackGroupPowerSample[]): void {
    const { capMw, intervalS, enforcement, curve } = this.options;
    this.slackMwS = Math.min(this.budgetMwS, this.slackMwS - (facilityMw - capMw) * intervalS);
    if (enforcement === 'shed') {
      // Readmit only once the energy drawn over the cap has been paid back by intervals under it:
      // shedding acts slowly (admitted requests run on), and readmitting at the first quiet interval
      // would oscillate around the cap with a mean above it.
      this.shedStep(facilityMw > capMw, facilityMw < READMIT_BELOW_FRACTION * capMw && this.slackMwS >= this.budgetMwS);
      return;
    }
    const floor = curve.minSpeedFraction;
    const safe = this.fastestSafeSpeed();
    const wanted = this.speedForTarget(groups, THROTTLE_TARGET_FRACTION * capMw);
    const previous = this.speedFraction;
    this.speedFraction = Math.max(floor, Math.min(1, wanted, safe));
    if (enforcement === 'throttle-then-shed') {
      const beyondThrottling = this.predictedMw(groups, previous, floor) > capMw || (safe < floor && facilityMw > capMw);
      this.shedStep(beyondThrottling, this.speedFraction === 1 && facilityMw < READMIT_BELOW_FRACTION * capMw);
    }
  }

  private shedStep(shedMore: boolean, readmit: boolean): void {
    if (shedMore) {
      const victim = this.shedOrder.find((i) => !this.shedding[i]);
      if (victim !== undefined) this.shedding[victim] = true;
    } else if (readmit) {
      for (let k = this.shedOrder.length - 1; k >= 0; k--) {
        if (this.shedding[this.shedOrder[k]]) {
          this.shedding[this.shedOrder[k]] = false;
          break;
        }
      }
    }
  }

  /** The fastest speed whose worst case the budget left can pay (0 if none can). */
  private fastestSafeSpeed(): number {
    const { capMw, intervalS, idleMw, dynamicMw, curve } = this.options;
    if (!(dynamicMw > 0)) return 1;
    return speedAtDynamicPowerFraction(curve, (capMw + this.slackMwS / intervalS - idleMw) / dynamicMw);
  }

  /** Facility MW the groups would have drawn at `speedFraction` instead of `measuredSpeed`, doing the same work. */
  private predictedMw(groups: readonly RackGroupPowerSample[], measuredSpeed: number, speedFraction: number): number {
    const power = dynamicPowerFraction(this.options.curve, speedFraction);
    let mw = 0;
    for (const g of groups) {
      const busy = g.busyFraction >= SATURATED_BUSY_FRACTION ? 1 : Math.min(1, (g.busyFraction * measuredSpeed) / speedFraction);
      mw += g.idleMw + g.dynamicMw * busy * power;
    }
    return mw;
  }

  /** The fastest speed in [floor, 1] predicted to draw at most `targetMw` (the floor if none does). Power rises with speed. */
  private speedForTarget(groups: readonly RackGroupPowerSample[], targetMw: number): number {
    const measured = this.speedFraction;
    if (this.predictedMw(groups, measured, 1) <= targetMw) return 1;
    let lo = this.options.curve.minSpeedFraction;
    if (this.predictedMw(groups, measured, lo) > targetMw) return lo;
    let hi = 1;
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (this.predictedMw(groups, measured, mid) <= targetMw) lo = mid;
      else hi = mid;
    }
    return lo;
  }
}
