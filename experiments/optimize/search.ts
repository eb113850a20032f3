/**
 * The fluid search: every candidate of a grid, or a steepest-ascent coordinate search for spaces too
 * big to enumerate. Both return every candidate they evaluated, in evaluation order, so candidates.csv
 * shows what the search saw and not just where it ended.
 */
import { combineTierEstimates, type FactoryFluidEstimate } from '../../models/factory/fluid-estimate.js';
import type { FactorySpec } from '../../models/factory/scenario.js';
import { InputError } from '../errors.js';
import type { Objective } from './optimize-file.js';
import { candidateKey, candidateShares, type Candidate, type SearchSpace } from './search-space.js';
import { nearestGridPoint, simplexGrid, simplexGridSize } from './simplex-grid.js';
import type { TierEstimates } from './tier-estimates.js';

export type Evaluation =
  | { candidate: Candidate; feasible: true; estimate: FactoryFluidEstimate; objective: number }
  | { candidate: Candidate; feasible: false; reason: string };

/** What the fluid model can say about an objective: it has no SLO misses, so goodput revenue is revenue. */
export function fluidObjective(estimate: FactoryFluidEstimate, objective: Objective): number {
  return objective === 'margin' ? estimate.marginUsdPerYear : estimate.revenueUsdPerYear;
}

export function evaluateCandidate(
  candidate: Candidate,
  space: SearchSpace,
  tiers: TierEstimates,
  factory: FactorySpec,
  objective: Objective,
): Evaluation {
  const shares = candidateShares(space, candidate);
  const total = shares.reduce((a, b) => a + b, 0);
  if (total > 1 + 1e-9) return { candidate, feasible: false, reason: `power shares add up to ${total.toFixed(3)} of the cap` };
  const estimates = [];
  for (const [i, share] of shares.entries()) {
    const e = tiers.estimate(i, candidate.hardware[i], share);
    if (!e.ok) return { candidate, feasible: false, reason: e.reason };
    estimates.push(e.estimate);
  }
  const estimate = combineTierEstimates(factory, estimates);
  return { candidate, feasible: true, estimate, objective: fluidObjective(estimate, objective) };
}

/** Every hardware combination × every split of the grid (or the scenario's split). */
export function gridSearch(space: SearchSpace, evaluate: (c: Candidate) => Evaluation, maxCandidates: number): Evaluation[] {
  const hardwareCombinations = space.hardware.reduce((n, options) => n * options.length, 1);
  const splits = space.steps === null ? 1 : simplexGridSize(space.hardware.length, space.steps);
  const total = hardwareCombinations * splits;
  if (total > maxCandidates) {
    throw new InputError(
      `search: the grid has ${total.toLocaleString('en-US')} candidates (${hardwareCombinations} hardware combinations × ${splits} splits), ` +
        `over search.maxCandidates ${maxCandidates.toLocaleString('en-US')}: use a larger search.powerShare.step, fewer hardware options, or "method": "coordinate"`,
    );
  }
  const out: Evaluation[] = [];
  for (const hardware of product(space.hardware.map((options) => options.length))) {
    if (space.steps === null) out.push(evaluate({ hardware, units: null }));
    else for (const units of simplexGrid(space.hardware.length, space.steps)) out.push(evaluate({ hardware, units }));
  }
  return out;
}

/**
 * Steepest ascent from the first hardware options and the scenario's split rounded to the grid: each
 * round evaluates every neighbour (one tier's hardware changed, or one grid step of power moved from
 * one tier to another) and moves to the best if it improves the objective. Stops at a local optimum.
 */
export function coordinateSearch(space: SearchSpace, evaluate: (c: Candidate) => Evaluation, maxEvaluations: number): Evaluation[] {
  const seen = new Map<string, Evaluation>();
  const visit = (candidate: Candidate): Evaluation => {
    const key = candidateKey(candidate);
    let e = seen.get(key);
    if (!e) {
      if (seen.size >= maxEvaluations) throw new InputError(`search: the coordinate search passed search.maxCandidates (${maxEvaluations}) evaluations`);
      seen.set(key, (e = evaluate(candidate)));
    }
    return e;
  };
  const score = (e: Evaluation): number => (e.feasible ? e.objective : Number.NEGATIVE_INFINITY);
  const steps = space.steps;
  let current = visit({
    hardware: space.hardware.map(() => 0),
    units: steps === null ? null : nearestGridPoint(space.scenarioShares, steps),
  });
  for (;;) {
    let best = current;
    for (const neighbour of neighbours(space, current.candidate)) {
      const e = visit(neighbour);
      if (score(e) > score(best)) best = e;
    }
    if (best === current) break;
    current = best;
  }
  return [...seen.values()];
}

function* neighbours(space: SearchSpace, at: Candidate): Generator<Candidate> {
  for (const [i, options] of space.hardware.entries()) {
    for (let o = 0; o < options.length; o++) {
      if (o === at.hardware[i]) continue;
      const hardware = [...at.hardware];
      hardware[i] = o;
      yield { hardware, units: at.units };
    }
  }
  const units = at.units;
  if (!units) return;
  for (let from = 0; from < units.length; from++) {
    if (units[from] <= 1) continue;
    for (let to = 0; to < units.length; to++) {
      if (to === from) continue;
      const moved = [...units];
      moved[from]--;
      moved[to]++;
      yield { hardware: at.hardware, units: moved };
    }
  }
}

/** Every index tuple with tuple[i] < sizes[i], the last index fastest. */
function* product(sizes: readonly number[]): Generator<number[]> {
  const at = sizes.map(() => 0);
  if (sizes.some((n) => n === 0)) return;
  for (;;) {
    yield [...at];
    let i = sizes.length - 1;
    while (i >= 0 && ++at[i] === sizes[i]) at[i--] = 0;
    if (i < 0) return;
  }
}
