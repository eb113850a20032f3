// Special functions for Poisson rejection and analytic means (JavaScript's Math has neither).

const LOG_FACTORIAL_TABLE_SIZE = 256;
const logFactorialTable = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
for (let k = 2; k < LOG_FACTORIAL_TABLE_SIZE; k++) {
  logFactorialTable[k] = logFactorialTable[k - 1] + Math.log(k);
}
const HALF_LOG_TWO_PI = 0.9189385332046728;

/** ln(k!) for an integer k ≥ 0: a table below 256, Stirling's series (error < 1e-17) above. */
export function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE_SIZE) return logFactorialTable[k];
  const inverse = 1 / k;
  const inverse2 = inverse * inverse;
  const series = inverse * (1 / 12 - inverse2 * (1 / 360 - inverse2 * (1 / 1260 - inverse2 / 1680)));
  return (k + 0.5) * Math.log(k) - k + HALF_LOG_TWO_PI + series;
}

// Lanczos approximation, g = 7, nine terms: relative error ~1e-15 for x > 0.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1 − x) = π / sin(πx); Lanczos is accurate for the 1 − x side.
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** erfc(x) for x ≥ 0, to ~1e-15 relative below 3 and ~1e-16 above. */
function erfcNonNegative(x: number): number {
  if (x === Infinity) return 0;
  const x2 = x * x;
  if (x < 3) {
    // erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)): all terms positive, no cancellation.
    let term = x;
    let sum = x;
    for (let n = 1; term > sum * 1e-17; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
    }
    return 1 - TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }
  // Laplace's continued fraction erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))),
  // evaluated from the tail; 60 levels are more than enough for x ≥ 3.
  let fraction = x;
  for (let n = 60; n >= 1; n--) fraction = x + n / 2 / fraction;
  return (ONE_OVER_SQRT_PI * Math.exp(-x2)) / fraction;
}

/** Φ(x), the standard normal CDF, with full relative accuracy in both tails. */
export function standardNormalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return x < 0 ? 0.5 * erfcNonNegative(-x * Math.SQRT1_2) : 1 - 0.5 * erfcNonNegative(x * Math.SQRT1_2);
}

/** P(a ≤ Z ≤ b) for a standard normal Z, computed in the tail where it is small (no cancellation). */
export function standardNormalMassBetween(a: number, b: number): number {
  return a > 0 ? standardNormalCdf(-a) - standardNormalCdf(-b) : standardNormalCdf(b) - standardNormalCdf(a);
}
