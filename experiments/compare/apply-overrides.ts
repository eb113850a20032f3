/**
 * A variant's changes to the raw scenario file: `unset` removes fields or list elements (an optional
 * field back to its default, a tier out of the factory), then `set` writes values, in the file's order.
 * Unset paths all refer to the file as it was before any removal, so `tiers[3]` means the same tier
 * whatever else is unset.
 */
import { setAtPath } from '../scenario/overrides.js';

export interface Overrides {
  /** JSON path → value, applied in order */
  set: Readonly<Record<string, unknown>>;
  /** JSON paths to remove */
  unset: readonly string[];
}

export const NO_OVERRIDES: Overrides = { set: {}, unset: [] };

/** Marks what `unset` reaches; swept out in one pass so list indices stay put until then. */
const REMOVED = Symbol('removed');

/**
 * Applies `overrides` to `file` in place. `where` prefixes the error's path: `variants[2].` gives
 * `variants[2].set["tiers[x].rack"]: …` (an InputError, one line).
 */
export function applyOverrides(file: unknown, overrides: Overrides, where: string): void {
  overrides.unset.forEach((path, i) => setAtPath(file, path, () => REMOVED, `${where}unset[${i}]`));
  if (overrides.unset.length > 0) sweep(file);
  for (const [path, value] of Object.entries(overrides.set)) setAtPath(file, path, value, `${where}set[${JSON.stringify(path)}]`);
}

function sweep(node: unknown): void {
  if (Array.isArray(node)) {
    for (let i = node.length - 1; i >= 0; i--) {
      if (node[i] === REMOVED) node.splice(i, 1);
      else sweep(node[i]);
    }
  } else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (record[key] === REMOVED) delete record[key];
      else sweep(record[key]);
    }
  }
}
