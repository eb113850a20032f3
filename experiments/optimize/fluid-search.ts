/**
 * The pruning half of `optimize`: build the search space, evaluate candidates with the fluid model,
 * and rank them. The simulation then confirms the best `top`.
 */
import type { FactorySpec } from '../../models/factory/scenario.js';
import { InputError } from '../errors.js';
import type { ScenarioFile } from '../scenario/scenario-schema.js';
import type { OptimizeFile } from './optimize-file.js';
import { coordinateSearch, evaluateCandidate, gridSearch, type Evaluation } from './search.js';
import { searchSpace, type SearchSpace } from './search-space.js';
import { TierEstimates } from './tier-estimates.js';

/** An evaluated candidate with its id (c1, c2… in evaluation order) and fluid rank (feasible only). */
export type RankedEvaluation = Evaluation & { id: string; fluidRank: number | undefined };

export interface FluidSearch {
  space: SearchSpace;
  /** in evaluation order */
  evaluations: RankedEvaluation[];
  /** the feasible ones, best first */
  ranked: RankedEvaluation[];
  plansMade: number;
}

/**
 * `raw` is the base scenario file with the common overrides applied and `file` the same validated;
 * `dir` is where its relative paths start.
 */
export async function fluidSearch(spec: OptimizeFile, raw: unknown, file: ScenarioFile, dir: string): Promise<FluidSearch> {
  const space = searchSpace(spec, raw, file);
  const tiers = await TierEstimates.build(raw, dir, space);
  const factory = file.factory as FactorySpec;
  const evaluate = (c: Parameters<typeof evaluateCandidate>[0]): Evaluation => evaluateCandidate(c, space, tiers, factory, spec.objective);
  const found =
    spec.search.method === 'grid' ? gridSearch(space, evaluate, spec.search.maxCandidates) : coordinateSearch(space, evaluate, spec.search.maxCandidates);
  const evaluations: RankedEvaluation[] = found.map((e, i) => ({ ...e, id: `c${i + 1}`, fluidRank: undefined }));
  const ranked = evaluations
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.feasible)
    .sort((a, b) => objectiveOf(b.e) - objectiveOf(a.e) || a.i - b.i)
    .map(({ e }, rank) => Object.assign(e, { fluidRank: rank + 1 }));
  if (ranked.length === 0) {
    const first = evaluations[0];
    throw new InputError(`search: no candidate can be built${first && !first.feasible ? ` (e.g. ${first.id}: ${first.reason})` : ''}`);
  }
  return { space, evaluations, ranked, plansMade: tiers.plansMade };
}

function objectiveOf(e: Evaluation): number {
  return e.feasible ? e.objective : Number.NEGATIVE_INFINITY;
}
