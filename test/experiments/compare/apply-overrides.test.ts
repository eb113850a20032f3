import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../../../experiments/compare/apply-overrides.js';
import { InputError } from '../../../experiments/errors.js';

const file = () => ({
  name: 'x',
  tiers: [
    { tier: 'free', powerShare: 0.25, demand: { loadFraction: 0.9 } },
    { tier: 'medium', powerShare: 0.25, demand: { loadFraction: 0.8 } },
    { tier: 'high', powerShare: 0.25, demand: { loadFraction: 0.7 } },
    { tier: 'premium', powerShare: 0.25, demand: {} },
  ],
  policies: { allocation: 'static-split' },
});

describe('applyOverrides', () => {
  it('unsets list elements by the indices of the file before any removal, then sets', () => {
    const f = file();
    applyOverrides(f, { unset: ['tiers[1]', 'tiers[3]'], set: { 'tiers[*].powerShare': 0.5 } }, '');
    expect(f.tiers.map((t) => t.tier)).toEqual(['free', 'high']);
    expect(f.tiers.map((t) => t.powerShare)).toEqual([0.5, 0.5]);
  });

  it('unsets a field everywhere with [*] and leaves elements that lack it alone', () => {
    const f = file();
    applyOverrides(f, { unset: ['tiers[*].demand.loadFraction'], set: {} }, '');
    expect(f.tiers.map((t) => 'loadFraction' in t.demand)).toEqual([false, false, false, false]);
  });

  it('names the variant and the override in a one-line error', () => {
    const bad = () => applyOverrides(file(), { unset: [], set: { 'tiers[x].hardware.rack': 'hgx-h100' } }, 'variants[2].');
    expect(bad).toThrow(InputError);
    expect(bad).toThrow(/^variants\[2\]\.set\["tiers\[x\]\.hardware\.rack"\]: .*\[x\]/);
    const badUnset = () => applyOverrides(file(), { unset: ['tiers[9]'], set: {} }, '');
    expect(badUnset).toThrow(/^unset\[0\]: "tiers\[9\]" has index 9, but the list has 4 elements$/);
  });

  it('copies values, so two variants never share an object', () => {
    const hardware = { rack: 'vr-nvl72' };
    const a = file();
    applyOverrides(a, { unset: [], set: { 'tiers[0].hardware': hardware } }, '');
    hardware.rack = 'changed';
    expect((a.tiers[0] as Record<string, unknown>).hardware).toEqual({ rack: 'vr-nvl72' });
  });
});
