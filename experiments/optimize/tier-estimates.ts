/**
 * Fluid estimates of one tier at a time. Under a static split a tier's plan depends only on its own
 * hardware and share (the other tiers do not enter it), so each (tier, hardware, share) is planned once
 * — as a one-tier factory with the same cap — and a candidate's estimate is the sum of its tiers'. A
 * grid of thousands of splits then costs a few dozen plans per tier instead of one plan per split.
 */
import { defaultCatalog } from '../../models/catalog/catalog.js';
import { estimateTier, type TierFluidEstimate } from '../../models/factory/fluid-estimate.js';
import { planFactory } from '../../models/factory/plan.js';
import type { FactoryScenario } from '../../models/factory/scenario.js';
import { InputError, isInputError } from '../errors.js';
import { parseScenario, resolveScenario } from '../scenario/load-scenario.js';
import type { SearchSpace } from './search-space.js';

export type TierEstimate = { ok: true; estimate: TierFluidEstimate } | { ok: false; reason: string };

export class TierEstimates {
  private readonly memo = new Map<string, TierEstimate>();

  private constructor(
    /** [tier][hardware option]: the tier alone, resolved */
    private readonly scenarios: FactoryScenario[][],
  ) {}

  /**
   * Validates every hardware option of every tier (a bad rack id or block is an InputError naming the
   * option); whether it can serve the tier is the plan's question, answered per candidate.
   */
  static async build(raw: unknown, dir: string, space: SearchSpace): Promise<TierEstimates> {
    const file = raw as { tiers: unknown[]; policies?: object };
    const scenarios: FactoryScenario[][] = [];
    for (const [i, options] of space.hardware.entries()) {
      const perOption: FactoryScenario[] = [];
      for (const option of options) {
        const tier = structuredClone(file.tiers[i]) as Record<string, unknown>;
        if (option.hardware) tier.hardware = structuredClone(option.hardware);
        const alone = { ...structuredClone(file), tiers: [tier], policies: { ...file.policies, allocation: 'static-split' } };
        try {
          perOption.push(await resolveScenario(parseScenario(alone), defaultCatalog(), dir));
        } catch (error) {
          if (isInputError(error)) throw new InputError(`${option.where}: ${renameTier((error as Error).message, i)}`);
          throw error;
        }
      }
      scenarios.push(perOption);
    }
    return new TierEstimates(scenarios);
  }

  /** Tier `tier` on hardware option `option` with `share` of the cap: its estimate, or why it cannot be built. */
  estimate(tier: number, option: number, share: number): TierEstimate {
    const key = `${tier}|${option}|${share}`;
    let found = this.memo.get(key);
    if (!found) {
      found = this.plan(tier, option, share);
      this.memo.set(key, found);
    }
    return found;
  }

  /** How many distinct (tier, hardware, share) plans were made. */
  get plansMade(): number {
    return this.memo.size;
  }

  private plan(tier: number, option: number, share: number): TierEstimate {
    const scenario = this.scenarios[tier][option];
    try {
      const plan = planFactory({ ...scenario, tiers: [{ ...scenario.tiers[0], powerShare: share }] }, defaultCatalog());
      return { ok: true, estimate: estimateTier(plan.tiers[0]) };
    } catch (error) {
      // a rack that cannot reach the tier's speed, a share too small for one instance: infeasible, not wrong
      if (isInputError(error)) {
        const message = renameTier((error as Error).message, tier);
        return { ok: false, reason: message.startsWith(`tiers[${tier}]`) ? message : `tiers[${tier}]: ${message}` };
      }
      throw error;
    }
  }
}

/** Messages about the one-tier factory say tiers[0]; the user's file calls it tiers[i]. */
function renameTier(message: string, index: number): string {
  return message.replaceAll('tiers[0]', `tiers[${index}]`);
}
