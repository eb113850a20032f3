import type { RandomSource } from '../../engine/random/random-source.js';
import { requireRate, requireStartTime, type ArrivalProcess } from './arrival-process.js';

export const DAYS_OF_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

/**
 * A non-homogeneous Poisson process following a daily and weekly cycle (see README.md):
 *
 *   λ(t) = meanRatePerS · c · w(day) · (1 + a · cos(2π (hour − peakHour) / 24))
 *   a = (peakToTroughRatio − 1) / (peakToTroughRatio + 1),  c = 7 / (5 + 2 · weekendFactor)
 *
 * with hour the local hour of day at t and w = weekendFactor on Saturday and Sunday, 1 otherwise.
 * Each day's rate peaks at peakHour and is lowest 12 h later, peak / trough = peakToTroughRatio;
 * the cosine averages to 0 over each day, so c makes the mean over a whole week meanRatePerS.
 */
export interface DailyCycleArrivalSpec {
  kind: 'daily-cycle';
  /** requests per second, averaged over a week */
  meanRatePerS: number;
  /** busiest over quietest rate within a day, ≥ 1 (1: flat) */
  peakToTroughRatio: number;
  /** local hour of the daily peak, in [0, 24) */
  peakHour: number;
  /** a weekend day's rate over a weekday's at the same hour, ≥ 0 (1: no weekly cycle) */
  weekendFactor: number;
  /** local hour of day at simulated time 0, in [0, 24) (default 0: the run starts at midnight) */
  startHour?: number;
  /** day of the week at simulated time 0 (default 'mon') */
  startDayOfWeek?: DayOfWeek;
}

const SECONDS_PER_HOUR = 3600;
const SECONDS_PER_DAY = 86_400;
const SECONDS_PER_WEEK = 7 * SECONDS_PER_DAY;
const SATURDAY = 5;

/** The profile of a validated spec, as constants: λ(t) = scale(day) · (1 + a cos(ω (t − peakOffsetS))). */
class DailyProfile {
  readonly amplitude: number;
  readonly weekdayRatePerS: number;
  readonly weekendRatePerS: number;
  /** seconds from simulated time 0 back to the most recent Monday midnight */
  readonly weekOffsetS: number;
  readonly peakS: number;

  constructor(spec: DailyCycleArrivalSpec) {
    requireRate('daily-cycle.meanRatePerS', spec.meanRatePerS);
    const ratio = spec.peakToTroughRatio;
    if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio < 1) {
      throw new RangeError(`daily-cycle.peakToTroughRatio must be a finite number ≥ 1, got ${ratio}`);
    }
    requireHourOfDay('daily-cycle.peakHour', spec.peakHour);
    requireRate('daily-cycle.weekendFactor', spec.weekendFactor);
    const startHour = spec.startHour ?? 0;
    requireHourOfDay('daily-cycle.startHour', startHour);
    const startDay = DAYS_OF_WEEK.indexOf(spec.startDayOfWeek ?? 'mon');
    if (startDay < 0) {
      throw new RangeError(`daily-cycle.startDayOfWeek must be one of ${DAYS_OF_WEEK.join(', ')}, got ${spec.startDayOfWeek}`);
    }
    this.amplitude = (ratio - 1) / (ratio + 1);
    const normalisation = 7 / (5 + 2 * spec.weekendFactor);
    this.weekdayRatePerS = spec.meanRatePerS * normalisation;
    this.weekendRatePerS = this.weekdayRatePerS * spec.weekendFactor;
    this.weekOffsetS = startDay * SECONDS_PER_DAY + startHour * SECONDS_PER_HOUR;
    this.peakS = spec.peakHour * SECONDS_PER_HOUR;
  }

  // Written by `locate` (scratch fields, so the thinning loop allocates nothing).
  secondOfDayS = 0;
  levelPerS = 0;

  /** Sets `secondOfDayS` (since local midnight) and `levelPerS` (the day's rate where the cosine is 0) at `tS`. */
  locate(tS: number): void {
    const weekS = positiveModulo(tS + this.weekOffsetS, SECONDS_PER_WEEK);
    const dayIndex = Math.floor(weekS / SECONDS_PER_DAY);
    this.secondOfDayS = weekS - dayIndex * SECONDS_PER_DAY;
    this.levelPerS = dayIndex >= SATURDAY ? this.weekendRatePerS : this.weekdayRatePerS;
  }

  ratePerS(tS: number): number {
    this.locate(tS);
    return this.levelPerS * this.shape(this.secondOfDayS);
  }

  /** The cosine factor 1 + a cos(2π (s − peak) / day), in [1 − a, 1 + a]. */
  shape(secondOfDayS: number): number {
    return 1 + this.amplitude * Math.cos((2 * Math.PI * (secondOfDayS - this.peakS)) / SECONDS_PER_DAY);
  }
}

/** The profile λ(t) the process follows, requests per second at simulated time `tS` (e.g. for a policy tracking the cycle). */
export function dailyCycleRate(spec: DailyCycleArrivalSpec): (tS: number) => number {
  const profile = new DailyProfile(spec);
  return (tS) => profile.ratePerS(tS);
}

/**
 * Arrivals by thinning (Lewis and Shedler 1979) with a bound that is constant over each local day:
 * candidates come from a Poisson process at that day's maximum rate, level · (1 + a), and each is kept
 * with probability λ(t) / bound. A candidate past midnight is dropped and the search restarts there at
 * the next day's bound, which is exact because the candidate process is memoryless. Exact for the
 * profile above; it draws (1 + a) candidates an arrival (1.43 for a peak/trough ratio of 2.5), and
 * a day with rate 0 costs nothing.
 */
export function dailyCycleArrivals(spec: DailyCycleArrivalSpec, source: RandomSource): ArrivalProcess {
  const profile = new DailyProfile(spec);
  if (profile.weekdayRatePerS === 0 && profile.weekendRatePerS === 0) return { nextArrivalS: () => Infinity };
  const peakFactor = 1 + profile.amplitude;
  let lastS = NaN;
  return {
    nextArrivalS(nowS: number): number {
      if (Number.isNaN(lastS)) {
        requireStartTime(nowS);
        lastS = nowS;
      }
      let t = lastS;
      for (;;) {
        profile.locate(t);
        const secondOfDayS = profile.secondOfDayS;
        const levelPerS = profile.levelPerS;
        const midnightS = t + (SECONDS_PER_DAY - secondOfDayS);
        if (levelPerS === 0) {
          t = midnightS;
          continue;
        }
        const boundPerS = levelPerS * peakFactor;
        const candidateS = t - Math.log(1 - source.next()) / boundPerS;
        if (candidateS >= midnightS) {
          t = midnightS;
          continue;
        }
        const candidateSecondOfDayS = secondOfDayS + (candidateS - t);
        t = candidateS;
        if (source.next() * peakFactor < profile.shape(candidateSecondOfDayS)) break;
      }
      lastS = t;
      return t;
    },
  };
}

function requireHourOfDay(what: string, hour: number): void {
  if (typeof hour !== 'number' || !Number.isFinite(hour) || hour < 0 || hour >= 24) {
    throw new RangeError(`${what} must be an hour in [0, 24), got ${hour}`);
  }
}

/** x mod m in [0, m), also when rounding a tiny negative remainder would give m. */
function positiveModulo(x: number, m: number): number {
  const r = x % m;
  if (r >= 0) return r;
  const shifted = r + m;
  return shifted < m ? shifted : 0;
}
