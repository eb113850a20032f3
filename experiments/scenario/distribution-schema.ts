import { z } from 'zod';

/**
 * Distribution specs as they appear in scenario files (see engine/random/distributions/spec.ts).
 * Shapes and signs are checked here; parameter combinations (mean or rate, mu/sigma or median/p90)
 * are checked by building the sampler, which names the field at fault.
 */
const finite = z.number();
const positive = z.number().positive();
const nonNegative = z.number().min(0);
const probability = z.number().min(0).max(1);
const truncate = z.strictObject({ min: finite.optional(), max: finite.optional() }).optional();

export const distributionSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('deterministic'), value: finite, truncate }),
  z.strictObject({ kind: z.literal('exponential'), mean: positive.optional(), rate: positive.optional(), truncate }),
  z.strictObject({ kind: z.literal('uniform'), min: finite, max: finite, truncate }),
  z.strictObject({ kind: z.literal('normal'), mean: finite, sd: positive, truncate }),
  z.strictObject({
    kind: z.literal('lognormal'),
    mu: finite.optional(),
    sigma: positive.optional(),
    median: positive.optional(),
    p90: positive.optional(),
    truncate,
  }),
  z.strictObject({
    kind: z.literal('gamma'),
    shape: positive.optional(),
    scale: positive.optional(),
    mean: positive.optional(),
    cv: positive.optional(),
    truncate,
  }),
  z.strictObject({ kind: z.literal('weibull'), shape: positive, scale: positive, truncate }),
  z.strictObject({ kind: z.literal('bounded-pareto'), alpha: positive, min: positive, max: positive, truncate }),
  z.strictObject({ kind: z.literal('bernoulli'), p: probability, truncate }),
  z.strictObject({ kind: z.literal('poisson'), mean: nonNegative, truncate }),
  z.strictObject({ kind: z.literal('geometric'), p: probability.refine((p) => p > 0, 'must be > 0'), truncate }),
  z.strictObject({ kind: z.literal('categorical'), weights: z.array(nonNegative).min(1), values: z.array(finite).optional(), truncate }),
  z.strictObject({ kind: z.literal('empirical'), values: z.array(finite).min(1), interpolate: z.boolean().optional(), truncate }),
]);
