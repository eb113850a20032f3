/**
 * The sweep file format (docs/sweep.md): a base scenario, fields to vary by JSON path, and a design
 * that says which combinations to run. Objects are strict, so a misspelt key is an error with a
 * "did you mean". Which of `values`, `relative` and `range` a parameter may use depends on the
 * design; parameters.ts checks that, naming the parameter.
 */
import { z } from 'zod';
import { validate } from '../../models/validation/zod-issues.js';
import { InputError } from '../errors.js';

const seedSchema = z.union([z.string().min(1), z.number().int()], { error: 'must be a non-empty string or an integer' });

export const DESIGN_KINDS = ['grid', 'one-at-a-time', 'latin-hypercube'] as const;
export type DesignKind = (typeof DESIGN_KINDS)[number];

const designSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('grid') }),
    z.strictObject({ kind: z.literal('one-at-a-time') }),
    z.strictObject({
      kind: z.literal('latin-hypercube'),
      samples: z.number().int().min(2),
      /** seeds the sample itself (default: the sweep's seed), so the design can stay while the replications' seed changes */
      seed: seedSchema.optional(),
    }),
  ],
);

/** A value a parameter can take: numbers for all designs, strings and booleans in grids (a rack, a policy). */
const valueSchema = z.union([z.number(), z.string(), z.boolean()], { error: 'must be a number, a string or a boolean' });

const parameterSchema = z.strictObject({
  /** JSON path into the scenario file: `factory.electricityUsdPerMwh`, `tiers[high].priceUsdPerMTokOut`, `tiers[*].demand.loadFraction` */
  path: z.string().min(1),
  /** column name in the CSVs and label in the charts (default: the path) */
  name: z
    .string()
    .regex(/^[^,"\r\n]+$/, { message: 'must not contain commas, quotes or line breaks (it names a CSV column)' })
    .optional(),
  /** grid: every value; one-at-a-time: [low, high] */
  values: z.array(valueSchema).min(1).optional(),
  /** changes relative to the base value: -0.2 is 20% lower (grid: every change; one-at-a-time: [low, high]; Latin hypercube: the range) */
  relative: z.array(z.number().min(-1)).min(1).optional(),
  /** Latin hypercube: [low, high] of the values sampled */
  range: z.tuple([z.number(), z.number()]).optional(),
  /** Latin hypercube: uniform (linear) or log-uniform (log) over the range */
  scale: z.enum(['linear', 'log']).optional(),
});

const metricSchema = z
  .union([z.string().min(1), z.strictObject({ metric: z.string().min(1), scope: z.string().default('') })], {
    error: 'must be a metric name such as "margin", or {"metric": "sloAttainment", "scope": "high"}',
  })
  .transform((m) => (typeof m === 'string' ? { metric: m, scope: '' } : m));

export const sweepFileSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'must be letters, digits, ".", "_" or "-" (it names the output folder)' }),
  description: z.string().default(''),
  /** the base scenario, relative to the sweep file */
  scenario: z.string().min(1),
  /** fixed changes to the base scenario before the design varies it: JSON path → value (e.g. a shorter simulation) */
  set: z.record(z.string(), z.unknown()).default({}),
  design: designSchema,
  parameters: z.array(parameterSchema).min(1),
  /** metrics ranked in sensitivity.csv and the charts (sweep.csv has every metric) */
  metrics: z.array(metricSchema).min(1).default([{ metric: 'margin', scope: '' }]),
  /** replications per point (default: the scenario's) */
  replications: z.number().int().positive().optional(),
  /** base seed of every point's replications (default: the scenario's): common random numbers across points */
  seed: seedSchema.optional(),
});

export type SweepFile = z.output<typeof sweepFileSchema>;
export type SweepParameterInput = SweepFile['parameters'][number];
export type ParameterValue = number | string | boolean;

/** Validates parsed JSON as a sweep file; the first problem becomes a one-line InputError naming its path (`$`: the top level). */
export function parseSweepFile(json: unknown): SweepFile {
  const result = validate(sweepFileSchema, json, '');
  if (result.ok) return result.value;
  const [first, ...rest] = result.issues;
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  throw new InputError(`${first.path || '$'}: ${first.detail}${more}`);
}
