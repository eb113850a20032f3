import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultCatalog } from '../../../models/catalog/catalog.js';
import { planFactory } from '../../../models/factory/plan.js';
import { loadScenario } from '../../../experiments/scenario/load-scenario.js';
import { scenarioFileSchema } from '../../../experiments/scenario/scenario-schema.js';

describe('scenario files', () => {
  it('the committed JSON Schema is the one the code generates (regenerate with `tokenfactory schema`)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../../experiments/scenarios/scenario.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(z.toJSONSchema(scenarioFileSchema, { io: 'input' }))));
  });

  it('the default scenario validates and its factory fits the 1 GW cap with every tier served', async () => {
    const { scenario } = await loadScenario('experiments/scenarios/gtc2026.json', defaultCatalog());
    const plan = planFactory(scenario, defaultCatalog());
    expect(plan.tiers.map((t) => t.tier.id)).toEqual(['free', 'medium', 'high', 'premium', 'ultra']);
    expect(plan.tiers.map((t) => t.tier.priceUsdPerMTokOut)).toEqual([0, 3, 6, 45, 150]); // the keynote's prices
    expect(plan.peakFacilityMw).toBeLessThanOrEqual(scenario.factory.powerCapMw);
    for (const t of plan.tiers) {
      expect(t.decode.instancesFull).toBeGreaterThanOrEqual(1);
      expect(t.deliveredInteractivityTokPerS).toBeGreaterThanOrEqual(t.tier.interactivityTokPerS);
    }
  });
});
