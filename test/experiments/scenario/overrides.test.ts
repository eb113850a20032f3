import { describe, expect, it } from 'vitest';
import { getAtPath, parsePath, setAtPath } from '../../../experiments/scenario/overrides.js';
import { InputError } from '../../../experiments/errors.js';

const file = () => ({
  factory: { powerCapMw: 100, power: { mode: 'provision' } },
  tiers: [
    { tier: 'free', powerShare: 0.5, demand: { loadFraction: 0.9 } },
    { tier: 'high', powerShare: 0.5, demand: { loadFraction: 0.8 } },
  ],
});

describe('scenario overrides by JSON path', () => {
  it('sets a key, an index, an element by id and every element', () => {
    const f = file();
    setAtPath(f, 'factory.powerCapMw', 200, 'p');
    setAtPath(f, 'tiers[0].demand.loadFraction', 0.5, 'p');
    setAtPath(f, 'tiers[high].powerShare', 0.7, 'p');
    setAtPath(f, 'tiers[*].demand.loadFraction', (old: unknown) => (old as number) * 2, 'p');
    expect(f.factory.powerCapMw).toBe(200);
    expect(f.tiers.map((t) => t.demand.loadFraction)).toEqual([1, 1.6]);
    expect(f.tiers[1].powerShare).toBe(0.7);
    expect(getAtPath(f, 'tiers[*].powerShare', 'p')).toEqual([0.5, 0.7]);
  });

  it('creates missing objects on the way when setting, but never list elements, and never when reading', () => {
    const f = file() as Record<string, unknown>;
    setAtPath(f, 'factory.newLeaf', 1, 'p');
    expect((f.factory as Record<string, unknown>).newLeaf).toBe(1);
    setAtPath(f, 'policies.routing', 'round-robin', 'p');
    expect(f.policies).toEqual({ routing: 'round-robin' });
    expect(() => setAtPath(f, 'factory.nothing[0].leaf', 1, 'parameters[0].path')).toThrow(/^parameters\[0\]\.path: "factory\.nothing\[0\]\.leaf" reaches no value/);
    expect(() => getAtPath(f, 'factory.newLeaf2', 'p')).toThrow(InputError);
    expect(() => getAtPath(f, 'nothing.leaf', 'p')).toThrow(/reaches no value/);
  });

  it('names the problem in one line for bad paths', () => {
    expect(() => parsePath('', 'x')).toThrow(/^x: must be a JSON path/);
    expect(() => parsePath('tiers[9].powerShare', 'x')).not.toThrow();
    expect(() => setAtPath(file(), 'tiers[9].powerShare', 1, 'x')).toThrow('x: "tiers[9].powerShare" has index 9, but the list has 2 elements');
    expect(() => setAtPath(file(), 'tiers[ultra].powerShare', 1, 'x')).toThrow(/no element has that tier, id or name/);
    expect(() => setAtPath(file(), 'factory[0]', 1, 'x')).toThrow(/indexes something that is not a list/);
    expect(() => parsePath('a..b', 'x')).toThrow(/not a JSON path/);
  });

  it('never reaches an object prototype', () => {
    for (const path of ['__proto__.polluted', 'factory.constructor.prototype', 'tiers[__proto__]', 'prototype']) {
      expect(() => setAtPath(file(), path, 1, 'x')).toThrow(/forbidden key|bad index/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
