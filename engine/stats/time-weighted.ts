import { SimulationUsageError } from '../errors.js';

/**
 * Time average of a piecewise-constant signal: utilisation, queue length, power draw.
 *
 * `update(timeS, value)` says the signal steps to `value` at `timeS` and holds it until the next
 * update. Averages run from the start (or the last `reset`) to the time asked for, which may lie
 * after the last update: the current value is extended to it. Times never decrease; a step back
 * throws, because it means events were processed out of order.
 *
 * `min` and `max` cover every value the signal took since the start or reset, including one
 * replaced at the same instant it was set (a queue that reached 10 did reach 10).
 */
export class TimeWeighted {
  private startTimeS: number;
  private lastTimeS: number;
  private currentValue: number;
  private area = 0;
  private minimum: number;
  private maximum: number;

  constructor(startTimeS = 0, initialValue = 0) {
    checkFinite('startTimeS', startTimeS);
    checkFinite('initialValue', initialValue);
    this.startTimeS = startTimeS;
    this.lastTimeS = startTimeS;
    this.currentValue = initialValue;
    this.minimum = initialValue;
    this.maximum = initialValue;
  }

  /** The signal changes to `value` at `timeS` (≥ the previous update's time). */
  update(timeS: number, value: number): void {
    checkFinite('value', value);
    this.advanceTo(timeS, 'update');
    this.currentValue = value;
    if (value < this.minimum) this.minimum = value;
    if (value > this.maximum) this.maximum = value;
  }

  /**
   * Restarts averaging at `timeS`, keeping the current value: deletes a warm-up period from the
   * statistics while the signal itself carries on.
   */
  reset(timeS: number): void {
    this.advanceTo(timeS, 'reset');
    this.area = 0;
    this.startTimeS = timeS;
    this.minimum = this.currentValue;
    this.maximum = this.currentValue;
  }

  /** ∫ value dt from the start (or last reset) to `untilS` (default: the last update). */
  integral(untilS: number = this.lastTimeS): number {
    this.checkQueryTime(untilS);
    return this.area + this.currentValue * (untilS - this.lastTimeS);
  }

  /**
   * Time-average value from the start (or last reset) to `untilS` (default: the last update).
   * Over a zero-length window this is the current value, the limit of the average as it shrinks.
   */
  mean(untilS: number = this.lastTimeS): number {
    const durationS = this.duration(untilS);
    return durationS === 0 ? this.currentValue : this.integral(untilS) / durationS;
  }

  /** Length of the averaging window ending at `untilS` (default: the last update). */
  duration(untilS: number = this.lastTimeS): number {
    this.checkQueryTime(untilS);
    return untilS - this.startTimeS;
  }

  get value(): number {
    return this.currentValue;
  }

  get min(): number {
    return this.minimum;
  }

  get max(): number {
    return this.maximum;
  }

  /** Time the averaging window started: the construction time or the last reset. */
  get startTime(): number {
    return this.startTimeS;
  }

  /** Time of the last update or reset. */
  get lastUpdateTime(): number {
    return this.lastTimeS;
  }

  private advanceTo(timeS: number, what: string): void {
    checkFinite('timeS', timeS);
    if (timeS < this.lastTimeS) {
      throw new SimulationUsageError(
        `TimeWeighted.${what} at ${timeS} s is before the previous update at ${this.lastTimeS} s: times must not decrease`,
      );
    }
    this.area += this.currentValue * (timeS - this.lastTimeS);
    this.lastTimeS = timeS;
  }

  private checkQueryTime(untilS: number): void {
    checkFinite('untilS', untilS);
    if (untilS < this.lastTimeS) {
      throw new SimulationUsageError(
        `TimeWeighted queried until ${untilS} s, before the last update at ${this.lastTimeS} s`,
      );
    }
  }
}

function checkFinite(name: string, x: number): void {
  if (!Number.isFinite(x)) throw new RangeError(`TimeWeighted: ${name} must be a finite number, got ${x}`);
}
