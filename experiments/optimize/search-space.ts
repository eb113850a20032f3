/**
 * What the optimiser may change: per tier, a list of hardware options (one "as in the scenario" when the
 * tier's hardware is not searched), and the power split on a grid of `steps` units, or the scenario's
 * split kept as it is. A candidate is one choice of each.
 */
import { InputError } from '../errors.js';
import { getAtPath } from '../scenario/overrides.js';
import type { ScenarioFile } from '../scenario/scenario-schema.js';
import type { OptimizeFile } from './optimize-file.js';
import { sharesOf, stepsPerWhole } from './simplex-grid.js';

export interface HardwareOption {
  /** how tables and charts name it: the rack id, or the option's name */
  label: string;
  /** the tier's new `hardware` block; undefined keeps the scenario's */
  hardware: Record<string, unknown> | undefined;
  /** how errors name it: `search.hardware["free"][1]` */
  where: string;
}

export interface SearchSpace {
  /** column names: the tier ids, or `tiers[i]` where two tiers share an id */
  tierLabels: string[];
  hardware: HardwareOption[][];
  /** whether any tier's hardware is searched (else tables leave the hardware out) */
  searchesHardware: boolean;
  /** grid units per whole cap, or null when the split is the scenario's */
  steps: number | null;
  /** the scenario's own shares (the split when steps is null) */
  scenarioShares: number[];
  /** the scenario's own decode racks (what the base scenario runs) */
  scenarioRacks: string[];
  /** the scenario's routing policy, kept by every candidate */
  routing: string;
}

/** A point of the space: a hardware option per tier and, on a grid, the split's units. */
export interface Candidate {
  hardware: number[];
  units: number[] | null;
}

/** Builds the space from the optimize file and the base scenario (validated, common overrides applied). */
export function searchSpace(spec: OptimizeFile, raw: unknown, file: ScenarioFile): SearchSpace {
  const tiers = file.tiers;
  const ids = tiers.map((t) => t.tier);
  const tierLabels = ids.map((id, i) => (ids.indexOf(id) === ids.lastIndexOf(id) ? id : `tiers[${i}]`));
  const rawTiers = (raw as { tiers: unknown[] }).tiers;
  const hardware: HardwareOption[][] = tiers.map((t) => [{ label: t.hardware.rack, hardware: undefined, where: 'scenario' }]);
  const searched = new Map<number, string>();
  for (const [key, options] of Object.entries(spec.search.hardware)) {
    const where = `search.hardware[${JSON.stringify(key)}]`;
    const [element] = getAtPath(raw, `tiers[${key}]`, where);
    const index = rawTiers.indexOf(element);
    const earlier = searched.get(index);
    if (earlier !== undefined) throw new InputError(`${where}: names the same tier as search.hardware[${JSON.stringify(earlier)}]`);
    searched.set(index, key);
    hardware[index] = options.map((o, j) =>
      typeof o === 'string'
        ? { label: o, hardware: { rack: o }, where: `${where}[${j}]` }
        : { label: o.name, hardware: o.hardware, where: `${where}[${j}]` },
    );
    const labels = hardware[index].map((o) => o.label);
    const twice = labels.find((l, j) => labels.indexOf(l) !== j);
    if (twice !== undefined) throw new InputError(`${where}: "${twice}" is listed twice`);
  }
  // The search plans each tier alone (tier-estimates.ts): a tier on another's racks is not alone.
  const sharing = hardware.flatMap((options, i) =>
    options.filter((o) => hasShareWith(o.hardware ?? (rawTiers[i] as { hardware?: unknown }).hardware)).map((o) => (o.hardware ? o.where : `tiers[${i}].hardware.shareWith`)),
  );
  if (sharing.length > 0) throw new InputError(`${sharing[0]}: optimize plans each tier on racks of its own; it cannot search tiers that share racks (shareWith)`);
  const share = spec.search.powerShare;
  const steps = share === 'fixed' ? null : stepsPerWhole(share.step, 'search.powerShare.step');
  if (steps !== null && steps < tiers.length) {
    throw new InputError(`search.powerShare.step: ${1 / steps} leaves no room for ${tiers.length} tiers (each needs at least one step)`);
  }
  return {
    tierLabels,
    hardware,
    searchesHardware: searched.size > 0,
    steps,
    scenarioShares: tiers.map((t) => t.powerShare),
    scenarioRacks: tiers.map((t) => t.hardware.rack),
    routing: file.policies.routing,
  };
}

function hasShareWith(hardware: unknown): boolean {
  return hardware !== null && typeof hardware === 'object' && (hardware as Record<string, unknown>).shareWith !== undefined;
}

/** The candidate's power shares, in tier order. */
export function candidateShares(space: SearchSpace, candidate: Candidate): number[] {
  return candidate.units && space.steps !== null ? sharesOf(candidate.units, space.steps) : space.scenarioShares;
}

/** Equal candidates have equal keys. */
export function candidateKey(candidate: Candidate): string {
  return `${candidate.hardware.join(',')}|${candidate.units?.join(',') ?? 'scenario'}`;
}

/** `free 30% · medium 70%`, with each searched tier's hardware: `free 30% hgx-h100 · …`. */
export function describeCandidate(space: SearchSpace, candidate: Candidate): string {
  const shares = candidateShares(space, candidate);
  return space.tierLabels
    .map((tier, i) => {
      const hw = space.hardware[i].length > 1 || space.hardware[i][0].hardware ? ` ${space.hardware[i][candidate.hardware[i]].label}` : '';
      return `${tier} ${formatPercent(shares[i])}${hw}`;
    })
    .join(' · ');
}

function formatPercent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

/** The overrides that turn the base scenario into the candidate (the optimiser always splits statically). */
export function candidateOverrides(space: SearchSpace, candidate: Candidate): Record<string, unknown> {
  // the whole block: a scenario may leave `policies` out (a path needs every step but the last)
  const set: Record<string, unknown> = { policies: { allocation: 'static-split', routing: space.routing } };
  const shares = candidateShares(space, candidate);
  space.hardware.forEach((options, i) => {
    const hw = options[candidate.hardware[i]].hardware;
    if (hw) set[`tiers[${i}].hardware`] = hw;
    set[`tiers[${i}].powerShare`] = shares[i];
  });
  return set;
}
