import { extendCatalog } from '../../models/catalog/catalog.js';
import type { Catalog } from '../../models/catalog/types.js';
import type { ScenarioFile } from '../scenario/scenario-schema.js';

/** The tier fields a scenario may leave out, to be taken from its catalog tier (plan.ts reads them as `t.x ?? catalogTier.x`). */
const CATALOG_TIER_FIELDS = ['modelId', 'priceUsdPerMTokOut', 'priceUsdPerMTokIn', 'interactivityTokPerS', 'ttftTargetS', 'maxContextTokens'] as const;

/**
 * The scenario file with each tier's catalog defaults written in: a sweep of `tiers[*].priceUsdPerMTokOut`
 * needs a base price to scale even when the file relies on the catalog's. Writing in the value the
 * plan would have used anyway changes no result. Tiers the catalog does not know are left alone:
 * validating the scenario reports them.
 */
export function withCatalogTierDefaults(file: ScenarioFile, baseCatalog: Catalog): ScenarioFile {
  let catalog: Catalog;
  try {
    catalog = extendCatalog(baseCatalog, file.catalog);
  } catch {
    return file;
  }
  const filled = structuredClone(file);
  for (const tier of filled.tiers) {
    if (!Object.hasOwn(catalog.tiers, tier.tier)) continue;
    const defaults = catalog.tiers[tier.tier];
    const record = tier as Record<string, unknown>;
    for (const field of CATALOG_TIER_FIELDS) record[field] ??= defaults[field];
  }
  return filled;
}
