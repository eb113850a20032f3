/**
 * The optimize file: a base scenario, what to search (each tier's hardware from a list, the tiers'
 * power split on a grid) and for what (margin or revenue). docs/compare.md describes each field.
 */
import { z } from 'zod';
import { nameSchema, parseWith, studyFileShape } from '../compare/compare-file.js';
import { readJsonFile } from '../scenario/load-scenario.js';

/** A rack id (the tier's hardware becomes `{ "rack": id }`), or a named hardware block for the tier. */
const hardwareOptionSchema = z.union(
  [z.string().min(1), z.strictObject({ name: nameSchema, hardware: z.record(z.string(), z.unknown()) })],
  { error: 'must be a rack id such as "hgx-h100", or {"name": …, "hardware": {…}}' },
);

export type HardwareOptionInput = z.output<typeof hardwareOptionSchema>;

const searchSchema = z.strictObject({
  /** grid: every combination; coordinate: steepest ascent one change at a time (for spaces too big for a grid) */
  method: z.enum(['grid', 'coordinate']).default('grid'),
  /** the split's grid step (a share of the cap), or "fixed" to keep the scenario's shares */
  powerShare: z
    .union([z.literal('fixed'), z.strictObject({ step: z.number().positive().max(1) })], { error: 'must be "fixed" or an object such as {"step": 0.05}' })
    .default({ step: 0.05 }),
  /** tier (id, or index) → hardware to try; tiers left out keep the scenario's */
  hardware: z.record(z.string(), z.array(hardwareOptionSchema).min(1)).default({}),
  /** the grid method refuses to enumerate more candidates than this */
  maxCandidates: z.number().int().positive().default(100_000),
});

export const optimizeFileSchema = z.strictObject({
  ...studyFileShape,
  objective: z.enum(['margin', 'goodputRevenue', 'revenue']).default('margin'),
  search: searchSchema.default({ method: 'grid', powerShare: { step: 0.05 }, hardware: {}, maxCandidates: 100_000 }),
  /** candidates the simulation confirms (best by fluid estimate) */
  top: z.number().int().positive().default(5),
});

export type OptimizeFile = z.output<typeof optimizeFileSchema>;
export type Objective = OptimizeFile['objective'];

export async function loadOptimizeFile(path: string): Promise<OptimizeFile> {
  return parseWith(optimizeFileSchema, await readJsonFile(path, 'optimize'), path);
}
