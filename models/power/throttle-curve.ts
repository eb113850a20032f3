/**
 * The power-capped performance curve: how fast a rack runs under a power limit.
 *
 * A power limit works through the clock (DVFS): at a fraction `s` of the full clock a step takes 1/s
 * as long, and the above-idle (dynamic) power of a busy rack falls as s^γ. CMOS dynamic power is
 * C·V²·f and the voltage falls with the frequency over the DVFS range, so γ is 3 where V ∝ f and
 * nearer 2 once the voltage reaches its floor; the default γ = 2.5 sits between (estimate). Idle power
 * does not change with the limit.
 *
 * Step time ∝ 1/s is the pessimistic end: it treats a whole step as clock-bound. Decode steps are mostly
 * HBM-bound, and measurements find LLM inference gives up little throughput to frequency or power caps
 * (POLCA, Patel et al., ASPLOS 2024, arXiv 2308.12908: 30% more servers in the same power with minimal
 * performance loss; Ma et al., arXiv 2605.11999: clock locking saves up to 32% of decode energy at
 * minimal throughput loss). So a throttled factory here serves a lower bound of what it would.
 * `minSpeedFraction` is the lowest clock the limit may impose (a GPU accepts power limits only down to
 * a floor well above idle): default 0.5, an estimate.
 */
export interface ThrottleCurve {
  /** γ: a busy rack's dynamic power ∝ speed^γ */
  dynamicPowerExponent: number;
  /** lowest speed (fraction of the full clock) a power limit may impose, in (0, 1] */
  minSpeedFraction: number;
}

/** Dynamic power of a busy rack at `speedFraction` of full speed, as a fraction of its full-speed dynamic power. */
export function dynamicPowerFraction(curve: ThrottleCurve, speedFraction: number): number {
  return speedFraction ** curve.dynamicPowerExponent;
}

/** The speed at which a busy rack's dynamic power is `fraction` of its full-speed value (the inverse). */
export function speedAtDynamicPowerFraction(curve: ThrottleCurve, fraction: number): number {
  return fraction <= 0 ? 0 : fraction >= 1 ? 1 : fraction ** (1 / curve.dynamicPowerExponent);
}
