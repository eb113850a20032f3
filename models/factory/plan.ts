import { extendCatalog, getLlm, getRack, getTier } from '../catalog/catalog.js';
import type { Catalog, LlmSpec, RackSpec, TierSpec } from '../catalog/types.js';
import { attentionFfnProfile, defaultFfnLayout, type AttentionFfnOptions } from '../performance/attention-ffn.js';
import { createPerformanceModel } from '../performance/factory.js';
import { FluidModel, rackInstanceProfile, type FluidOperatingPoint, type InstanceProfile, type WorkloadShape } from '../performance/fluid-capacity.js';
import { bestLayoutAt } from '../performance/frontier.js';
import { ServingConfigError } from '../performance/memory.js';
import type { PerformanceModel } from '../performance/performance-model.js';
import { candidateLayouts, defaultLayout, resolveInstance, type ServingLayout } from '../performance/serving-layout.js';
import { createAllocation, type TierAllocationInput } from '../policies/allocation/index.js';
import type { KvTransferConfig } from '../serving/disaggregated-pool.js';
import { meanRatePerS, specWithMeanRate, type ArrivalSpec } from '../workload/arrivals.js';
import { meanRequestSize, type RequestSize } from '../workload/request-size-sampler.js';
import { meanPrefillTimeS, quantileOf, workloadMoments } from './workload-moments.js';
import type { FactoryScenario, HardwareSpec, TierScenario } from './scenario.js';

/**
 * The racks serving one role (decode, or prefill in a disaggregated tier), sized to their power: one
 * rack kind, or two for an attention–FFN decode instance (`rack` the FFN racks, `attention` the others).
 */
export interface RackGroupPlan {
  rack: RackSpec;
  layout: ServingLayout;
  performance: PerformanceModel;
  /** facility per IT power at peak: the cooling class's PUE (weighted by peak kW over both kinds of an AFD instance) */
  pue: number;
  /** racks of `rack` in the whole factory (a multi-rack instance counts all its racks) */
  racks: number;
  /** the attention racks of an attention–FFN instance */
  attention?: AttentionRacksPlan;
  instancesFull: number;
  instancesSimulated: number;
  /** chips of one instance, both rack kinds together */
  chipsPerInstance: number;
  /** IT power of one instance (both rack kinds) at idle and at peak */
  instanceIdleKw: number;
  instancePeakKw: number;
}

/** The second rack kind of an attention–FFN instance. */
export interface AttentionRacksPlan {
  rack: RackSpec;
  racksPerInstance: number;
  /** attention racks in the whole factory */
  racks: number;
}

/** The decode racks, with what the fluid model knows of one instance (memory, power, speed). */
export interface DecodeGroupPlan extends RackGroupPlan {
  profile: InstanceProfile;
}

/** One tier of the factory: its prices and targets, its hardware, its demand, and how results scale back. */
export interface TierPlan {
  index: number;
  tier: TierSpec;
  llm: LlmSpec;
  decode: DecodeGroupPlan;
  prefill?: RackGroupPlan & { kvTransfer: KvTransferConfig };
  kvCapacityBytes: number;
  kvBytesPerToken: number;
  kvFixedBytesPerSequence: number;
  batchCap: number;
  /** the fluid steady state of one decode instance at batchCap */
  operatingPoint: FluidOperatingPoint;
  /** per-user speed the operating point delivers, counting decode paused by prefills */
  deliveredInteractivityTokPerS: number;
  /** requests/s the whole tier sustains at the operating point (the lesser of prefill and decode) */
  capacityRequestsPerSFull: number;
  meanSize: RequestSize;
  /** facility power the allocation gave the tier, and what its racks draw at peak */
  allocatedMw: number;
  peakFacilityMw: number;
  /** demand of the whole factory's tier, and the arrivals of the simulated slice (none at zero demand) */
  demandRequestsPerSFull: number;
  arrivalsSimulated: ArrivalSpec | undefined;
  /** full-factory quantity = simulated quantity × scale (one scale for all the tiers of a shared pool) */
  scale: number;
  /** the tier's scenario entry; a tier sharing another's racks has that tier's hardware in it */
  scenario: TierScenario;
}

/**
 * The racks one serving deployment runs on, and the tiers it serves: one tier's own racks, or the
 * racks several tiers share (`hardware.shareWith`), bought with all their power.
 */
export interface PoolPlan {
  /** the tier's id, or the sharing tiers' ids joined by '+', dearest first: its name in utilization.csv */
  label: string;
  /** the tiers served, dearest first (the lower index among equal prices): a tier's position is its priority class */
  tierIndices: number[];
  /** the tier whose hardware the pool is (batch cap, KV sizes) */
  host: number;
  /** the racks of all its tiers together */
  decode: DecodeGroupPlan;
  prefill?: RackGroupPlan & { kvTransfer: KvTransferConfig };
  /** full-factory quantity = simulated quantity × scale */
  scale: number;
}

export interface FactoryPlan {
  scenario: FactoryScenario;
  catalog: Catalog;
  tiers: TierPlan[];
  /** the serving deployments: one per tier, except that tiers sharing racks share one */
  pools: PoolPlan[];
  /**
   * with allocation 'periodic': sets of pools (indices into `pools`, two or more) whose instances are
   * interchangeable, so that instances can move between them during the run; they share one scale
   */
  reallocationGroups: number[][];
  /** Σ racks × peak IT power × PUE over all tiers (≤ cap × oversubscription ratio) */
  peakFacilityMw: number;
}

/** Turns a validated scenario into the sized factory every replication runs. Pure: no I/O. */
export function planFactory(scenario: FactoryScenario, baseCatalog: Catalog): FactoryPlan {
  const catalog = extendCatalog(baseCatalog, scenario.catalog);
  const capMw = scenario.factory.powerCapMw;
  const oversubscription = scenario.factory.power.mode === 'oversubscribe' ? scenario.factory.power.oversubscriptionRatio : 1;
  const hostOf = sharingHosts(scenario);
  const drafts = draftTiers(scenario, catalog, hostOf);
  const allocationInputs: TierAllocationInput[] = drafts.map((d) => ({ ...d.allocationInput, minimumMw: minimumInstallMw(d) / oversubscription }));
  const allocatedMw = createAllocation(scenario.policies.allocation).allocate(allocationInputs, capMw);
  const totalMw = allocatedMw.reduce((a, b) => a + b, 0);
  if (totalMw > capMw * (1 + 1e-9)) {
    throw new ServingConfigError(`tiers: power shares add up to ${(totalMw / capMw).toFixed(3)} of the cap; they must sum to ≤ 1`);
  }
  const tiers = drafts.map((d, i) => sizeTier(scenario, d, allocatedMw[i], oversubscription));
  const pools = formPools(tiers, hostOf);
  const reallocationGroups = scenario.policies.allocation === 'periodic' ? formReallocationGroups(tiers, pools) : [];
  const peakFacilityMw = tiers.reduce((s, t) => s + t.peakFacilityMw, 0);
  return { scenario, catalog, tiers, pools, reallocationGroups, peakFacilityMw };
}

/**
 * The pools whose instances could serve one another's tier as they are: one tier each, no prefill
 * pool, and the same rack, model, layout, attention racks and performance model (so the same KV cache
 * and step times; only the batch cap and timeouts differ, and those follow an instance that moves).
 * Each group with two pools or more takes one scale, so that an instance means as many racks in every
 * tier of it.
 */
function formReallocationGroups(tiers: TierPlan[], pools: PoolPlan[]): number[][] {
  const byKey = new Map<string, number[]>();
  for (const [p, pool] of pools.entries()) {
    if (pool.tierIndices.length !== 1 || pool.prefill !== undefined) continue;
    const t = tiers[pool.host];
    const key = JSON.stringify([t.decode.rack.id, t.llm.id, t.decode.layout, t.scenario.hardware.attention ?? null, t.scenario.hardware.performance]);
    const group = byKey.get(key);
    if (group) group.push(p);
    else byKey.set(key, [p]);
  }
  const groups = [...byKey.values()].filter((g) => g.length > 1);
  for (const group of groups) {
    const full = group.reduce((s, p) => s + pools[p].decode.instancesFull, 0);
    const simulated = group.reduce((s, p) => s + pools[p].decode.instancesSimulated, 0);
    const scale = full / simulated;
    for (const p of group) {
      pools[p] = { ...pools[p], scale };
      tiers[pools[p].host] = withScale(tiers[pools[p].host], scale);
    }
  }
  return groups;
}

/**
 * For each tier, the index of the tier whose racks it runs on: its own, or the one `hardware.shareWith`
 * names. Checks what the schema cannot: the named tier exists once, is another tier, and owns its racks.
 */
function sharingHosts(scenario: FactoryScenario): number[] {
  const ids = scenario.tiers.map((t) => t.tier);
  return scenario.tiers.map((t, i) => {
    const name = t.hardware.shareWith;
    if (name === undefined) return i;
    const where = `tiers[${i}].hardware.shareWith`;
    const host = ids.indexOf(name);
    if (host < 0) throw new ServingConfigError(`${where}: no tier "${name}" in this scenario (tiers: ${ids.join(', ')})`);
    if (ids.lastIndexOf(name) !== host) throw new ServingConfigError(`${where}: tier "${name}" appears more than once in this scenario`);
    if (host === i) throw new ServingConfigError(`${where}: a tier cannot share racks with itself`);
    if (scenario.tiers[host].hardware.shareWith !== undefined) {
      throw new ServingConfigError(`${where}: tier "${name}" itself shares tier "${scenario.tiers[host].hardware.shareWith}"'s racks; name that tier`);
    }
    return host;
  });
}

/**
 * Drafts every tier. A tier sharing another's racks is drafted on the host's hardware (its layouts as
 * the host resolved them), and every tier of a shared pool at one batch cap: the host's `batchCap` if
 * given, else the smallest of the tiers' own, so that every tier's interactivity target holds when
 * their requests share a batch.
 */
function draftTiers(scenario: FactoryScenario, catalog: Catalog, hostOf: number[]): TierDraft[] {
  const drafts: (TierDraft | undefined)[] = scenario.tiers.map((t, i) => (hostOf[i] === i ? draftTierAt(scenario, catalog, t, i) : undefined));
  for (const [host, hostDraft] of drafts.entries()) {
    if (hostDraft === undefined) continue;
    const members = hostOf.flatMap((h, i) => (h === host ? [i] : []));
    if (members.length === 1) continue;
    const hostHardware = scenario.tiers[host].hardware;
    const shared: HardwareSpec = {
      ...hostHardware,
      layout: hostDraft.decode.layout,
      prefill: hostHardware.prefill && hostDraft.prefill && { ...hostHardware.prefill, layout: hostDraft.prefill.layout },
    };
    const onShared = (i: number, batchCap?: number): TierDraft => {
      const t = scenario.tiers[i];
      if (i !== host) checkSharer(catalog, t, i, scenario.tiers[host], hostDraft);
      const hardware: HardwareSpec = { ...shared, shareWith: t.hardware.shareWith, batchCap: batchCap ?? shared.batchCap };
      if (hardware.shareWith === undefined) delete hardware.shareWith;
      if (hardware.batchCap === undefined) delete hardware.batchCap;
      return draftTierAt(scenario, catalog, { ...t, hardware }, i);
    };
    const first = members.map((i) => (i === host ? hostDraft : onShared(i)));
    const batchCap = hostHardware.batchCap ?? Math.min(...first.map((d) => d.batchCap));
    members.forEach((i, k) => {
      drafts[i] = first[k].batchCap === batchCap ? first[k] : onShared(i, batchCap);
    });
  }
  return drafts as TierDraft[];
}

/** A tier sharing `host`'s racks names the same rack and model and leaves the rest of the hardware to the host. */
function checkSharer(catalog: Catalog, t: TierScenario, i: number, host: TierScenario, hostDraft: TierDraft): void {
  const where = `tiers[${i}]`;
  if (t.hardware.rack !== host.hardware.rack) {
    throw new ServingConfigError(`${where}.hardware.rack: must be the rack of tier "${host.tier}" it shares (${host.hardware.rack}), got ${t.hardware.rack}`);
  }
  const modelId = resolvedTier(catalog, t).modelId;
  if (modelId !== hostDraft.llm.id) {
    throw new ServingConfigError(`${where}.modelId: tiers sharing racks serve one model: ${modelId} here, ${hostDraft.llm.id} on tier "${host.tier}"`);
  }
  for (const field of ['layout', 'attention', 'prefill', 'batchCap'] as const) {
    if (t.hardware[field] !== undefined) {
      throw new ServingConfigError(`${where}.hardware.${field}: comes from tier "${host.tier}", whose racks this tier shares; give it there`);
    }
  }
  if (JSON.stringify(t.hardware.performance) !== JSON.stringify(host.hardware.performance)) {
    throw new ServingConfigError(`${where}.hardware.performance: must be the same as tier "${host.tier}"'s, whose racks this tier shares`);
  }
}

/**
 * One pool per tier that owns racks. A shared pool holds all its tiers' racks, simulated as the sum of
 * their simulated instances, and every tier in it takes the pool's scale (full ÷ simulated instances),
 * so that the slice's demand and the slice's racks stay in the factory's proportion.
 */
function formPools(tiers: TierPlan[], hostOf: number[]): PoolPlan[] {
  const pools: PoolPlan[] = [];
  for (const [host, h] of hostOf.entries()) {
    if (h !== host) continue;
    const hostPlan = tiers[host];
    const members = hostOf.flatMap((x, i) => (x === host ? [i] : []));
    members.sort((a, b) => tiers[b].tier.priceUsdPerMTokOut - tiers[a].tier.priceUsdPerMTokOut || a - b);
    const label = members.map((i) => tiers[i].tier.id).join('+');
    if (members.length === 1) {
      pools.push({ label, tierIndices: members, host, decode: hostPlan.decode, prefill: hostPlan.prefill, scale: hostPlan.scale });
      continue;
    }
    const sum = (f: (t: TierPlan) => number): number => members.reduce((s, i) => s + f(tiers[i]), 0);
    const decode: DecodeGroupPlan = {
      ...hostPlan.decode,
      racks: sum((t) => t.decode.racks),
      ...(hostPlan.decode.attention ? { attention: { ...hostPlan.decode.attention, racks: sum((t) => t.decode.attention!.racks) } } : {}),
      instancesFull: sum((t) => t.decode.instancesFull),
      instancesSimulated: sum((t) => t.decode.instancesSimulated),
    };
    const scale = decode.instancesFull / decode.instancesSimulated;
    let prefill: PoolPlan['prefill'];
    if (hostPlan.prefill) {
      const instancesFull = sum((t) => t.prefill!.instancesFull);
      prefill = {
        ...hostPlan.prefill,
        racks: sum((t) => t.prefill!.racks),
        instancesFull,
        instancesSimulated: Math.max(1, Math.round(instancesFull / scale)),
      };
    }
    for (const i of members) tiers[i] = withScale(tiers[i], scale);
    pools.push({ label, tierIndices: members, host, decode, prefill, scale });
  }
  return pools;
}

/** The tier with another slice scale: its simulated demand follows (the factory's demand is unchanged). */
function withScale(t: TierPlan, scale: number): TierPlan {
  const demandSimulated = t.demandRequestsPerSFull / scale;
  return {
    ...t,
    scale,
    arrivalsSimulated: demandSimulated > 0 ? specWithMeanRate(t.scenario.demand.arrivals, demandSimulated) : undefined,
  };
}

/** A rack group before it is sized: everything but the counts. */
type GroupDraft<G extends RackGroupPlan> = Omit<G, 'racks' | 'instancesFull' | 'instancesSimulated' | 'attention'> & {
  /** racks of `rack` per instance */
  racksPerInstance: number;
  attention?: Omit<AttentionRacksPlan, 'racks'>;
};

interface TierDraft {
  index: number;
  scenario: TierScenario;
  tier: TierSpec;
  llm: LlmSpec;
  decode: GroupDraft<DecodeGroupPlan>;
  prefill?: GroupDraft<RackGroupPlan> & { prefillTimeS: number; kvTransfer: KvTransferConfig };
  kvCapacityBytes: number;
  kvBytesPerToken: number;
  kvFixedBytesPerSequence: number;
  batchCap: number;
  operatingPoint: FluidOperatingPoint;
  deliveredInteractivityTokPerS: number;
  meanSize: RequestSize;
  /** facility MW per decode instance and per prefill instance */
  decodeInstanceMw: number;
  prefillInstanceMw: number;
  /** requests/s per facility MW of the whole tier (decode and prefill racks together) */
  requestsPerSPerMw: number;
  /** what the allocation policy sees, but the minimum power (which depends on oversubscription) */
  allocationInput: Omit<TierAllocationInput, 'minimumMw'>;
}

function resolvedTier(catalog: Catalog, t: TierScenario): TierSpec {
  const base = getTier(catalog, t.tier);
  const tier: TierSpec = {
    ...base,
    modelId: t.modelId ?? base.modelId,
    priceUsdPerMTokOut: t.priceUsdPerMTokOut ?? base.priceUsdPerMTokOut,
    priceUsdPerMTokIn: t.priceUsdPerMTokIn ?? base.priceUsdPerMTokIn,
    interactivityTokPerS: t.interactivityTokPerS ?? base.interactivityTokPerS,
    ttftTargetS: t.ttftTargetS ?? base.ttftTargetS,
    maxContextTokens: t.maxContextTokens ?? base.maxContextTokens,
  };
  return tier;
}

type PueByCooling = { air: number; liquid: number };

/** A prefill pool's racks: the given layout, else the smallest that holds the model. */
/**
 * The prefill racks of a disaggregated tier. Without a layout, the smallest instance that prefills the
 * 99th-percentile prompt within half the tier's TTFT target (prefill throughput per chip hardly
 * depends on the instance size, but a long prompt's latency does), else the largest candidate.
 */
function prefillGroup(
  catalog: Catalog,
  hardware: Pick<HardwareSpec, 'rack' | 'layout' | 'performance'>,
  llm: LlmSpec,
  pue: PueByCooling,
  p99UncachedPromptTokens: number,
  ttftTargetS: number,
): GroupDraft<RackGroupPlan> {
  const rack = getRack(catalog, hardware.rack);
  let layout = hardware.layout;
  let performance = layout && createPerformanceModel(hardware.performance, rack, llm, layout);
  if (!layout) {
    for (const candidate of candidateLayouts(rack, llm)) {
      layout = candidate;
      performance = createPerformanceModel(hardware.performance, rack, llm, candidate);
      if (performance.prefillTimeS(p99UncachedPromptTokens) <= ttftTargetS / 2) break;
    }
  }
  const instance = resolveInstance(rack, layout!);
  return {
    rack,
    layout: layout!,
    racksPerInstance: instance.racks,
    performance: performance!,
    pue: pue[rack.cooling],
    chipsPerInstance: instance.chips,
    instanceIdleKw: instance.idlePowerKw,
    instancePeakKw: instance.peakPowerKw,
  };
}

/**
 * The decode racks of a tier: an attention–FFN instance when `hardware.attention` is given, else one
 * rack type with the given layout or, without one, the layout with the most output tokens/s per MW at
 * the tier's interactivity target (bestLayoutAt; defaultLayout when no layout reaches it, which
 * operatingBatch then reports as out of reach). `workload` is what the decode instances see.
 */
function decodeGroup(
  catalog: Catalog,
  hardware: HardwareSpec,
  llm: LlmSpec,
  pue: PueByCooling,
  workload: WorkloadShape,
  targetTokPerS: number,
  where: string,
): GroupDraft<DecodeGroupPlan> {
  const rack = getRack(catalog, hardware.rack);
  if (hardware.attention) return attentionFfnGroup(catalog, hardware, hardware.attention, rack, llm, pue, where);
  const layout =
    hardware.layout ??
    bestLayoutAt(rack, llm, workload, targetTokPerS, { pue: pue[rack.cooling], performance: hardware.performance })?.layout ??
    defaultLayout(rack, llm);
  const profile = rackInstanceProfile(rack, llm, layout, { performance: hardware.performance, pue: pue[rack.cooling] });
  return {
    rack,
    layout,
    racksPerInstance: profile.racks,
    profile,
    performance: profile.performance,
    pue: profile.pue,
    chipsPerInstance: profile.chips,
    instanceIdleKw: profile.idlePowerKw,
    instancePeakKw: profile.peakPowerKw,
  };
}

function attentionFfnGroup(
  catalog: Catalog,
  hardware: HardwareSpec,
  attention: NonNullable<HardwareSpec['attention']>,
  ffnRack: RackSpec,
  llm: LlmSpec,
  pueByCooling: PueByCooling,
  where: string,
): GroupDraft<DecodeGroupPlan> {
  const attentionRack = getRack(catalog, attention.rack);
  const ffnLayout = hardware.layout ?? defaultFfnLayout(ffnRack, llm);
  const config = { ffnRack, ffnLayout, attentionRack, attentionRacksPerInstance: attention.racksPerInstance };
  const spec = hardware.performance;
  const hop = attention.activationHopS !== undefined ? { activationHopS: attention.activationHopS } : {};
  let options: AttentionFfnOptions & { performance?: PerformanceModel };
  if (spec.kind === 'roofline') {
    // A roofline spec's calibration overrides are the FFN rack's, as `rack` names it.
    const { kind: _kind, calibration, ...rest } = spec;
    options = { ...hop, ...rest, ...(calibration ? { ffnCalibration: calibration } : {}) };
  } else if (spec.kind === 'linear') {
    options = { ...hop, performance: createPerformanceModel(spec, ffnRack, llm, ffnLayout) };
  } else {
    throw new ServingConfigError(`${where}.performance.kind: '${spec.kind}' has no attention–FFN form; use 'roofline' or 'linear'`);
  }
  const profile = attentionFfnProfile(llm, config, { ...options, pueByCooling });
  return {
    rack: ffnRack,
    layout: ffnLayout,
    racksPerInstance: profile.afd.ffn.racks,
    attention: { rack: attentionRack, racksPerInstance: attention.racksPerInstance },
    profile,
    performance: profile.performance,
    pue: profile.pue,
    chipsPerInstance: profile.chips,
    instanceIdleKw: profile.idlePowerKw,
    instancePeakKw: profile.peakPowerKw,
  };
}

/**
 * draftTier, with the tier's JSON path on serving-configuration errors raised deep in the performance
 * and memory models (`layout.chipsPerInstance: …`, `model … does not fit on rack …`), which do not know
 * which tier they are sizing.
 */
function draftTierAt(scenario: FactoryScenario, catalog: Catalog, t: TierScenario, index: number): TierDraft {
  try {
    return draftTier(scenario, catalog, t, index);
  } catch (error) {
    if (!(error instanceof ServingConfigError) || error.message.startsWith('tiers[')) throw error;
    const where = `tiers[${index}].hardware`;
    const message = /^(layout|performance|attention|prefill)[\w.[\]]*: /.test(error.message) ? `${where}.${error.message}` : `${where}: ${error.message}`;
    throw new ServingConfigError(message);
  }
}

function draftTier(scenario: FactoryScenario, catalog: Catalog, t: TierScenario, index: number): TierDraft {
  const tier = resolvedTier(catalog, t);
  const llm = getLlm(catalog, tier.modelId);
  const sizes = { ...t.demand.sizes, maxContextTokens: Math.min(t.demand.sizes.maxContextTokens, tier.maxContextTokens) };
  const meanSize = meanRequestSize(sizes);
  const moments = workloadMoments(sizes);
  const headroom = t.interactivityHeadroom;
  const prefillSpec = t.hardware.prefill;
  const shape: WorkloadShape = {
    meanPromptTokens: moments.meanPromptTokens,
    meanOutputTokens: moments.meanOutputTokens,
    prefixCacheHitFraction: moments.meanPromptTokens > 0 ? moments.meanCachedPromptTokens / moments.meanPromptTokens : 0,
    meanDecodeContextTokens: moments.decodeContextTokens,
    meanKvReservedTokens: moments.kvReservedTokens,
  };
  // Decode instances behind a prefill pool never prefill: they see no prompt to prefill, only its context.
  const decodeShape: WorkloadShape = prefillSpec ? { ...shape, meanPromptTokens: 0, prefixCacheHitFraction: 0 } : shape;
  const pue = scenario.factory.pueByCooling;
  const decode = decodeGroup(catalog, t.hardware, llm, pue, decodeShape, tier.interactivityTokPerS * headroom, `tiers[${index}].hardware`);
  const budget = decode.profile.memory;
  let prefill: TierDraft['prefill'];
  // A decode-only pool never prefills: its fluid model must not charge prefill time.
  let decodeModel = decode.performance;
  let workload: WorkloadShape = { ...shape, meanPrefillTimeS: meanPrefillTimeS(moments, decode.performance) };
  if (prefillSpec) {
    const p = prefillGroup(catalog, prefillSpec, llm, pue, quantileOf(moments.uncachedPrompts, 0.99), tier.ttftTargetS);
    prefill = { ...p, prefillTimeS: meanPrefillTimeS(moments, p.performance), kvTransfer: prefillSpec.kvTransfer };
    const inner = decode.performance;
    decodeModel = { kind: inner.kind, decodeStepTimeS: (b, c) => inner.decodeStepTimeS(b, c), prefillTimeS: () => 0 };
    workload = { ...decodeShape, meanPrefillTimeS: 0 };
  }
  const fluid = FluidModel.fromProfile(decode.profile, llm, workload, { pue: decode.pue, performance: decodeModel });
  if (fluid.maxBatch < 1) {
    throw new ServingConfigError(`tiers[${index}]: not one mean-size request of model ${llm.id} fits the KV cache of ${decode.profile.label}`);
  }
  const batchCap = t.hardware.batchCap ?? operatingBatch(fluid, tier.interactivityTokPerS * headroom, tier, index);
  const operatingPoint = fluid.atBatch(Math.max(1, Math.min(batchCap, fluid.maxBatch)));
  const deliveredInteractivityTokPerS = operatingPoint.interactivityTokPerS * operatingPoint.decodeTimeFraction;
  const decodeInstanceMw = (decode.instancePeakKw * decode.pue) / 1000;
  const prefillInstanceMw = prefill ? (prefill.instancePeakKw * prefill.pue) / 1000 : 0;
  // Per MW of the tier: decode instances at the operating point, plus the prefill racks they need.
  const decodeRequestsPerSPerMw = operatingPoint.requestsPerSPerInstance / decodeInstanceMw;
  const prefillRequestsPerSPerMw = prefill ? 1 / prefill.prefillTimeS / prefillInstanceMw : Infinity;
  const fraction = prefillSpec?.powerFraction ?? 0;
  const requestsPerSPerMw = Math.min((1 - fraction) * decodeRequestsPerSPerMw, fraction > 0 ? fraction * prefillRequestsPerSPerMw : Infinity);
  const revenuePerRequest = (meanSize.outputTokens * tier.priceUsdPerMTokOut + meanSize.promptTokens * tier.priceUsdPerMTokIn) / 1e6;
  const demandFull = t.demand.loadFraction === undefined ? meanRatePerS(t.demand.arrivals) : undefined;
  return {
    index,
    scenario: t,
    tier,
    llm,
    decode,
    prefill,
    kvCapacityBytes: budget.kvCapacityBytes,
    kvBytesPerToken: budget.kvBytesPerToken,
    kvFixedBytesPerSequence: budget.kvFixedBytesPerSequence,
    batchCap,
    operatingPoint,
    deliveredInteractivityTokPerS,
    meanSize,
    decodeInstanceMw,
    prefillInstanceMw,
    requestsPerSPerMw,
    allocationInput: {
      tierId: tier.id,
      powerShare: t.powerShare,
      requestsPerSPerMw,
      revenueUsdPerSPerMw: requestsPerSPerMw * revenuePerRequest,
      demandRequestsPerS: demandFull,
    },
  };
}

/**
 * The operating point on the token-factory chart: the largest batch whose delivered per-user speed
 * (decode speed × the share of time not spent prefilling) meets the tier's interactivity target times
 * the headroom. The fluid speed is an average: individual requests see more or fewer prefill pauses
 * and batch sizes, so operating exactly at the target would leave about half of them short of it.
 */
function operatingBatch(fluid: FluidModel, targetTokPerS: number, tier: TierSpec, index: number): number {
  const delivered = (b: number): number => {
    const p = fluid.atBatch(b);
    return p.interactivityTokPerS * p.decodeTimeFraction;
  };
  if (delivered(1) < tier.interactivityTokPerS) {
    const best = delivered(1).toFixed(1);
    throw new ServingConfigError(
      `tiers[${index}].interactivityTokPerS: ${tier.interactivityTokPerS} tok/s per user is out of reach of ${fluid.profile.label} with model ${fluid.llm.id} (at most ${best})`,
    );
  }
  // Reachable, but not with the headroom: serve one sequence at a time, as fast as it goes.
  if (delivered(1) < targetTokPerS) return 1;
  let lo = 1;
  let hi = fluid.maxBatch;
  if (delivered(hi) >= targetTokPerS) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (delivered(mid) >= targetTokPerS) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The installed power that buys a tier one decode instance (and one prefill instance, if it has them). */
function minimumInstallMw(d: TierDraft): number {
  const fraction = d.scenario.hardware.prefill?.powerFraction ?? 0;
  const forDecode = d.decodeInstanceMw / (1 - fraction);
  return d.prefill && fraction > 0 ? Math.max(forDecode, d.prefillInstanceMw / fraction) : forDecode;
}

function sizeTier(scenario: FactoryScenario, d: TierDraft, allocatedMw: number, oversubscription: number): TierPlan {
  const sim = scenario.simulation;
  const fraction = d.scenario.hardware.prefill?.powerFraction ?? 0;
  const installMw = allocatedMw * oversubscription;
  const decodeInstancesFull = Math.floor(((1 - fraction) * installMw) / d.decodeInstanceMw);
  if (decodeInstancesFull < 1) {
    throw new ServingConfigError(
      `tiers[${d.index}]${scenario.policies.allocation === 'static-split' || scenario.policies.allocation === 'periodic' ? '.powerShare' : ''}: ${allocatedMw.toFixed(3)} MW buys no instance of ${d.decode.profile.label} (one needs ${(d.decodeInstanceMw / (1 - fraction)).toFixed(3)} MW)`,
    );
  }
  const decodeInstancesSimulated = Math.max(1, Math.round(decodeInstancesFull * sim.sampleFraction));
  const scale = decodeInstancesFull / decodeInstancesSimulated;
  const { racksPerInstance, attention, ...decodeRest } = d.decode;
  const decode: DecodeGroupPlan = {
    ...decodeRest,
    racks: decodeInstancesFull * racksPerInstance,
    ...(attention ? { attention: { ...attention, racks: decodeInstancesFull * attention.racksPerInstance } } : {}),
    instancesFull: decodeInstancesFull,
    instancesSimulated: decodeInstancesSimulated,
  };
  let prefill: TierPlan['prefill'];
  let capacityFull = decodeInstancesFull * d.operatingPoint.requestsPerSPerInstance;
  if (d.prefill) {
    const prefillInstancesFull = Math.floor((fraction * installMw) / d.prefillInstanceMw);
    if (prefillInstancesFull < 1) {
      throw new ServingConfigError(`tiers[${d.index}].hardware.prefill.powerFraction: buys no instance of ${d.prefill.rack.id}`);
    }
    // Same proportion of prefill to decode instances in the slice as in the factory.
    const prefillSimulated = Math.max(1, Math.round(prefillInstancesFull / scale));
    const { prefillTimeS, racksPerInstance: prefillRacksPerInstance, attention: _attention, ...rest } = d.prefill;
    prefill = {
      ...rest,
      racks: prefillInstancesFull * prefillRacksPerInstance,
      instancesFull: prefillInstancesFull,
      instancesSimulated: prefillSimulated,
    };
    capacityFull = Math.min(capacityFull, prefillInstancesFull / prefillTimeS);
  }
  const peakFacilityMw = decodeInstancesFull * d.decodeInstanceMw + (prefill ? prefill.instancesFull * d.prefillInstanceMw : 0);
  const demand = d.scenario.demand;
  const demandFull = demand.loadFraction !== undefined ? demand.loadFraction * capacityFull : meanRatePerS(demand.arrivals);
  const demandSimulated = demandFull / scale;
  return {
    index: d.index,
    tier: d.tier,
    llm: d.llm,
    decode,
    prefill,
    kvCapacityBytes: d.kvCapacityBytes,
    kvBytesPerToken: d.kvBytesPerToken,
    kvFixedBytesPerSequence: d.kvFixedBytesPerSequence,
    batchCap: d.batchCap,
    operatingPoint: d.operatingPoint,
    deliveredInteractivityTokPerS: d.deliveredInteractivityTokPerS,
    capacityRequestsPerSFull: capacityFull,
    meanSize: d.meanSize,
    allocatedMw,
    peakFacilityMw,
    demandRequestsPerSFull: demandFull,
    arrivalsSimulated: demandSimulated > 0 ? specWithMeanRate(demand.arrivals, demandSimulated) : undefined,
    scale,
    scenario: d.scenario,
  };
}
