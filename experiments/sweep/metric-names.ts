/**
 * The metrics a sweep can rank, by name and scope, so a misspelt metric is refused before anything
 * runs. They mirror experiments/run/summarize.ts `replicationMetrics`; a test checks that the two agree.
 */
import { closestMatch } from '../../models/catalog/did-you-mean.js';
import { InputError } from '../errors.js';

/** Whole-factory metrics (scope ''). */
export const FACTORY_METRICS = [
  'revenue', 'goodputRevenue', 'cost', 'facilityCost', 'itCost', 'energyCost', 'margin', 'revenuePerMw',
  'outputTokensPerMw', 'outputTokens', 'meanFacilityPower', 'peakIntervalFacilityPower', 'powerCap', 'energy',
] as const;

/** Per-tier metrics (scope: a tier id). */
export const TIER_METRICS = [
  'revenue', 'goodputRevenue', 'sloAttainment', 'outputTokensPerMw', 'ttftP99', 'tpotP99', 'costPerMTokOut', 'rejectedFraction',
] as const;

/** Per rack group (scope `tier/rack/role`, e.g. `high/vr-nvl72/decode`). */
export const GROUP_METRICS = ['utilization'] as const;

export interface MetricKey {
  metric: string;
  /** '' for the whole factory, a tier id, or `tier/rack/role` */
  scope: string;
}

export function formatMetric(key: MetricKey): string {
  return key.scope ? `${key.metric} (${key.scope})` : key.metric;
}

/**
 * Checks each requested metric's name and scope against the scenario's tiers; throws an InputError
 * naming `metrics[i]`. A group's rack and role are known only once the factory is planned: a
 * `tier/rack/role` scope is checked against the results.
 */
export function checkMetrics(metrics: readonly MetricKey[], tierIds: readonly string[]): void {
  const names: string[] = [...new Set<string>([...FACTORY_METRICS, ...TIER_METRICS, ...GROUP_METRICS])];
  metrics.forEach((m, i) => {
    const where = `metrics[${i}]`;
    if (!names.includes(m.metric)) {
      const guess = closestMatch(m.metric, names);
      throw new InputError(`${where}: unknown metric "${m.metric}"${guess ? ` (did you mean "${guess}"?)` : ''}; see docs/sweep.md for the list`);
    }
    const factory = (FACTORY_METRICS as readonly string[]).includes(m.metric);
    const tier = (TIER_METRICS as readonly string[]).includes(m.metric);
    if (m.scope === '') {
      if (!factory) throw new InputError(`${where}: "${m.metric}" is measured per ${tier ? 'tier' : 'rack group'}: give a "scope" (${tier ? tierIds.join(', ') : 'tier/rack/role'})`);
      return;
    }
    const scopeTier = (GROUP_METRICS as readonly string[]).includes(m.metric) ? m.scope.split('/')[0] : m.scope;
    if (!tier && !(GROUP_METRICS as readonly string[]).includes(m.metric)) {
      throw new InputError(`${where}: "${m.metric}" is a whole-factory metric: leave out "scope" (got "${m.scope}")`);
    }
    if (!tierIds.includes(scopeTier)) {
      const guess = closestMatch(scopeTier, tierIds);
      throw new InputError(`${where}.scope: no tier "${scopeTier}" in the scenario${guess ? ` (did you mean "${guess}"?)` : ''} (tiers: ${tierIds.join(', ')})`);
    }
  });
}
