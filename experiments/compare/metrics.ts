/**
 * The metrics a comparison may rank by: those of replicationMetrics (experiments/run/summarize.ts),
 * for the whole factory or for one tier, and whether more is better. Utilisation is left out: its
 * scope names the rack, which changes between hardware variants.
 */
import { InputError } from '../errors.js';

/** metric → true when a larger value is better */
export const FACTORY_METRICS: Readonly<Record<string, boolean>> = {
  revenue: true,
  goodputRevenue: true,
  cost: false,
  facilityCost: false,
  itCost: false,
  energyCost: false,
  margin: true,
  revenuePerMw: true,
  outputTokensPerMw: true,
  outputTokens: true,
  meanFacilityPower: false,
  peakIntervalFacilityPower: false,
  powerCap: true,
  energy: false,
};

export const TIER_METRICS: Readonly<Record<string, boolean>> = {
  revenue: true,
  goodputRevenue: true,
  sloAttainment: true,
  outputTokensPerMw: true,
  ttftP99: false,
  tpotP99: false,
  costPerMTokOut: false,
  rejectedFraction: false,
};

/** What a comparison ranks by: a metric of the whole factory (scope '') or of one tier. */
export interface MetricChoice {
  metric: string;
  scope: string;
  higherIsBetter: boolean;
}

/**
 * Reads `margin` (the factory's) or `revenue[premium]` (a tier's) and checks it against the metrics
 * and the scenario's tier ids; `where` names the field or flag in the one-line error.
 */
export function chooseMetric(text: string, tierIds: readonly string[], where: string): MetricChoice {
  const match = /^([A-Za-z][A-Za-z0-9]*)(?:\[([^\]]+)\])?$/.exec(text);
  if (!match) throw new InputError(`${where}: "${text}" is not a metric name such as "margin" or "revenue[premium]"`);
  const [, metric, scope = ''] = match;
  const table = scope === '' ? FACTORY_METRICS : TIER_METRICS;
  if (scope !== '' && !tierIds.includes(scope)) {
    throw new InputError(`${where}: "${text}": ${scope} is not a tier of the scenario (tiers: ${tierIds.join(', ')})`);
  }
  if (!Object.hasOwn(table, metric)) {
    const of = scope === '' ? 'the factory' : 'a tier';
    throw new InputError(`${where}: "${metric}" is not a metric of ${of}; one of ${Object.keys(table).join(', ')}`);
  }
  return { metric, scope, higherIsBetter: table[metric] };
}

/** `margin`, or `revenue[premium]` for a tier's: how CSVs, charts and messages name a metric. */
export function metricLabel(choice: { metric: string; scope: string }): string {
  return choice.scope === '' ? choice.metric : `${choice.metric}[${choice.scope}]`;
}
