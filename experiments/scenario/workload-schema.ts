import { z } from 'zod';
import { DAYS_OF_WEEK } from '../../models/workload/daily-cycle-arrivals.js';
import { distributionSpecSchema } from './distribution-schema.js';

const positive = z.number().positive();
const nonNegative = z.number().min(0);
const probability = z.number().min(0).max(1);
const hourOfDay = z.number().min(0).lt(24);
/**
 * requests/s: 0 (no demand) or at least one request in ~30 years; nearer 0, 1 / rate and the scaling
 * of the process overflow.
 */
const rate = z.number().min(0).refine((r) => r === 0 || r >= 1e-9, 'must be 0 or ≥ 1e-9 requests/s');
/** a trace file, relative to the scenario file's folder */
const tracePath = z.string().min(1);

export const arrivalSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('poisson'), ratePerS: rate }),
  z.strictObject({ kind: z.literal('gamma'), ratePerS: rate, cv: positive }),
  z.strictObject({
    kind: z.literal('daily-cycle'),
    meanRatePerS: rate,
    peakToTroughRatio: z.number().min(1),
    peakHour: hourOfDay,
    weekendFactor: nonNegative,
    startHour: hourOfDay.optional(),
    startDayOfWeek: z.enum(DAYS_OF_WEEK).optional(),
  }),
  z.strictObject({ kind: z.literal('mmpp'), baseRatePerS: rate, burstRatePerS: rate, meanBurstS: positive, meanGapS: positive }),
  z.strictObject({ kind: z.literal('trace-replay'), file: tracePath, loop: z.boolean().optional(), speedup: positive.optional() }),
]);

export const prefixCacheSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('fraction'), fraction: probability }),
  z.strictObject({ kind: z.literal('blocks'), hitProbability: probability, blockTokens: z.number().int().positive().optional() }),
]);

/** Sizes in a scenario: two distributions, or (prompt, output) rows of a trace file. maxContextTokens defaults to the tier's. */
export const requestSizeSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('distributions'),
    promptTokens: distributionSpecSchema,
    outputTokens: distributionSpecSchema,
    maxContextTokens: z.number().int().min(2).optional(),
    prefixCache: prefixCacheSchema.optional(),
  }),
  z.strictObject({
    kind: z.literal('trace'),
    file: tracePath,
    order: z.enum(['resample', 'sequential']).optional(),
    maxContextTokens: z.number().int().min(2).optional(),
    prefixCache: z.union([prefixCacheSchema, z.strictObject({ kind: z.literal('trace') })]).optional(),
  }),
]);
