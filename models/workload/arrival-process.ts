/**
 * A stream of request arrivals. The owner calls `nextArrivalS` once to start it, then once at each
 * arrival it returned, and schedules an event at the answer:
 *
 *   let t = arrivals.nextArrivalS(sim.now);             // first call: the process starts at sim.now
 *   const onArrival = () => { submit(…); t = arrivals.nextArrivalS(sim.now); if (t < Infinity) sim.scheduleAt(t, onArrival); };
 *
 * The process keeps its own state (the time of its last arrival, an MMPP's phase, a trace's cursor),
 * so it needs no simulation events of its own. After the first call `nowS` is only the caller's
 * clock: the sequence continues from the previous arrival, and arrivals are never skipped.
 */
export interface ArrivalProcess {
  /** Absolute time (s) of the next arrival, ≥ the previous one; Infinity when the process is exhausted. */
  nextArrivalS(nowS: number): number;
}

/** Throws unless `nowS` is a finite time: the first call fixes the process's origin. */
export function requireStartTime(nowS: number): void {
  if (typeof nowS !== 'number' || !Number.isFinite(nowS)) {
    throw new RangeError(`nextArrivalS: nowS must be a finite time, got ${nowS}`);
  }
}

/** Throws unless `value` is a finite number ≥ 0 (`> 0` when `positive`); `what` names it: `poisson.ratePerS`. */
export function requireRate(what: string, value: number, positive = false): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && (positive ? value > 0 : value >= 0);
  if (!ok) throw new RangeError(`${what} must be a finite number ${positive ? '> 0' : '≥ 0'}, got ${value}`);
}
