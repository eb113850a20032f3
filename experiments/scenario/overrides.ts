/**
 * Changing one field of a scenario file by its JSON path, as sweeps, comparisons and the optimiser
 * do: `factory.electricityUsdPerMwh`, `tiers[2].priceUsdPerMTokOut`, `tiers[high].demand.loadFraction`
 * (an array element chosen by its `tier`, `id` or `name`), `tiers[*].powerShare` (every element).
 *
 * Paths work on the raw file (before validation), so the changed file is validated again as a whole
 * and a value out of range gets the same one-line error as in a hand-written file.
 */
import { InputError } from '../errors.js';

/** One step of a path: an object key, an array index, an array element by id, or every element. */
type Segment = { key: string } | { index: number } | { id: string } | { every: true };

/** Keys that would reach an object's prototype: never followed, never set. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const SEGMENT = /^([A-Za-z_$][\w$-]*)?((?:\[[^\]]*\])*)$/;

/** Parses `a.b[2].c[*]` into segments; throws InputError naming `where` (e.g. `parameters[0].path`). */
export function parsePath(path: string, where: string): Segment[] {
  if (typeof path !== 'string' || path.trim() === '') throw new InputError(`${where}: must be a JSON path such as "tiers[0].priceUsdPerMTokOut", got ${JSON.stringify(path)}`);
  const segments: Segment[] = [];
  for (const part of path.split('.')) {
    const match = SEGMENT.exec(part);
    if (!match || (match[1] === undefined && match[2] === '')) throw new InputError(`${where}: "${path}" is not a JSON path (bad part "${part}")`);
    if (match[1] !== undefined) {
      if (FORBIDDEN_KEYS.has(match[1])) throw new InputError(`${where}: "${path}" uses the forbidden key "${match[1]}"`);
      segments.push({ key: match[1] });
    }
    for (const [, inner] of match[2].matchAll(/\[([^\]]*)\]/g)) {
      if (inner === '*') segments.push({ every: true });
      else if (/^\d+$/.test(inner)) segments.push({ index: Number(inner) });
      else if (/^[\w.-]+$/.test(inner) && !FORBIDDEN_KEYS.has(inner)) segments.push({ id: inner });
      else throw new InputError(`${where}: "${path}" has a bad index [${inner}] (use a number, an id such as [high], or [*])`);
    }
  }
  return segments;
}

/** The values a path reaches in `file` (several with `[*]`); throws InputError if it reaches none. */
export function getAtPath(file: unknown, path: string, where: string): unknown[] {
  const found: unknown[] = [];
  visit(file, parsePath(path, where), path, where, (parent, key) => found.push((parent as Record<string, unknown>)[key]), false);
  return found;
}

/**
 * Sets `value` at `path` in `file` (in place). Missing objects on the way are created (an optional
 * block left out of the file, such as `policies`); list elements must exist. `value` may be a function
 * of the old value (to scale it).
 */
export function setAtPath(file: unknown, path: string, value: unknown | ((old: unknown) => unknown), where: string): void {
  visit(
    file,
    parsePath(path, where),
    path,
    where,
    (parent, key) => {
      const target = parent as Record<string | number, unknown>;
      target[key] = typeof value === 'function' ? (value as (old: unknown) => unknown)(target[key]) : structuredClone(value);
    },
    true,
  );
}

function visit(
  node: unknown,
  segments: readonly Segment[],
  path: string,
  where: string,
  leaf: (parent: object, key: string | number) => void,
  mayCreateLeaf: boolean,
): void {
  const [head, ...rest] = segments;
  const fail = (problem: string): never => {
    throw new InputError(`${where}: "${path}" ${problem}`);
  };
  if ('key' in head) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) fail(`goes through "${head.key}" of something that is not an object`);
    const record = node as Record<string, unknown>;
    const present = Object.hasOwn(record, head.key);
    if (rest.length === 0) {
      if (!present && !mayCreateLeaf) fail(`reaches no value (no "${head.key}")`);
      leaf(record, head.key);
      return;
    }
    if (!present) {
      // Setting `policies.routing` in a file that leaves `policies` to its defaults: create the object
      // (validation then checks the whole file, so a misspelt key is still reported).
      if (!mayCreateLeaf || !('key' in rest[0])) fail(`reaches no value (no "${head.key}")`);
      record[head.key] = {};
    }
    visit(record[head.key], rest, path, where, leaf, mayCreateLeaf);
    return;
  }
  if (!Array.isArray(node)) fail('indexes something that is not a list');
  const list = node as unknown[];
  const indices: number[] = [];
  if ('every' in head) indices.push(...list.keys());
  else if ('index' in head) {
    if (head.index >= list.length) fail(`has index ${head.index}, but the list has ${list.length} elements`);
    indices.push(head.index);
  } else {
    const at = list.findIndex((e) => e !== null && typeof e === 'object' && ['tier', 'id', 'name'].some((k) => (e as Record<string, unknown>)[k] === head.id));
    if (at < 0) fail(`has [${head.id}], but no element has that tier, id or name`);
    indices.push(at);
  }
  if (indices.length === 0) fail('reaches no value (empty list)');
  for (const i of indices) {
    if (rest.length === 0) leaf(list, i);
    else visit(list[i], rest, path, where, leaf, mayCreateLeaf);
  }
}
