import type { RandomSource } from '../random-source.js';
import { requireProbability } from './check.js';
import type { Sampler } from './sampler.js';

/**
 * The number of failures before the first success of Bernoulli(p) trials: support {0, 1, 2, …},
 * P(k) = p(1 − p)^k, mean (1 − p)/p. (Add 1 for the number of trials up to and including it.)
 * By inversion, floor(ln(1 − u) / ln(1 − p)): one uniform a draw whatever p is.
 */
export function geometric(source: RandomSource, p: number): Sampler {
  requireProbability('geometric', 'p', p, false);
  const logFailure = Math.log1p(-p); // −Infinity when p = 1, which makes every draw 0
  // log1p(−u) ≤ 0 and logFailure < 0, so the quotient is ≥ 0 (and +0, not −0, when u = 0).
  return () => Math.floor(Math.log1p(-source.next()) / logFailure);
}
