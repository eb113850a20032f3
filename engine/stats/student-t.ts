import { logGamma, regularizedIncompleteBeta, standardNormalQuantile } from './special-functions.js';

/**
 * From this many degrees of freedom the Cornish–Fisher expansion (to df⁻⁴) is exact to double
 * precision (relative error < 1e-15 for tail probabilities down to 1e-9), and the incomplete beta
 * would lose digits to cancelling log-gammas.
 */
const CORNISH_FISHER_MIN_DF = 1e4;

function checkDegreesOfFreedom(degreesOfFreedom: number): void {
  if (!(degreesOfFreedom > 0)) {
    throw new RangeError(`degrees of freedom must be > 0, got ${degreesOfFreedom}`);
  }
}

/** P(T > t) for t ≥ 0, computed directly (no 1 − x cancellation in the far tail). */
function upperTail(t: number, df: number): number {
  const t2 = t * t;
  return 0.5 * regularizedIncompleteBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
}

/** Density of Student's t with `degreesOfFreedom` at t. */
export function studentTDensity(t: number, degreesOfFreedom: number): number {
  checkDegreesOfFreedom(degreesOfFreedom);
  const df = degreesOfFreedom;
  return Math.exp(
    logGamma((df + 1) / 2) -
      logGamma(df / 2) -
      0.5 * Math.log(df * Math.PI) -
      ((df + 1) / 2) * Math.log1p((t * t) / df),
  );
}

/** Cumulative distribution function P(T ≤ t) of Student's t. */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  checkDegreesOfFreedom(degreesOfFreedom);
  if (Number.isNaN(t)) throw new RangeError('t must be a number, got NaN');
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  return t >= 0 ? 1 - upperTail(t, degreesOfFreedom) : upperTail(-t, degreesOfFreedom);
}

/**
 * Hill's (1970) algorithm 396 starting value for the upper-tail quantile: the t with P(T > t) =
 * `tailP` (0 < tailP < 0.5), accurate to a few digits; refined afterwards. Valid for df > 2.
 */
function hillStartingValue(tailP: number, df: number): number {
  const twoSided = 2 * tailP;
  const a = 1 / (df - 0.5);
  const b = 48 / (a * a);
  let c = ((20700 * a) / b - 98) * a - 16;
  c = c * a + 96.36;
  const d = ((94.5 / (b + c) - 3) / b + 1) * Math.sqrt((a * Math.PI) / 2) * df;
  let y = Math.pow(d * twoSided, 2 / df);
  if (y > 0.05 + a) {
    // Asymptotic inverse expansion about the normal.
    const x = standardNormalQuantile(0.5 * twoSided);
    y = x * x;
    if (df < 5) c += 0.3 * (df - 4.5) * (x + 0.6);
    c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c;
    y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x;
    y = Math.expm1(a * y * y);
  } else {
    y =
      ((1 / ((((df + 6) / (df * y) - 0.089 * d - 0.822) * (df + 2) * 3)) + 0.5 / (df + 4)) * y - 1) *
        ((df + 1) / (df + 2)) +
      1 / y;
  }
  return Math.sqrt(df * y);
}

/** Cornish–Fisher expansion of the t quantile about the normal quantile z, to order df⁻⁴. */
function cornishFisher(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

/** The t > 0 with P(T > t) = tailP, for 0 < tailP < 0.5. */
function upperQuantile(tailP: number, df: number): number {
  if (df === 1) return 1 / Math.tan(Math.PI * tailP); // Cauchy, exact
  if (df === 2) return (1 - 2 * tailP) / Math.sqrt(2 * tailP * (1 - tailP)); // exact
  if (df >= CORNISH_FISHER_MIN_DF) return cornishFisher(-standardNormalQuantile(tailP), df);
  // Hill's start is for df > 2. Below, the df = 2 (or Cauchy) quantile has a lighter tail than the
  // answer, so it starts on the left of the root, where Newton on the convex tail cannot overshoot.
  let t =
    df > 2
      ? hillStartingValue(tailP, df)
      : df > 1
        ? (1 - 2 * tailP) / Math.sqrt(2 * tailP * (1 - tailP))
        : 1 / Math.tan(Math.PI * tailP);
  // Second-order Taylor steps on the directly computed upper tail (Hill 1981), so they keep full
  // relative accuracy for tiny tailP; a bracket catches any step that would leave it.
  let below = 0; // P(T > below) > tailP
  let above = Infinity; // P(T > above) < tailP
  for (let iteration = 0; iteration < 100; iteration++) {
    const tail = upperTail(t, df);
    if (tail === tailP) return t;
    if (tail > tailP) below = t;
    else above = t;
    const step = (tail - tailP) / studentTDensity(t, df);
    let next = t + step * (1 + (step * t * (df + 1)) / (2 * (t * t + df)));
    if (!(next > below && next < above)) {
      next = above === Infinity ? 2 * t : below === 0 ? above / 2 : Math.sqrt(below * above);
    }
    const converged = Math.abs(next - t) <= 1e-14 * next;
    t = next;
    if (converged) break;
  }
  return t;
}

/**
 * The p-quantile of Student's t distribution with `degreesOfFreedom` (> 0, need not be an integer):
 * the t with P(T ≤ t) = p. Exact closed forms for df = 1 and 2; otherwise Hill's (1970) algorithm
 * 396 refined by Taylor steps on an incomplete-beta CDF (relative error ~1e-12); for df ≥ 1e4 the
 * Cornish–Fisher expansion about the normal quantile. Returns ∓Infinity at p = 0 and 1.
 */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  checkDegreesOfFreedom(degreesOfFreedom);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // 1 − p is exact for p ≥ 0.5, so the upper tail keeps every bit the caller gave.
  return p > 0.5 ? upperQuantile(1 - p, degreesOfFreedom) : -upperQuantile(p, degreesOfFreedom);
}
