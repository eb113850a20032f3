import { RandomStreams } from '../../engine/random/random-source.js';
import { Simulation } from '../../engine/simulation.js';
import { PowerCapController, type RackGroupPowerSample } from '../power/power-cap-controller.js';
import { facilityPowerMw, rackItPowerKw } from '../power/rack-power.js';
import { dynamicPowerFraction, type ThrottleCurve } from '../power/throttle-curve.js';
import { createRouter } from '../policies/routing/index.js';
import { DisaggregatedPool } from '../serving/disaggregated-pool.js';
import type { LlmRequest } from '../serving/request.js';
import { RequestPool } from '../serving/request-pool.js';
import type { RequestSink } from '../serving/request-sink.js';
import type { InstanceCounters, ServingInstanceConfig } from '../serving/serving-instance.js';
import { ServingPool } from '../serving/serving-pool.js';
import { createArrivalProcess } from '../workload/arrivals.js';
import { createRequestSizeSampler, newRequestSize } from '../workload/request-size-sampler.js';
import type { FactoryPlan, PoolPlan, TierPlan } from './plan.js';
import { Reallocator, type ReallocationMember } from './reallocation.js';
import { TierMetrics } from './tier-metrics.js';

/** One tier and interval of the utilisation time series, scaled to the whole factory. */
export interface UtilizationRow {
  interval: number;
  startS: number;
  endS: number;
  /** the tier, or the tiers sharing the racks joined by '+' (their pool's label) */
  tier: string;
  rack: string;
  /** which racks: 'decode' (or the whole tier), or 'prefill' of a disaggregated tier */
  role: 'decode' | 'prefill';
  /** instances (whole factory) in the pool during the interval, on average: it changes with periodic re-allocation */
  instances: number;
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
  /** speed every rack ran at during the interval under the power limit (1: unthrottled) */
  stepSpeedFraction: number;
  /** the most the factory could have drawn during the interval: every rack busy at that speed */
  powerLimitMw: number;
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

/** A serving deployment during the run: one tier's racks, or several tiers' shared ones. */
interface PoolRuntime {
  plan: PoolPlan;
  sink: RequestSink;
  /** KV memory of one instance (its host tier's) */
  kvCapacityBytes: number;
  /** the pool, when instances move in and out of it (periodic re-allocation) */
  moving: ServingPool | undefined;
  /** its instance-seconds at the last sample (moving pools) */
  lastInstanceS: number;
  last: InstanceCounters;
  lastPrefillBusyS: number;
  lastSampleS: number;
}

interface TierRuntime {
  plan: TierPlan;
  pool: PoolRuntime;
  metrics: TierMetrics;
  /** the tier's place in its pool's admission order (0: admitted first) */
  priorityClass: number;
  maxQueue: number;
  /** copied from the power controller after each interval: read per arrival */
  shedding: boolean;
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

  const metricsByTier = plan.tiers.map((t) => new TierMetrics(t.tier, spec.intervalS, spec.warmupS));
  // A pool's completions and abandonments go to the metrics of each request's own tier.
  const complete = (request: LlmRequest): void => {
    metricsByTier[request.tierIndex].recordServed(request);
    requests.release(request);
  };
  const abandon = (request: LlmRequest): void => {
    metricsByTier[request.tierIndex].recordAbandoned();
    requests.release(request);
  };
  // A pool of a re-allocation group may come to hold every instance of its group.
  const capacityOfPool = plan.pools.map((p) => p.decode.instancesSimulated);
  for (const group of plan.reallocationGroups) {
    const total = group.reduce((s, p) => s + plan.pools[p].decode.instancesSimulated, 0);
    for (const p of group) capacityOfPool[p] = total;
  }
  const pools = plan.pools.map((poolPlan, p): PoolRuntime => {
    const sink = buildSink(sim, plan, poolPlan, streams, capacityOfPool[p]);
    sink.onComplete = complete;
    sink.onAbandon = abandon;
    const kvCapacityBytes = plan.tiers[poolPlan.host].kvCapacityBytes;
    const moving = plan.reallocationGroups.some((g) => g.includes(p)) ? (sink as ServingPool) : undefined;
    return { plan: poolPlan, sink, kvCapacityBytes, moving, lastInstanceS: 0, last: sink.counters(), lastPrefillBusyS: 0, lastSampleS: 0 };
  });
  const poolOfTier: PoolRuntime[] = [];
  for (const pool of pools) for (const i of pool.plan.tierIndices) poolOfTier[i] = pool;

  const runtimes = plan.tiers.map((tierPlan): TierRuntime => {
    const tierId = tierPlan.tier.id;
    const pool = poolOfTier[tierPlan.index];
    const runtime: TierRuntime = {
      plan: tierPlan,
      pool,
      metrics: metricsByTier[tierPlan.index],
      priorityClass: pool.plan.tierIndices.indexOf(tierPlan.index),
      maxQueue: tierPlan.scenario.admission.maxQueuePerInstance * pool.plan.decode.instancesSimulated,
      shedding: false,
    };
    if (tierPlan.arrivalsSimulated !== undefined) {
      const arrivals = createArrivalProcess(tierPlan.arrivalsSimulated, streams.stream(`tier:${tierId}:arrivals`));
      const sizes = createRequestSizeSampler(tierPlan.scenario.demand.sizes, streams.stream(`tier:${tierId}:sizes`));
      const size = newRequestSize();
      // One timer per tier, re-armed at each arrival: the same event order as scheduling each arrival,
      // without a slot and a handle per arrival.
      const arrive = (): void => {
        sizes.sample(size);
        const request = requests.take(nextRequestId++, tierPlan.index, sim.now, size.promptTokens, size.cachedPromptTokens, size.outputTokens);
        admit(runtime, request);
        const nextS = arrivals.nextArrivalS(sim.now);
        if (nextS <= spec.durationS) sim.setTimerAt(arrival, nextS);
      };
      const arrival = sim.timer(arrive);
      const firstS = arrivals.nextArrivalS(0);
      if (firstS <= spec.durationS) sim.setTimerAt(arrival, firstS);
    }
    return runtime;
  });

  startReallocation(sim, plan, pools, runtimes);

  function admit(runtime: TierRuntime, request: LlmRequest): void {
    const { metrics } = runtime;
    const sink = runtime.pool.sink;
    metrics.recordArrival();
    if (runtime.shedding || sink.queueLengthOf(runtime.priorityClass) >= runtime.maxQueue || !sink.canEverFit(request)) {
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
  const powerSpec = plan.scenario.factory.power;
  const curve: ThrottleCurve = { dynamicPowerExponent: powerSpec.dynamicPowerExponent, minSpeedFraction: powerSpec.minSpeedFraction };
  const controller = powerSpec.mode === 'oversubscribe' ? createController(plan, curve) : undefined;
  const groups: RackGroupPowerSample[] = [];

  /** Closes an interval: utilisation and power per pool, scaled to the full factory; then the power controller acts. */
  const sampleInterval = (): void => {
    const endS = sim.now;
    const startS = endS - spec.intervalS;
    const speed = controller?.speedFraction ?? 1;
    const dynamicFraction = dynamicPowerFraction(curve, speed);
    groups.length = 0;
    let facilityMw = 0;
    for (const pool of pools) facilityMw += samplePool(pool, interval, startS, endS, dynamicFraction, utilization, groups);
    energyMwh += (facilityMw * spec.intervalS) / 3600;
    const powerLimitMw = groups.reduce((sum, g) => sum + g.idleMw + g.dynamicMw * dynamicFraction, 0);
    if (controller) {
      controller.update(facilityMw, groups);
      for (const rt of runtimes) rt.shedding = controller.shedding[rt.plan.index];
      if (controller.speedFraction !== speed) for (const pool of pools) pool.sink.setSpeedFraction(controller.speedFraction);
    }
    power.push({
      interval,
      startS,
      endS,
      facilityPowerMw: facilityMw,
      capMw,
      sheddingTiers: runtimes.filter((r) => r.shedding).map((r) => r.plan.tier.id),
      stepSpeedFraction: speed,
      powerLimitMw,
    });
    interval++;
    if (sim.now + spec.intervalS <= spec.durationS + 1e-9) sim.schedule(spec.intervalS, sampleInterval);
    // The window ends with the last whole interval, so counts and rates cover the same time.
    else for (const rt of runtimes) rt.metrics.stopMeasuring();
  };

  sim.scheduleAt(spec.warmupS, () => {
    for (const rt of runtimes) rt.metrics.startMeasuring();
    for (const pool of pools) {
      pool.last = pool.sink.counters();
      pool.lastPrefillBusyS = prefillBusyS(pool.sink);
      pool.lastSampleS = sim.now;
      if (pool.moving) pool.lastInstanceS = pool.moving.instanceSecondsUntilNow();
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

/** The sink of one pool: its host tier's instances, with one priority class per tier when tiers share it. */
function buildSink(sim: Simulation, plan: FactoryPlan, pool: PoolPlan, streams: RandomStreams, capacity: number): RequestSink {
  const host = plan.tiers[pool.host];
  const router = createRouter(plan.scenario.policies.routing, { random: streams.stream(`tier:${host.tier.id}:routing`) });
  const config: ServingInstanceConfig = {
    performance: pool.decode.performance,
    batchCap: host.batchCap,
    kvCapacityBytes: host.kvCapacityBytes,
    kvBytesPerToken: host.kvBytesPerToken,
    kvFixedBytesPerSequence: host.kvFixedBytesPerSequence,
    queueTimeoutS: host.scenario.admission.queueTimeoutS,
  };
  if (pool.tierIndices.length > 1) {
    const classOfTier = plan.tiers.map(() => 0);
    pool.tierIndices.forEach((tier, priorityClass) => (classOfTier[tier] = priorityClass));
    config.priority = { classOfTier, queueTimeoutS: pool.tierIndices.map((i) => plan.tiers[i].scenario.admission.queueTimeoutS) };
  }
  if (pool.prefill === undefined) return new ServingPool(sim, pool.decode.instancesSimulated, config, router, capacity);
  return new DisaggregatedPool(
    sim,
    pool.prefill.instancesSimulated,
    pool.prefill.performance,
    pool.decode.instancesSimulated,
    config,
    router,
    pool.prefill.kvTransfer,
  );
}

function prefillBusyS(sink: RequestSink): number {
  return sink instanceof DisaggregatedPool ? sink.prefillBusyS() : 0;
}

/** Periodic re-allocation (allocation 'periodic'): one re-allocator per group of interchangeable pools. */
function startReallocation(sim: Simulation, plan: FactoryPlan, pools: PoolRuntime[], runtimes: TierRuntime[]): void {
  for (const group of plan.reallocationGroups) {
    const members = group.map((p): ReallocationMember => {
      const pool = pools[p];
      const tier = runtimes[pool.plan.host];
      const serving = pool.moving!;
      // the queue limit is per instance routed to
      serving.onMembershipChange = () => (tier.maxQueue = tier.plan.scenario.admission.maxQueuePerInstance * serving.instanceCount);
      return { pool: serving, requestsPerSPerInstance: tier.plan.operatingPoint.requestsPerSPerInstance, arrivals: tier.plan.arrivalsSimulated };
    });
    new Reallocator(sim, members, plan.scenario.policies.reallocationIntervalS, plan.scenario.simulation.durationS).start();
  }
}

/**
 * The power controller of an oversubscribed factory: every rack group's idle and above-idle facility
 * power (whole factory), and the tiers' prices for shedding.
 */
function createController(plan: FactoryPlan, curve: ThrottleCurve): PowerCapController {
  let idleMw = 0;
  let dynamicMw = 0;
  for (const t of plan.tiers) {
    for (const g of t.prefill ? [t.decode, t.prefill] : [t.decode]) {
      idleMw += facilityPowerMw(g.instancesFull * g.instanceIdleKw, g.pue);
      dynamicMw += facilityPowerMw(g.instancesFull * (g.instancePeakKw - g.instanceIdleKw), g.pue);
    }
  }
  const { scenario } = plan;
  return new PowerCapController({
    capMw: scenario.factory.powerCapMw,
    intervalS: scenario.simulation.intervalS,
    enforcement: scenario.factory.power.enforcement,
    curve,
    idleMw,
    dynamicMw,
    tierPricesUsdPerMTokOut: plan.tiers.map((t) => t.tier.priceUsdPerMTokOut),
  });
}

/**
 * Adds the pool's utilisation rows for one interval and its rack groups' power samples; returns its
 * facility power (MW, full factory). `dynamicFraction`: what the interval's power limit left of each
 * busy rack's above-idle power.
 */
function samplePool(
  rt: PoolRuntime,
  interval: number,
  startS: number,
  endS: number,
  dynamicFraction: number,
  rows: UtilizationRow[],
  groups: RackGroupPowerSample[],
): number {
  const now = rt.sink.counters();
  const dt = endS - rt.lastSampleS;
  const { plan } = rt;
  const decode = plan.decode;
  // instance-seconds the pool's counters cover, and the whole factory's instances they stand for
  let instanceS = decode.instancesSimulated * dt;
  let instancesFull = decode.instancesFull;
  if (rt.moving) {
    const nowInstanceS = rt.moving.instanceSecondsUntilNow();
    instanceS = nowInstanceS - rt.lastInstanceS;
    instancesFull = (plan.scale * instanceS) / dt;
    rt.lastInstanceS = nowInstanceS;
  }
  const busyFraction = (now.busyS - rt.last.busyS) / instanceS;
  const meanBatch = (now.batchTimeIntegral - rt.last.batchTimeIntegral) / instanceS;
  const kvUsedFraction = (now.kvByteSeconds - rt.last.kvByteSeconds) / (instanceS * rt.kvCapacityBytes);
  const outputTokPerS = ((now.outputTokens - rt.last.outputTokens) / dt) * plan.scale;
  const decodeItKw = instancesFull * rackItPowerKw(decode.instanceIdleKw, decode.instancePeakKw, busyFraction, dynamicFraction);
  const decodeMw = facilityPowerMw(decodeItKw, decode.pue);
  groups.push(groupSample(decode, instancesFull, busyFraction));
  rows.push({
    interval,
    startS,
    endS,
    tier: plan.label,
    rack: decode.rack.id,
    role: 'decode',
    instances: instancesFull,
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
    const itKw = prefill.instancesFull * rackItPowerKw(prefill.instanceIdleKw, prefill.instancePeakKw, prefillBusy, dynamicFraction);
    const mw = facilityPowerMw(itKw, prefill.pue);
    groups.push(groupSample(prefill, prefill.instancesFull, prefillBusy));
    rows.push({
      interval,
      startS,
      endS,
      tier: plan.label,
      rack: prefill.rack.id,
      role: 'prefill',
      instances: prefill.instancesFull,
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

/** A rack group's power sample for the controller (busy clamped as rackItPowerKw clamps it). */
function groupSample(g: TierPlan['decode'] | NonNullable<TierPlan['prefill']>, instancesFull: number, busyFraction: number): RackGroupPowerSample {
  return {
    idleMw: facilityPowerMw(instancesFull * g.instanceIdleKw, g.pue),
    dynamicMw: facilityPowerMw(instancesFull * (g.instancePeakKw - g.instanceIdleKw), g.pue),
    busyFraction: Math.min(1, Math.max(0, busyFraction)),
  };
}
