/**
 * Zod issues as one-line problems a user can act on: a path (`tiers[2].priceUsdPerMTokOut`) and a
 * detail (`must be ≥ 0, got -3`, `unknown key "pirce" (did you mean "price"?)`). Shared by the
 * catalog and the scenario validators.
 */
import { z } from 'zod';
import { closestMatch, didYouMean } from '../catalog/did-you-mean.js';

export interface ValidationIssue {
  path: string;
  detail: string;
}

/**
 * Validate `input` with `schema`; on failure return the issues with paths under `pathPrefix`
 * (e.g. `racks.gb200-nvl72`).
 */
export function validate<T extends z.ZodType>(
  schema: T,
  input: unknown,
  pathPrefix: string,
): { ok: true; value: z.output<T> } | { ok: false; issues: ValidationIssue[] } {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: result.error.issues.map((issue) => toCatalogIssue(issue, schema, pathPrefix)) };
}

function toCatalogIssue(issue: z.core.$ZodIssue, schema: z.ZodType, pathPrefix: string): ValidationIssue {
  const segments = issue.path.map(String);
  return { path: formatPath(pathPrefix, issue.path), detail: describe(issue, schema, segments) };
}

/** `tiers[2].demand.arrivals`: array indices in brackets, keys dotted. */
export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

function describe(issue: z.core.$ZodIssue, schema: z.ZodType, segments: string[]): string {
  const got = 'input' in issue && issue.input !== undefined ? `, got ${show(issue.input)}` : '';
  switch (issue.code) {
    case 'invalid_type':
      if ('input' in issue && issue.input === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`}${got}`;
    case 'too_small':
      if (issue.origin === 'string') return `must not be empty${got}`;
      if (issue.origin === 'array') return `must have at least ${elements(Number(issue.minimum))}${lengthGot(issue)}`;
      return `must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum}${got}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${elements(Number(issue.maximum))}${lengthGot(issue)}`;
      return `must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}${got}`;
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(schema, segments);
      const hint = (key: string) => (allowed ? didYouMean(key, allowed) : '');
      return issue.keys.map((key) => `unknown key "${key}"${hint(key)}`).join('; ');
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => show(v)).join(', ')}${got}${closeTo(issue.input, issue.values)}`;
    case 'invalid_union':
      return describeUnion(issue, got);
    case 'invalid_format':
      return `${issue.message}${got}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}${got}`;
    default:
      if (issue.code === 'custom') return `${issue.message}${customGot(issue, segments)}`;
      return issue.message;
  }
}

/**
 * A discriminated union whose `kind` matches none of its options reads like an enum: `must be one of
 * "poisson", "gamma", got "poissn" (did you mean "poisson"?)`. Other unions need a message of their own.
 */
function describeUnion(issue: z.core.$ZodIssueInvalidUnion, got: string): string {
  const options = 'options' in issue ? issue.options : undefined;
  if (issue.discriminator === undefined || !Array.isArray(options) || options.length === 0) return `${issue.message}${got}`;
  const record = issue.input !== null && typeof issue.input === 'object' ? (issue.input as Record<string, unknown>) : {};
  const value = Object.hasOwn(record, issue.discriminator) ? record[issue.discriminator] : undefined;
  const list = options.map((o) => show(o)).join(', ');
  if (value === undefined) return `is required: one of ${list}`;
  return `must be one of ${list}, got ${show(value)}${closeTo(value, options)}`;
}

/**
 * A refinement of an object (`warmupS must be < durationS`) receives the whole object: show the value
 * of the field it names, or nothing when it names none (`got an object` would tell the user nothing).
 */
function customGot(issue: z.core.$ZodIssueCustom, segments: string[]): string {
  const input = issue.input;
  if (input === undefined) return '';
  if (input === null || typeof input !== 'object') return `, got ${show(input)}`;
  const field = segments.at(-1);
  return field !== undefined && !Array.isArray(input) && Object.hasOwn(input, field) ? `, got ${show((input as Record<string, unknown>)[field])}` : '';
}

/** ` (did you mean "x"?)` when a string is close to one of the allowed values, else nothing. */
function closeTo(input: unknown, values: readonly unknown[]): string {
  if (typeof input !== 'string') return '';
  const match = closestMatch(input, values.filter((v): v is string => typeof v === 'string'));
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}

/** A list's size: `2 elements`. */
function elements(n: number): string {
  return `${n} element${n === 1 ? '' : 's'}`;
}

/** `, got 3` for a list of 3 (`got an array` would not say what is wrong with it). */
function lengthGot(issue: z.core.$ZodIssue): string {
  return 'input' in issue && Array.isArray(issue.input) ? `, got ${issue.input.length}` : '';
}

/** A record is written as a JSON object. */
const TYPE_NAMES: Record<string, string> = { int: 'an integer', object: 'an object', array: 'an array', record: 'an object' };

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** The keys a strict object accepts at `segments` inside `schema`, for "did you mean" hints. */
function allowedKeysAt(schema: z.ZodType, segments: string[]): string[] | undefined {
  let current: unknown = schema;
  for (const segment of [...segments, undefined]) {
    while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = current.unwrap();
    if (segment === undefined) break;
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, unknown>)[segment];
    else if (current instanceof z.ZodRecord) current = current.valueType;
    else if (current instanceof z.ZodArray) current = current.element;
    else return undefined;
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : undefined;
}
