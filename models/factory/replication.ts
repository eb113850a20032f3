import { RandomStreams } from '../../engine/random/random-source.js';
import { Simulation } from '../../engine/simulation.js';
import { facilityPowerMw, rackItPowerKw } from '../power/rack-power.js';
import { createRouter } from '../policies/routing/index.js';
import { DisaggregatedPool } from '../serving/disaggregated-pool.js';
import type { LlmRequest } from '../serving/request.js';
import { RequestPool } from '../serving/request-pool.js';
import type { RequestSink } from '../serving/request-sink.js';
import type { InstanceCounters } from '../serving/serving-instance.js';
import { ServingPool } from '../serving/serving-pool.js';
import { createArrivalProcess } from '../workload/arrivals.js';
import { createRequestSizeSampler, type RequestSize } from '../workload/request-size-sampler.js';
import type { FactoryPlan, TierPlan } from './plan.js';
import { TierMetrics } from './tier-metrics.js';

/** One tier and interval of the utilisation time series, scaled to the whole factory. */
export interface UtilizationRow {
  interval: number;
  startS: number;
  endS: number;
  tier: string;
  rack: string;
  /** which racks: 'decode' (or the whole tier), or 'prefill' of a disaggregated tier */
  role: 'decode' | 'prefill';
  busyFraction: number;
  meanBatch: number;
  kvUsedFraction: number;
  itPowerKw: number;
  facilityPowerMw: number;
  outputTokPerS: number;
}

/** Facility power of one interval against the cap. */
export interface PowerRow {
  interval: number;
  startS: number;
  endS: number;
  facilityPowerMw: number;
  capMw: number;
  /** tiers whose new requests the power controller was refusing at the end of the interval */
  sheddingTiers: string[];
}

export interface TierReplicationResult {
  tier: string;
  metrics: TierMetrics;
  scale: number;
}

export interface ReplicationResult {
  replication: number;
  tiers: TierReplicationResult[];
  utilization: UtilizationRow[];
  power: PowerRow[];
  /** energy drawn in the measurement window by the whole factory */
  energyMwh: number;
  meanFacilityPowerMw: number;
  measuredS: number;
  eventsProcessed: number;
  simulatedRequests: number;
}

interface TierRuntime {
  plan: TierPlan;
  sink: RequestSink;
  metrics: TierMetrics;
  decodeInstances: number;
  maxQueue: number;
  shedding: boolean;
  last: InstanceCounters;
  lastPrefillBusyS: number;
  lastSampleS: number;
}

/**
 * Runs replication `replication` of a planned factory: a pure function of (plan, replication), so
 * its result is the same whichever thread or machine runs it. Every random purpose draws from its
 * own named stream (arrivals, sizes and routing of each tier), so policies compared on the same
 * replication see the same demand (common random numbers).
 */
export function runReplication(plan: FactoryPlan, replication: number): ReplicationResult {
  const spec = plan.scenario.simulation;
  const sim = new Simulation();
  const streams = new RandomStreams(spec.seed, replication);
  const capMw = plan.scenario.factory.powerCapMw;
  let nextRequestId = 0;
  // Requests are reused once finished, their fields in typed-array slabs (see RequestPool).
  const requests = new RequestPool();

  const runtimes = plan.tiers.map((tierPlan): TierRuntime => {
    const tierId = tierPlan.tier.id;
    const metrics = new TierMetrics(tierPlan.tier, spec.intervalS, spec.warmupS);
    const sink = buildSink(sim, tierPlan, streams, plan.scenario.policies.routing);
    sink.onComplete = (request) => {
      metrics.recordServed(request, sim.now);
      requests.release(request);
    };
    sink.onAbandon = (request) => {
      metrics.recordAbandoned();
      requests.release(request);
    };
    const runtime: TierRuntime = {
      plan: tierPlan,
      sink,
      metrics,
      decodeInstances: tierPlan.decode.instancesSimulated,
      maxQueue: tierPlan.scenario.admission.maxQueuePerInstance * tierPlan.decode.instancesSimulated,
      shedding: false,
      last: sink.counters(),
      lastPrefillBusyS: 0,
      lastSampleS: 0,
    };
    if (tierPlan.arrivalsSimulated !== undefined) {
      const arrivals = createArrivalProcess(tierPlan.arrivalsSimulated, streams.stream(`tier:${tierId}:arrivals`));
      const sizes = createRequestSizeSampler(tierPlan.scenario.demand.sizes, streams.stream(`tier:${tierId}:sizes`));
      const size: RequestSize = { promptTokens: 0, outputTokens: 0, cachedPromptTokens: 0 };
      const arrive = (): void => {
        sizes.sample(size);
        const request = requests.take(nextRequestId++, tierPlan.index, sim.now, size.promptTokens, size.cachedPromptTokens, size.outputTokens);
        admit(runtime, request);
        const nextS = arrivals.nextArrivalS(sim.now);
        if (nextS <= spec.durationS) sim.scheduleAt(nextS, arrive);
      };
      const firstS = arrivals.nextArrivalS(0);
      if (firstS <= spec.durationS) sim.scheduleAt(firstS, arrive);
    }
    return runtime;
  });

  function admit(runtime: TierRuntime, request: LlmRequest): void {
    const { metrics, sink } = runtime;
    metrics.recordArrival();
    if (runtime.shedding || sink.queueLength >= runtime.maxQueue || !sink.canEverFit(request)) {
      metrics.recordRejected(runtime.shedding);
      requests.release(request);
      return;
    }
    metrics.recordAccepted();
    sink.submit(request);
  }

  const utilization: UtilizationRow[] = [];
  const power: PowerRow[] = [];
  let energyMwh = 0;
  let interval = 0;

  /** Closes an interval: utilisation and power per tier, scaled to the full factory. */
  const sampleInterval = (): void => {
    const endS = sim.now;
    const startS = endS - spec.intervalS;
    let facilityMw = 0;
    for (const rt of runtimes) facilityMw += sampleTier(rt, interval, startS, endS, utilization);
    energyMwh += (facilityMw * spec.intervalS) / 3600;
    enforceCap(runtimes, facilityMw, capMw, plan.scenario.factory.power.mode === 'oversubscribe');
    power.push({
      interval,
      startS,
      endS,
      facilityPowerMw: facilityMw,
      capMw,
      sheddingTiers: runtimes.filter((r) => r.shedding).map((r) => r.plan.tier.id),
    });
    interval++;
    if (sim.now + spec.intervalS <= spec.durationS + 1e-9) sim.schedule(spec.intervalS, sampleInterval);
    // The window ends with the last whole interval, so counts and rates cover the same time.
    else for (const rt of runtimes) rt.metrics.stopMeasuring();
  };

  sim.scheduleAt(spec.warmupS, () => {
    for (const rt of runtimes) {
      rt.metrics.startMeasuring();
      rt.last = rt.sink.counters();
      rt.lastPrefillBusyS = prefillBusyS(rt.sink);
      rt.lastSampleS = sim.now;
    }
    if (spec.warmupS + spec.intervalS <= spec.durationS + 1e-9) sim.schedule(spec.intervalS, sampleInterval);
  });
  sim.run(spec.durationS);
  for (const rt of runtimes) rt.metrics.stopMeasuring();

  const measuredS = interval * spec.intervalS;
  return {
    replication,
    tiers: runtimes.map((rt) => ({ tier: rt.plan.tier.id, metrics: rt.metrics, scale: rt.plan.scale })),
    utilization,
    power,
    energyMwh,
    meanFacilityPowerMw: measuredS > 0 ? (energyMwh * 3600) / measuredS : 0,
    measuredS,
    eventsProcessed: sim.eventsProcessed,
    simulatedRequests: nextRequestId,
  };
}

function buildSink(sim: Simulation, tier: TierPlan, streams: RandomStreams, routing: FactoryPlan['scenario']['policies']['routing']): RequestSink {
  const router = createRouter(routing, { random: streams.stream(`tier:${tier.tier.id}:routing`) });
  const config = {
    performance: tier.decode.performance,
    batchCap: tier.batchCap,
    kvCapacityBytes: tier.kvCapacityBytes,
    kvBytesPerToken: tier.kvBytesPerToken,
    kvFixedBytesPerSequence: tier.kvFixedBytesPerSequence,
    queueTimeoutS: tier.scenario.admission.queueTimeoutS,
  };
  if (tier.prefill === undefined) return new ServingPool(sim, tier.decode.instancesSimulated, config, router);
  return new DisaggregatedPool(
    sim,
    tier.prefill.instancesSimulated,
    tier.prefill.performance,
    tier.decode.instancesSimulated,
    config,
    router,
    tier.prefill.kvTransfer,
  );
}

function prefillBusyS(sink: RequestSink): number {
  return sink instanceof DisaggregatedPool ? sink.prefillBusyS() : 0;
}

/** Adds the tier's utilisation rows for one interval; returns its facility power (MW, full factory). */
function sampleTier(rt: TierRuntime, interval: number, startS: number, endS: number, rows: UtilizationRow[]): number {
  const now = rt.sink.counters();
  const dt = endS - rt.lastSampleS;
  const { plan } = rt;
  const instances = plan.decode.instancesSimulated;
  const busyFraction = (now.busyS - rt.last.busyS) / (instances * dt);
  const meanBatch = (now.batchTimeIntegral - rt.last.batchTimeIntegral) / (instances * dt);
  const kvUsedFraction = (now.kvByteSeconds - rt.last.kvByteSeconds) / (instances * dt * plan.kvCapacityBytes);
  const outputTokPerS = ((now.outputTokens - rt.last.outputTokens) / dt) * plan.scale;
  const decode = plan.decode;
  const decodeItKw = decode.instancesFull * rackItPowerKw(decode.instanceIdleKw, decode.instancePeakKw, busyFraction);
  const decodeMw = facilityPowerMw(decodeItKw, decode.pue);
  rows.push({
    interval,
    startS,
    endS,
    tier: plan.tier.id,
    rack: decode.rack.id,
    role: 'decode',
    busyFraction,
    meanBatch,
    kvUsedFraction,
    itPowerKw: decodeItKw,
    facilityPowerMw: decodeMw,
    outputTokPerS,
  });
  let totalMw = decodeMw;
  if (plan.prefill !== undefined) {
    const prefill = plan.prefill;
    const busyNow = prefillBusyS(rt.sink);
    const prefillBusy = (busyNow - rt.lastPrefillBusyS) / (prefill.instancesSimulated * dt);
    const itKw = prefill.instancesFull * rackItPowerKw(prefill.instanceIdleKw, prefill.instancePeakKw, prefillBusy);
    const mw = facilityPowerMw(itKw, prefill.pue);
    rows.push({
      interval,
      startS,
      endS,
      tier: plan.tier.id,
      rack: prefill.rack.id,
      role: 'prefill',
      busyFraction: prefillBusy,
      meanBatch: 0,
      kvUsedFraction: 0,
      itPowerKw: itKw,
      facilityPowerMw: mw,
      outputTokPerS: 0,
    });
    rt.lastPrefillBusyS = busyNow;
    totalMw += mw;
  }
  rt.last = now;
  rt.lastSampleS = endS;
  return totalMw;
}

/**
 * The power controller of an oversubscribed factory: above the cap, refuse new requests of the
 * cheapest tier not yet refused; below 95% of it, readmit the most expensive refused tier. Acting
 * once per interval keeps it simple and stable (one step at a time, with hysteresis).
 */
function enforceCap(runtimes: TierRuntime[], facilityMw: number, capMw: number, enabled: boolean): void {
  if (!enabled) return;
  const byPrice = [...runtimes].sort((a, b) => a.plan.tier.priceUsdPerMTokOut - b.plan.tier.priceUsdPerMTokOut || a.plan.index - b.plan.index);
  if (facilityMw > capMw) {
    const victim = byPrice.find((r) => !r.shedding);
    if (victim) victim.shedding = true;
  } else if (facilityMw < 0.95 * capMw) {
    const restored = [...byPrice].reverse().find((r) => r.shedding);
    if (restored) restored.shedding = false;
  }
}
