/**
 * The compare file: a base scenario and named variants, each a set of overrides of the scenario file
 * (docs/compare.md). Validated whole before anything runs; a problem is one line naming its path.
 */
import { z } from 'zod';
import { validate } from '../../models/validation/zod-issues.js';
import { InputError } from '../errors.js';
import { readJsonFile } from '../scenario/load-scenario.js';

/** Names that become folder names and CSV cells: no spaces, commas or slashes. */
export const nameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, { message: 'must be letters, digits, ".", "_", "+" or "-"' });

/** JSON path → value (see experiments/scenario/overrides.ts for the path syntax). */
export const setSchema = z.record(z.string(), z.unknown()).default({});
export const unsetSchema = z.array(z.string()).default([]);

const variantSchema = z.strictObject({
  name: nameSchema,
  description: z.string().default(''),
  set: setSchema,
  unset: unsetSchema,
});

/** The fields every study file (compare, optimize) opens with: what it is and the scenario it starts from. */
export const studyFileShape = {
  $schema: z.string().optional(),
  name: nameSchema,
  description: z.string().default(''),
  /** where the numbers come from: JSON path → source, or "estimate: why" */
  notes: z.record(z.string(), z.string()).default({}),
  /** the base scenario file, relative to this file */
  scenario: z.string().min(1),
  /** overrides applied to the scenario first (a shorter run, absolute demand…); a variant's come after */
  set: setSchema,
  unset: unsetSchema,
};

export const compareFileSchema = z.strictObject({
  ...studyFileShape,
  /** at least two, with distinct names (checked by loadCompareFile, for a plainer message) */
  variants: z.array(variantSchema),
  /** the variant the others are compared with; default the first */
  baseline: z.string().optional(),
  /** what the ranking and the chart use: `margin`, or a tier's metric as `revenue[premium]` */
  metric: z.string().default('margin'),
});

export type CompareFile = z.output<typeof compareFileSchema>;

/** Reads and validates a compare file; throws a one-line InputError. */
export async function loadCompareFile(path: string): Promise<CompareFile> {
  const file = parseWith(compareFileSchema, await readJsonFile(path, 'compare'), path);
  if (file.variants.length < 2) throw new InputError(`${path}: variants: a comparison needs at least 2 variants, got ${file.variants.length}`);
  const names = file.variants.map((v) => v.name);
  names.forEach((name, i) => {
    const first = names.indexOf(name);
    if (first !== i) throw new InputError(`${path}: variants[${i}].name: "${name}" is already the name of variants[${first}]`);
  });
  if (file.baseline !== undefined && !names.includes(file.baseline)) {
    throw new InputError(`${path}: baseline: "${file.baseline}" is not the name of a variant (${names.join(', ')})`);
  }
  return file;
}

/** Validates `json` with `schema`; the first problem becomes `<file>: <path>: <problem>`. */
export function parseWith<T extends z.ZodType>(schema: T, json: unknown, file: string): z.output<T> {
  const result = validate(schema, json, '');
  if (result.ok) return result.value;
  const [first, ...rest] = result.issues;
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  throw new InputError(`${file}: ${first.path ? `${first.path}: ` : ''}${first.detail}${more}`);
}
