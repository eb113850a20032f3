/**
 * The confirming half of `optimize`: the base scenario and the fluid search's best `top` candidates
 * become variants of a comparison, so the simulation ranks them under common random numbers and says
 * with paired intervals whether the winner beats the base.
 */
import { estimateFactory } from '../../models/factory/fluid-estimate.js';
import { NO_OVERRIDES } from '../compare/apply-overrides.js';
import type { PreparedVariant, VariantSpec } from '../compare/prepare-variants.js';
import type { FluidSearch } from './fluid-search.js';
import type { Objective } from './optimize-file.js';
import type { ConfirmedVariant } from './optimize-tables.js';
import { fluidObjective } from './search.js';
import { candidateOverrides, describeCandidate } from './search-space.js';

export const BASE_VARIANT = 'base';

/** The base first (the comparison's baseline), then the top candidates by fluid estimate. */
export function confirmationSpecs(search: FluidSearch, top: number, baseDescription: string): VariantSpec[] {
  return [
    { name: BASE_VARIANT, label: `${BASE_VARIANT}: ${baseDescription}`, overrides: NO_OVERRIDES, where: 'base.' },
    ...search.ranked.slice(0, top).map((e) => ({
      name: e.id,
      label: `${e.id}: ${describeCandidate(search.space, e.candidate)}`,
      overrides: { set: candidateOverrides(search.space, e.candidate), unset: [] },
      where: `candidates[${e.id}].`,
    })),
  ];
}

/** Each prepared variant with its evaluation and the fluid estimate of its own (full) plan. */
export function confirmedVariants(search: FluidSearch, prepared: readonly PreparedVariant[], objective: Objective, baseDescription: string): ConfirmedVariant[] {
  const byId = new Map(search.ranked.map((e) => [e.id, e]));
  return prepared.map((v) => {
    const estimate = estimateFactory(v.plan);
    return {
      name: v.name,
      evaluation: byId.get(v.name),
      description: baseDescription,
      estimate,
      estimatedObjective: fluidObjective(estimate, objective),
    };
  });
}
