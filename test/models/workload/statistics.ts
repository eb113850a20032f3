// Small statistics for the workload tests (kept here so the tests do not depend on code under test).
import { RandomStreams, type RandomSource } from '../../../engine/random/random-source.js';
import type { ArrivalProcess } from '../../../models/workload/arrival-process.js';

export function mean(xs: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  return sum / xs.length;
}

/** Unbiased sample variance. */
export function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += (xs[i] - m) ** 2;
  return sum / (xs.length - 1);
}

export function standardError(xs: ArrayLike<number>): number {
  return Math.sqrt(variance(xs) / xs.length);
}

/** A fixed, named stream: every test run sees the same draws. */
export function stream(name: string, replication = 0): RandomSource {
  return new RandomStreams('workload-tests', replication).stream(name);
}

/** All arrivals of a process started at `startS`, up to `untilS`. */
export function arrivalsUntil(process: ArrivalProcess, untilS: number, startS = 0): number[] {
  const times: number[] = [];
  for (let t = process.nextArrivalS(startS); t < untilS; t = process.nextArrivalS(t)) times.push(t);
  return times;
}

/** Counts of `times` in consecutive windows of `windowS` from `startS`, `windows` of them. */
export function windowCounts(times: readonly number[], windowS: number, windows: number, startS = 0): Float64Array {
  const counts = new Float64Array(windows);
  for (const t of times) {
    const w = Math.floor((t - startS) / windowS);
    if (w >= 0 && w < windows) counts[w]++;
  }
  return counts;
}

export function gaps(times: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < times.length; i++) out.push(times[i] - times[i - 1]);
  return out;
}

/** Coefficient of variation: sample sd / sample mean. */
export function cv(xs: ArrayLike<number>): number {
  return Math.sqrt(variance(xs)) / mean(xs);
}
