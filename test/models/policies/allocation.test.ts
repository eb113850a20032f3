import { describe, expect, it } from 'vitest';
import { AllocationError, createAllocation, type TierAllocationInput } from '../../../models/policies/allocation/index.js';

const tiers: TierAllocationInput[] = [
  { tierId: 'free', powerShare: 0.25, requestsPerSPerMw: 100, revenueUsdPerSPerMw: 0, demandRequestsPerS: 10_000, minimumMw: 0 },
  { tierId: 'medium', powerShare: 0.25, requestsPerSPerMw: 50, revenueUsdPerSPerMw: 2, demandRequestsPerS: 10_000, minimumMw: 0 },
  { tierId: 'premium', powerShare: 0.5, requestsPerSPerMw: 5, revenueUsdPerSPerMw: 9, demandRequestsPerS: 1_000, minimumMw: 0 },
];

describe('allocation policies', () => {
  it('static-split gives each tier its share of the cap', () => {
    expect(createAllocation('static-split').allocate(tiers, 1000)).toEqual([250, 250, 500]);
  });

  it('demand-proportional runs every tier at the same load and fills the cap', () => {
    const mw = createAllocation('demand-proportional').allocate(tiers, 1000);
    expect(mw.reduce((a, b) => a + b, 0)).toBeCloseTo(1000, 9);
    const loads = tiers.map((t, i) => t.demandRequestsPerS! / (t.requestsPerSPerMw * mw[i]));
    for (const load of loads) expect(load).toBeCloseTo(loads[0], 12);
  });

  it('revenue-greedy serves the most valuable MW first, up to its demand with headroom', () => {
    const mw = createAllocation('revenue-greedy').allocate(tiers, 1000);
    // premium needs 1,000 / 5 = 200 MW (×1.25 headroom = 250), medium 10,000 / 50 × 1.25 = 250 MW,
    // and free (no revenue) shares what is left.
    expect(mw[2]).toBeCloseTo(250, 9);
    expect(mw[1]).toBeCloseTo(250, 9);
    expect(mw[0]).toBeCloseTo(500, 9);
    expect(mw.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1000 + 1e-9);
  });

  it('revenue-greedy under a tight cap starves the cheapest paying tier, never the dearest', () => {
    const mw = createAllocation('revenue-greedy').allocate(tiers, 300);
    expect(mw[2]).toBeCloseTo(250, 9);
    expect(mw[1]).toBeCloseTo(50, 9);
    expect(mw[0]).toBe(0);
    // Its revenue beats the static split's at the same cap (revenue is linear in MW up to demand).
    const revenue = (alloc: number[]) =>
      alloc.reduce((sum, m, i) => sum + Math.min(m, tiers[i].demandRequestsPerS! / tiers[i].requestsPerSPerMw) * tiers[i].revenueUsdPerSPerMw, 0);
    expect(revenue(mw)).toBeGreaterThan(revenue(createAllocation('static-split').allocate(tiers, 300)));
  });

  it('demand-aware policies refuse a tier whose demand is only relative to capacity', () => {
    const relative = tiers.map((t, i) => (i === 1 ? { ...t, demandRequestsPerS: undefined } : t));
    expect(() => createAllocation('revenue-greedy').allocate(relative, 1000)).toThrow(AllocationError);
    expect(() => createAllocation('demand-proportional').allocate(relative, 1000)).toThrow(/tiers\[1\]\.demand/);
  });
});

describe('every tier keeps one instance under the demand-aware policies', () => {
  // Demand far beyond the cap: greedy would fund medium and premium fully and leave free nothing.
  const crowded: TierAllocationInput[] = [
    { tierId: 'free', powerShare: 0.25, requestsPerSPerMw: 100, revenueUsdPerSPerMw: 0, demandRequestsPerS: 1e9, minimumMw: 30 },
    { tierId: 'medium', powerShare: 0.25, requestsPerSPerMw: 50, revenueUsdPerSPerMw: 2, demandRequestsPerS: 1e9, minimumMw: 40 },
    { tierId: 'premium', powerShare: 0.5, requestsPerSPerMw: 5, revenueUsdPerSPerMw: 9, demandRequestsPerS: 1e9, minimumMw: 100 },
  ];

  for (const policy of ['revenue-greedy', 'demand-proportional'] as const) {
    it(`${policy}: at least the minimum for every tier, within the cap`, () => {
      const mw = createAllocation(policy).allocate(crowded, 1000);
      for (const [i, t] of crowded.entries()) expect(mw[i]).toBeGreaterThanOrEqual(t.minimumMw);
      expect(mw.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1000 * (1 + 1e-9));
    });

    it(`${policy}: a cap that cannot buy one instance of each tier is an AllocationError naming the policy`, () => {
      expect(() => createAllocation(policy).allocate(crowded, 150)).toThrow(AllocationError);
      expect(() => createAllocation(policy).allocate(crowded, 150)).toThrow(new RegExp(`^policies\\.allocation: '${policy}' cannot give every tier one instance: that needs 170\\.000 MW of a 150 MW cap$`));
    });
  }

  it('revenue-greedy still ranks by revenue per MW: the best tier keeps the most power', () => {
    const mw = createAllocation('revenue-greedy').allocate(crowded, 1000);
    expect(mw[0]).toBeCloseTo(30 * (1 + 1e-9), 6); // free earns nothing: only its one instance
    expect(mw[2]).toBeGreaterThan(mw[1]);
  });
});
