import type { CatalogAdditions } from '../catalog/catalog.js';
import type { ItCostModel } from '../economics/costs.js';
import type { PerformanceSpec } from '../performance/factory.js';
import type { ServingLayout } from '../performance/serving-layout.js';
import type { PowerEnforcement } from '../power/power-cap-controller.js';
import type { AllocationName } from '../policies/allocation/index.js';
import type { RouterName } from '../policies/routing/index.js';
import type { KvTransferConfig } from '../serving/disaggregated-pool.js';
import type { ArrivalSpec } from '../workload/arrivals.js';
import type { RequestSizeSpec } from '../workload/request-size-sampler.js';

/**
 * A scenario with every default filled in: what a replication runs. The experiments layer parses and
 * validates the JSON file into this shape (see docs/scenarios.md for each field, its unit and default).
 */
export interface FactoryScenario {
  name: string;
  description: string;
  factory: FactorySpec;
  tiers: TierScenario[];
  policies: PolicySpec;
  simulation: SimulationSpec;
  catalog: CatalogAdditions;
}

export interface FactorySpec {
  /** facility-side power budget: racks × IT power × PUE must stay within it */
  powerCapMw: number;
  pueByCooling: { air: number; liquid: number };
  electricityUsdPerMwh: number;
  facilityCapexUsdPerGw: number;
  facilityLifeYears: number;
  itCost: ItCostModel;
  power: PowerPolicySpec;
}

export interface PowerPolicySpec {
  /**
   * provision: size racks at peak power so the cap can never be exceeded;
   * oversubscribe: install `oversubscriptionRatio` × as many racks and enforce the cap during the run
   * (the controller acts once per `simulation.intervalS`; see models/power/power-cap-controller.ts).
   */
  mode: 'provision' | 'oversubscribe';
  oversubscriptionRatio: number;
  /** how an oversubscribed factory keeps to the cap: shed the cheapest tier, throttle every rack, or both */
  enforcement: PowerEnforcement;
  /** throttling: a busy rack's above-idle power ∝ speed^dynamicPowerExponent (models/power/throttle-curve.ts) */
  dynamicPowerExponent: number;
  /** throttling: the lowest speed, as a fraction of full speed, a power limit may impose */
  minSpeedFraction: number;
}

export interface TierScenario {
  /** catalog tier id (price, model, targets) */
  tier: string;
  /** catalog fields overridden for this scenario */
  modelId?: string;
  priceUsdPerMTokOut?: number;
  priceUsdPerMTokIn?: number;
  interactivityTokPerS?: number;
  ttftTargetS?: number;
  maxContextTokens?: number;
  /**
   * the batch is sized so the mean delivered speed is interactivityTokPerS × this (≥ 1), leaving room
   * for the spread of individual requests around the mean
   */
  interactivityHeadroom: number;
  /** share of the power cap for the static-split allocation */
  powerShare: number;
  hardware: HardwareSpec;
  demand: DemandSpec;
  admission: AdmissionSpec;
}

export interface HardwareSpec {
  /** the decode rack; with `attention`, the FFN rack of an attention–FFN instance (e.g. groq3-lpx) */
  rack: string;
  /**
   * instance size and precisions on `rack`. Default: the layout with the most output tokens/s per MW at
   * the tier's interactivity target × interactivityHeadroom (bestLayoutAt), else the smallest that fits (defaultLayout); with
   * `attention`, whole racks, default the fewest that hold the routed experts (defaultFfnLayout)
   */
  layout?: ServingLayout;
  /** roofline (with `attention`: its calibration overrides apply to the FFN rack) or linear; measured has no AFD curves */
  performance: PerformanceSpec;
  /**
   * attention–FFN disaggregation: `rack` runs the routed experts, these racks hold the dense weights and
   * the KV cache and run attention (models/performance/attention-ffn.ts)
   */
  attention?: AttentionHardwareSpec;
  /** sequences per instance; default: the largest batch that keeps the tier's interactivity target */
  batchCap?: number;
  /** disaggregated serving: prompts are prefilled on other racks, then decoded on `rack` */
  prefill?: PrefillHardwareSpec;
  /**
   * the tier (catalog id of another tier of the scenario) whose racks this tier shares: one pool of
   * that tier's hardware, bought with both tiers' power, admitting waiting requests dearest tier first
   */
  shareWith?: string;
}

export interface AttentionHardwareSpec {
  /** the attention rack (e.g. vr-nvl72) */
  rack: string;
  /** attention racks per instance (data-parallel attention; each holds a copy of the dense weights) */
  racksPerInstance: number;
  /** seconds per activation hop between the two sides, two per layer; default DEFAULT_ACTIVATION_HOP_S (2.5 µs, E) */
  activationHopS?: number;
}

export interface PrefillHardwareSpec {
  rack: string;
  layout?: ServingLayout;
  performance: PerformanceSpec;
  /** share of the tier's power given to the prefill racks */
  powerFraction: number;
  kvTransfer: KvTransferConfig;
}

export interface DemandSpec {
  /** the arrival process; its rate is replaced when `loadFraction` is given */
  arrivals: ArrivalSpec;
  /** mean demand as a fraction of the tier's fluid capacity (0.8 = 80% busy); omit to use the arrival spec's rate as the whole factory's */
  loadFraction?: number;
  sizes: RequestSizeSpec;
}

export interface AdmissionSpec {
  /**
   * a request is rejected when the tier's waiting requests (all its queues, prefill included) reach
   * this many per decode instance; 0 rejects everything
   */
  maxQueuePerInstance: number;
  /** a request still waiting for a batch slot after this long abandons */
  queueTimeoutS: number;
}

export interface PolicySpec {
  allocation: AllocationName;
  routing: RouterName;
  /** with allocation 'periodic': how often instances move between interchangeable tiers */
  reallocationIntervalS: number;
}

export interface SimulationSpec {
  durationS: number;
  warmupS: number;
  replications: number;
  seed: string | number;
  /** fraction of the factory simulated (each pool keeps ≥ 1 instance); results are scaled back */
  sampleFraction: number;
  /** length of the intervals of the utilisation and revenue time series */
  intervalS: number;
}
