/**
 * candidates.csv (every candidate the fluid search evaluated) and confirmed.csv (the ones the
 * simulation ran, ranked with intervals beside their fluid estimate). One row per candidate; each tier's
 * share and hardware get a column of their own (`powerShare_free`, `hardware_free`).
 */
import type { FactoryFluidEstimate } from '../../models/factory/fluid-estimate.js';
import type { RankingCsvRow } from '../compare/rows.js';
import type { RankedEvaluation } from './fluid-search.js';
import { candidateShares, describeCandidate, type Candidate, type SearchSpace } from './search-space.js';

export type CsvCell = string | number | boolean;
export interface Table {
  headers: string[];
  rows: Record<string, CsvCell>[];
}

function tierHeaders(space: SearchSpace): string[] {
  return space.tierLabels.flatMap((t) => [`powerShare_${t}`, ...(space.searchesHardware ? [`hardware_${t}`] : [])]);
}

/** A candidate's shares and hardware; without one, the base scenario's own. */
function tierCells(space: SearchSpace, candidate: Candidate | undefined): Record<string, CsvCell> {
  const shares = candidate ? candidateShares(space, candidate) : space.scenarioShares;
  const cells: Record<string, CsvCell> = {};
  space.tierLabels.forEach((t, i) => {
    cells[`powerShare_${t}`] = shares[i];
    if (space.searchesHardware) cells[`hardware_${t}`] = candidate ? space.hardware[i][candidate.hardware[i]].label : space.scenarioRacks[i];
  });
  return cells;
}

const ESTIMATE_HEADERS = [
  'estimatedRevenueUsdPerYear',
  'estimatedCostUsdPerYear',
  'estimatedMarginUsdPerYear',
  'estimatedMeanFacilityPowerMw',
  'peakFacilityMw',
  'capMw',
];

function estimateCells(e: FactoryFluidEstimate | undefined): Record<string, CsvCell> {
  if (!e) return Object.fromEntries(ESTIMATE_HEADERS.map((h) => [h, '']));
  return {
    estimatedRevenueUsdPerYear: e.revenueUsdPerYear,
    estimatedCostUsdPerYear: e.costs.totalUsdPerYear,
    estimatedMarginUsdPerYear: e.marginUsdPerYear,
    estimatedMeanFacilityPowerMw: e.meanFacilityPowerMw,
    peakFacilityMw: e.peakFacilityMw,
    capMw: e.capMw,
  };
}

export function candidatesTable(space: SearchSpace, evaluations: readonly RankedEvaluation[], selected: ReadonlySet<string>): Table {
  const headers = ['candidate', 'feasible', 'fluidRank', 'selected', ...ESTIMATE_HEADERS, ...tierHeaders(space), 'reason'];
  const rows = evaluations.map((e) => ({
    candidate: e.id,
    feasible: e.feasible,
    fluidRank: e.fluidRank ?? '',
    selected: selected.has(e.id),
    ...estimateCells(e.feasible ? e.estimate : undefined),
    ...tierCells(space, e.candidate),
    reason: e.feasible ? '' : e.reason,
  }));
  return { headers, rows };
}

/** A confirmed variant: the base scenario, or a candidate of the search. */
export interface ConfirmedVariant {
  name: string;
  /** the search's evaluation; undefined for the base scenario */
  evaluation: RankedEvaluation | undefined;
  /** what the variant is, for the base scenario (a candidate's is its split and hardware) */
  description: string;
  /** the fluid estimate of the variant's own plan */
  estimate: FactoryFluidEstimate;
  estimatedObjective: number;
}

export function confirmedTable(space: SearchSpace, ranking: readonly RankingCsvRow[], variants: readonly ConfirmedVariant[]): Table {
  const byName = new Map(variants.map((v) => [v.name, v]));
  const headers = [
    'rank',
    'variant',
    'fluidRank',
    'description',
    'metric',
    'unit',
    'replications',
    'mean',
    'ciLow95',
    'ciHigh95',
    'halfWidth95',
    'estimatedObjective',
    'baseline',
    'differenceFromBaseline',
    'differenceCiLow95',
    'differenceCiHigh95',
    'significantVsBaseline',
    'indistinguishableFrom',
    ...tierHeaders(space),
  ];
  const rows = ranking.map((r) => {
    const v = byName.get(r.variant)!;
    const e = v.evaluation;
    return {
      rank: r.rank,
      variant: r.variant,
      fluidRank: e?.fluidRank ?? '',
      description: e ? describeCandidate(space, e.candidate) : v.description,
      metric: r.metric,
      unit: r.unit,
      replications: r.replications,
      mean: r.mean,
      ciLow95: r.ciLow95,
      ciHigh95: r.ciHigh95,
      halfWidth95: r.halfWidth95,
      estimatedObjective: v.estimatedObjective,
      baseline: r.baseline,
      differenceFromBaseline: r.differenceFromBaseline,
      differenceCiLow95: r.differenceCiLow95,
      differenceCiHigh95: r.differenceCiHigh95,
      significantVsBaseline: r.significantVsBaseline,
      indistinguishableFrom: r.indistinguishableFrom,
      ...tierCells(space, e?.candidate),
    };
  });
  return { headers, rows };
}
