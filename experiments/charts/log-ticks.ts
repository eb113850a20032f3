/**
 * Tick values for a log axis over [min, max]: powers of ten when the data span more than two decades,
 * 1-2-5 steps otherwise. Explicit values keep the axis to a few labels and gridlines where vega would
 * label 2, 3, 4 … 9 within every decade.
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max >= min) || !Number.isFinite(max)) return [];
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const steps = hi - lo > 2 ? [1] : [1, 2, 5];
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) {
    for (const s of steps) {
      const v = s * 10 ** e;
      // 10 ** e is inexact for negative e; round to the step's significant digit
      const rounded = Number(v.toPrecision(1));
      if (rounded <= 10 ** hi) ticks.push(rounded);
    }
  }
  return ticks;
}
