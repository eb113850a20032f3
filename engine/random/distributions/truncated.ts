import type { Sampler } from './sampler.js';

/**
 * `sampler` conditioned on lower ≤ x ≤ upper, by rejection: the cost grows as 1 / P(accept).
 * Gives up with a RangeError after `maxTries` draws in a row fall outside, the sign of an interval
 * holding (almost) no probability; better to fail loudly than to spin.
 */
export function truncated(sampler: Sampler, lower: number, upper: number, maxTries = 1000): Sampler {
  if (typeof sampler !== 'function') throw new TypeError('truncated: sampler must be a function');
  if (typeof lower !== 'number' || Number.isNaN(lower)) {
    throw new RangeError(`truncated: lower must be a number (or -Infinity), got ${lower}`);
  }
  if (typeof upper !== 'number' || Number.isNaN(upper)) {
    throw new RangeError(`truncated: upper must be a number (or Infinity), got ${upper}`);
  }
  if (!(lower <= upper)) {
    throw new RangeError(`truncated: upper must be ≥ lower (${lower}), got ${upper}`);
  }
  if (!Number.isInteger(maxTries) || maxTries < 1) {
    throw new RangeError(`truncated: maxTries must be an integer ≥ 1, got ${maxTries}`);
  }
  return () => {
    for (let tries = 0; tries < maxTries; tries++) {
      const x = sampler();
      if (x >= lower && x <= upper) return x;
    }
    throw new RangeError(
      `truncated: no draw fell in [${lower}, ${upper}] in ${maxTries} tries; ` +
        'the interval seems to hold (almost) no probability',
    );
  };
}
