/**
 * Validation of catalog entries: ranges, cross-field rules and "every number has a source". Zod issues
 * become CatalogIssues with a dotted path and a one-line detail (`must be ≤ peakPowerKw (134.64), got 200`).
 */
import { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import type { LlmSpec, Precision, RackSpec, TierSpec } from './types.js';

export const PRECISIONS = ['fp4', 'fp8', 'bf16'] as const satisfies readonly Precision[];

const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const idSchema = z
  .string()
  .regex(ID_PATTERN, { message: 'must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit' });

const text = z.string().min(1);
const positive = z.number().positive();
const nonNegative = z.number().min(0);
const positiveInt = z.number().int().positive();
/** an achieved fraction of a peak: in (0, 1] */
const fraction = z.number().positive().max(1);

export const gradeSchema = z.enum(['P', 'P2', 'D', 'E']);
export const sourcedSchema = z.strictObject({ source: text, grade: gradeSchema, note: text.optional() });
/** keyed by field path, e.g. `peakPowerKw` or `computePflops.fp4` */
const sourcesSchema = z.record(z.string(), sourcedSchema);

const byPrecision = <T extends z.ZodType>(value: T) =>
  z.strictObject({ fp4: value.optional(), fp8: value.optional(), bf16: value.optional() });

export const rooflineCalibrationSchema = z.strictObject({
  stepOverheadS: nonNegative,
  bandwidthEfficiency: fraction,
  decodeComputeEfficiency: fraction,
  prefillComputeEfficiency: fraction,
});

type Ctx = z.RefinementCtx;

/** Cross-field checks run only on entries whose fields are each valid, so one typo gives one message. */
const afterFieldChecks = { when: (payload: z.core.ParsePayload) => payload.issues.length === 0 };

function addIssue(ctx: Ctx, path: (string | number)[], message: string, input?: unknown): void {
  ctx.addIssue({ code: 'custom', path, message, input });
}

/** Paths of the leaves (non-object values) of an entry, dotted, skipping `id` and `sources`. */
export function leafPaths(value: object, prefix = ''): { path: string; value: unknown }[] {
  const leaves: { path: string; value: unknown }[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (prefix === '' && (key === 'id' || key === 'sources')) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (child !== null && typeof child === 'object' && !Array.isArray(child)) leaves.push(...leafPaths(child, path));
    else leaves.push({ path, value: child });
  }
  return leaves;
}

/** Every number needs a source; every source must name a field of the entry. */
function checkSources(entry: { sources: Record<string, unknown> }, kind: string, ctx: Ctx): void {
  const leaves = leafPaths(entry);
  const paths = new Set(leaves.map((leaf) => leaf.path));
  for (const leaf of leaves) {
    if (typeof leaf.value === 'number' && !Object.hasOwn(entry.sources, leaf.path)) {
      addIssue(ctx, ['sources', leaf.path], 'missing: every number needs a source and a grade');
    }
  }
  for (const key of Object.keys(entry.sources)) {
    if (!paths.has(key)) addIssue(ctx, ['sources', key], `names no field of this ${kind}${didYouMean(key, paths)}`);
  }
}

/** Lower precisions must not claim less compute (or more KV bytes) than higher ones. */
function checkPrecisionOrder(
  values: Partial<Record<Precision, number>>,
  field: string,
  direction: 'falls' | 'rises',
  ctx: Ctx,
): void {
  for (let i = 0; i + 1 < PRECISIONS.length; i++) {
    const low = PRECISIONS[i]!;
    for (const high of PRECISIONS.slice(i + 1)) {
      const lowValue = values[low];
      const highValue = values[high];
      if (lowValue === undefined || highValue === undefined) continue;
      if (direction === 'falls' && highValue > lowValue) {
        addIssue(ctx, [field, high], `must be ≤ ${field}.${low} (${lowValue})`, highValue);
      }
      if (direction === 'rises' && highValue < lowValue) {
        addIssue(ctx, [field, high], `must be ≥ ${field}.${low} (${lowValue})`, highValue);
      }
    }
  }
}

function requireSomePrecision(values: Partial<Record<Precision, number>>, field: string, ctx: Ctx): void {
  if (PRECISIONS.every((p) => values[p] === undefined)) {
    addIssue(ctx, [field], `must give at least one precision (${PRECISIONS.join(', ')})`);
  }
}

export const rackSpecSchema = z
  .strictObject({
    id: idSchema,
    name: text,
    chipName: text,
    chips: positiveInt,
    memoryGb: positive,
    memoryBandwidthTbPerS: positive,
    computePflops: byPrecision(positive),
    idlePowerKw: nonNegative,
    peakPowerKw: positive,
    cooling: z.enum(['air', 'liquid']),
    // bounded so that costs per year (and their variances across replications) stay finite
    capexUsdPerRack: nonNegative.max(1e12).optional(),
    tcoUsdPerChipHour: nonNegative.max(1e6).optional(),
    roofline: rooflineCalibrationSchema,
    sources: sourcesSchema,
  })
  .superRefine((rack, ctx) => {
    if (rack.idlePowerKw > rack.peakPowerKw) {
      addIssue(ctx, ['idlePowerKw'], `must be ≤ peakPowerKw (${rack.peakPowerKw})`, rack.idlePowerKw);
    }
    requireSomePrecision(rack.computePflops, 'computePflops', ctx);
    checkPrecisionOrder(rack.computePflops, 'computePflops', 'falls', ctx);
    checkSources(rack, 'rack', ctx);
  }, afterFieldChecks);

export const llmSpecSchema = z
  .strictObject({
    id: idSchema,
    name: text,
    totalParamsB: positive,
    activeParamsB: positive,
    layers: positiveInt,
    experts: positiveInt,
    activeExperts: positiveInt,
    denseParamsB: nonNegative,
    kvBytesPerToken: byPrecision(positive),
    kvFixedBytesPerSequence: nonNegative.optional(),
    attentionFlopsPerContextToken: nonNegative.optional(),
    nativeContextTokens: positiveInt,
    extendedContextTokens: positiveInt.optional(),
    sources: sourcesSchema,
  })
  .superRefine((llm, ctx) => {
    if (llm.activeParamsB > llm.totalParamsB) {
      addIssue(ctx, ['activeParamsB'], `must be ≤ totalParamsB (${llm.totalParamsB})`, llm.activeParamsB);
    }
    if (llm.activeExperts > llm.experts) {
      addIssue(ctx, ['activeExperts'], `must be ≤ experts (${llm.experts})`, llm.activeExperts);
    }
    if (llm.denseParamsB > llm.activeParamsB) {
      addIssue(ctx, ['denseParamsB'], `must be ≤ activeParamsB (${llm.activeParamsB})`, llm.denseParamsB);
    }
    requireSomePrecision(llm.kvBytesPerToken, 'kvBytesPerToken', ctx);
    checkPrecisionOrder(llm.kvBytesPerToken, 'kvBytesPerToken', 'rises', ctx);
    if (llm.kvFixedBytesPerSequence !== undefined && llm.kvBytesPerToken.bf16 === undefined) {
      addIssue(ctx, ['kvBytesPerToken', 'bf16'], 'is required when kvFixedBytesPerSequence is given (it is stated at BF16)');
    }
    if (llm.extendedContextTokens !== undefined && llm.extendedContextTokens < llm.nativeContextTokens) {
      addIssue(
        ctx,
        ['extendedContextTokens'],
        `must be ≥ nativeContextTokens (${llm.nativeContextTokens})`,
        llm.extendedContextTokens,
      );
    }
    checkSources(llm, 'model', ctx);
  }, afterFieldChecks);

export const tierSpecSchema = z
  .strictObject({
    id: idSchema,
    name: text,
    modelId: text,
    priceUsdPerMTokOut: nonNegative,
    priceUsdPerMTokIn: nonNegative,
    interactivityTokPerS: positive,
    ttftTargetS: positive,
    maxContextTokens: positiveInt,
    sources: sourcesSchema,
  })
  .superRefine((tier, ctx) => checkSources(tier, 'tier', ctx), afterFieldChecks);

/**
 * What a scenario may pass to extendCatalog: per kind, entries keyed by id, each a complete new entry or
 * a partial override of an existing one. Entries are checked in full by extendCatalog.
 */
export const catalogAdditionsSchema = z.strictObject({
  racks: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  llms: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  tiers: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

/** The shape of one data file: `{ "_README": "...", "<kind>": { "<id>": entry } }`. */
export const catalogFileSchema = (kind: 'racks' | 'llms' | 'tiers') =>
  z.strictObject({ _README: z.string().optional(), [kind]: z.record(z.string(), z.record(z.string(), z.unknown())) });

type Assignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** mutually assignable with the same keys (assignability alone ignores an extra optional field) */
type Same<A, B> = Assignable<A, B> extends true ? Assignable<keyof A, keyof B> : false;
// Compile-time proof that the schemas describe exactly the types of types.ts.
const schemasMatchTypes: [
  Same<z.output<typeof rackSpecSchema>, RackSpec>,
  Same<z.output<typeof llmSpecSchema>, LlmSpec>,
  Same<z.output<typeof tierSpecSchema>, TierSpec>,
] = [true, true, true];
void schemasMatchTypes;

export { validate } from '../validation/zod-issues.js';
