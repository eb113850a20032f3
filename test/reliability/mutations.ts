import fc from 'fast-check';
import { defaultCatalog } from '../../models/catalog/catalog.js';
import { ALLOCATION_NAMES } from '../../models/policies/allocation/index.js';
import { ROUTER_NAMES } from '../../models/policies/routing/index.js';

/**
 * Random damage to a valid scenario file, for the property tests of issue 7 §2: each mutation picks
 * a place in the document (by a random number, taken modulo the places there are) and deletes it,
 * replaces it, or adds a key beside it. Values that JSON.stringify cannot write (1e309, which parses
 * to Infinity; -0) travel as raw-text markers and are spliced into the JSON text.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Segment = string | number;

/** A value written verbatim into the JSON text. */
const RAW = '\u0000raw:';
export const raw = (text: string): string => `${RAW}${text}`;

export type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'scale'; at: number; factor: number }
  | { kind: 'add-key'; at: number; key: string; value: Json };

const catalog = defaultCatalog();
/** every name a scenario may use for a rack, a model, a tier, a policy or a kind */
const KNOWN_NAMES = [
  ...Object.keys(catalog.racks),
  ...Object.keys(catalog.llms),
  ...Object.keys(catalog.tiers),
  ...ALLOCATION_NAMES,
  ...ROUTER_NAMES,
  'poisson', 'gamma', 'mmpp', 'daily-cycle', 'trace-replay', 'lognormal', 'deterministic', 'exponential',
  'distributions', 'trace', 'roofline', 'measured', 'linear', 'fp4', 'fp8', 'bf16', 'provision', 'oversubscribe',
];

/** near misses of known names: one character dropped, doubled or changed */
const nearMiss = fc
  .tuple(fc.constantFrom(...KNOWN_NAMES), fc.nat(), fc.constantFrom('drop', 'double', 'change', 'upper'), fc.constantFrom('x', '-', '0', '.', ' ', 'Z'))
  .map(([name, n, how, c]) => {
    const i = n % name.length;
    if (how === 'drop') return name.slice(0, i) + name.slice(i + 1);
    if (how === 'double') return name.slice(0, i) + name[i] + name.slice(i);
    if (how === 'upper') return name.toUpperCase();
    return name.slice(0, i) + c + name.slice(i + 1);
  });

const names: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...KNOWN_NAMES),
  nearMiss,
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', '../../etc', '..', '.', '/abs/path', 'a/b', 'con', '\u00e9t\u00e9', 'x'.repeat(300)),
);

const wrongTypes: fc.Arbitrary<Json> = fc.constantFrom<Json>('x', '', '1', true, false, null, [], {}, [1, 2], { a: 1 }, [{}]);

const outOfRange: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(-1, 0, 0.5, 1, 1.5, 2, 25, 1e-300, 5e-324, 1e-9, -1e-9, 1e9, 1e15, 1e300, Number.MAX_VALUE, 2 ** 53 + 2, -(2 ** 31)),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1000, max: 1_000_000 }),
  // NaN-like strings, and raw tokens JSON.stringify cannot produce: ±1e309 parse to ±Infinity
  fc.constantFrom<Json>('NaN', 'Infinity', '-Infinity', '1e309', '0x10', ' 1 ', raw('1e309'), raw('-1e309'), raw('-0'), raw('1e-400')),
);

const keys: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'),
  nearMiss,
  fc.string({ minLength: 1, maxLength: 10 }),
);

const pollutingValues: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>({ polluted: 'yes' }, { toString: 'x', valueOf: 1 }, { prototype: { polluted: 'yes' } }, null, 1, 'x', []),
  wrongTypes,
);

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: fc.oneof(wrongTypes, outOfRange, names) }),
  fc.record({ kind: fc.constant('scale' as const), at: fc.nat(), factor: fc.constantFrom(-1, 0, 1e-9, 1e-3, 0.5, 2, 10, 1e3, 1e6, 1e12) }),
  fc.record({ kind: fc.constant('add-key' as const), at: fc.nat(), key: keys, value: pollutingValues }),
);

/** Every place in a document: the path to each value (the root included). */
function places(doc: Json, path: Segment[] = [], out: Segment[][] = []): Segment[][] {
  out.push(path);
  if (Array.isArray(doc)) doc.forEach((v, i) => places(v, [...path, i], out));
  else if (doc !== null && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) places(v, [...path, k], out);
  return out;
}

function parentOf(doc: Json, path: Segment[]): Json {
  let node = doc;
  for (const segment of path.slice(0, -1)) node = (node as Record<Segment, Json>)[segment];
  return node;
}

/** Sets an own property, even `__proto__` (plain assignment would set the prototype instead). */
function setOwn(target: object, key: Segment, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies mutations to a copy of `doc`; returns the JSON text (with raw tokens spliced in). */
export function mutate(doc: Json, mutations: readonly Mutation[]): string {
  const copy = structuredClone(doc);
  let root: Json = copy;
  for (const m of mutations) {
    const all = places(root);
    if (m.kind === 'add-key') {
      const objects = all.filter((p) => {
        const v = p.reduce<Json>((n, s) => (n as Record<Segment, Json>)[s], root);
        return v !== null && typeof v === 'object' && !Array.isArray(v);
      });
      if (objects.length === 0) continue;
      const path = objects[m.at % objects.length];
      const target = path.reduce<Json>((n, s) => (n as Record<Segment, Json>)[s], root) as object;
      setOwn(target, m.key, structuredClone(m.value));
      continue;
    }
    const path = all[m.at % all.length];
    if (path.length === 0) {
      // the root itself: delete means an empty document, replace means another value
      if (m.kind === 'delete') root = {};
      else if (m.kind === 'replace') root = structuredClone(m.value);
      continue;
    }
    const parent = parentOf(root, path) as Record<Segment, Json> | Json[];
    const key = path[path.length - 1];
    if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete (parent as Record<Segment, Json>)[key];
    } else if (m.kind === 'replace') {
      setOwn(parent, key, structuredClone(m.value));
    } else {
      const old = (parent as Record<Segment, Json>)[key];
      if (typeof old === 'number') setOwn(parent, key, old * m.factor);
    }
  }
  return JSON.stringify(root, null, 1).replace(/"\\u0000raw:([^"]*)"/g, '$1');
}
