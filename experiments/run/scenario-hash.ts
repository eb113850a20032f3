import { createHash, type Hash } from 'node:crypto';
import type { FactoryScenario } from '../../models/factory/scenario.js';

/**
 * A fingerprint of everything a replication depends on: the resolved scenario (traces loaded, every
 * default filled, flags such as --seed and --replications applied) and the tool's version. Saved
 * replications and shards carry it, so a resume or a merge never mixes results of different runs.
 * Object keys are hashed in sorted order, so reordering keys in the scenario file changes nothing.
 */
export function scenarioHash(scenario: FactoryScenario, toolVersion: string): string {
  const hash = createHash('sha256');
  feed(hash, { tool: 'tokenfactory', version: toolVersion, scenario }, '');
  return `sha256:${hash.digest('hex')}`;
}

/** The first hex digits of a hash, enough to tell two apart in a message. */
export function shortHash(hash: string): string {
  return hash.replace(/^sha256:/, '').slice(0, 12);
}

function feed(hash: Hash, value: unknown, path: string): void {
  if (value === null || value === undefined) {
    hash.update(value === null ? 'n;' : 'u;');
  } else if (typeof value === 'number') {
    hash.update(`d${Object.is(value, -0) ? '-0' : String(value)};`);
  } else if (typeof value === 'string') {
    hash.update(`s${value.length}:`).update(value);
  } else if (typeof value === 'boolean') {
    hash.update(value ? 't;' : 'f;');
  } else if (typeof value === 'bigint') {
    hash.update(`i${value};`);
  } else if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = value as ArrayLike<unknown>;
    hash.update(`[${items.length}:`);
    for (let i = 0; i < items.length; i++) feed(hash, items[i], path);
    hash.update(']');
  } else if (value instanceof Set) {
    feed(hash, [...value], path);
  } else if (value instanceof Map) {
    feed(hash, Object.fromEntries(value), path);
  } else if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
    hash.update(`{${keys.length}:`);
    for (const key of keys) {
      hash.update(`${key.length}:`).update(key);
      feed(hash, record[key], `${path}.${key}`);
    }
    hash.update('}');
  } else {
    throw new TypeError(`scenario${path}: a ${typeof value} cannot be part of a scenario`);
  }
}
