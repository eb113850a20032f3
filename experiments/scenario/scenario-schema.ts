import { z } from 'zod';
import { catalogAdditionsSchema, idSchema } from '../../models/catalog/schema.js';
import { ALLOCATION_NAMES } from '../../models/policies/allocation/index.js';
import { POWER_ENFORCEMENTS, type PowerEnforcement } from '../../models/power/power-cap-controller.js';
import { ROUTER_NAMES } from '../../models/policies/routing/index.js';
import { arrivalSpecSchema, requestSizeSpecSchema } from './workload-schema.js';

/**
 * The scenario file format. Every field has a unit in its name and a default where one makes sense;
 * docs/scenarios.md documents each one, and `tokenfactory schema` prints this as JSON Schema for
 * editors. Objects are strict: a misspelt key is an error with a "did you mean".
 */
const positive = z.number().positive();
const nonNegative = z.number().min(0);
/**
 * Money and time spans within bounds no real factory comes near, so that revenue and cost per year
 * (and their variances) stay finite: USD per 10⁶ tokens or per MWh, and years.
 */
const usdPerUnit = nonNegative.max(1e6);
const years = z.number().min(0.1);
const precision = z.enum(['fp4', 'fp8', 'bf16']);

const layoutSchema = z
  .strictObject({
    chipsPerInstance: z.number().int().positive().optional(),
    racksPerInstance: z.number().int().positive().optional(),
    weightPrecision: precision,
    kvPrecision: precision,
    usableMemoryFraction: z.number().positive().max(1).optional(),
    interRackHopS: nonNegative.optional(),
  })
  .refine((l) => (l.chipsPerInstance === undefined) !== (l.racksPerInstance === undefined), {
    message: 'give exactly one of chipsPerInstance and racksPerInstance',
  });

const rooflineCalibrationOverride = z.strictObject({
  stepOverheadS: nonNegative.optional(),
  bandwidthEfficiency: z.number().positive().max(1).optional(),
  decodeComputeEfficiency: z.number().positive().max(1).optional(),
  prefillComputeEfficiency: z.number().positive().max(1).optional(),
});

const performanceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('roofline'),
    calibration: rooflineCalibrationOverride.optional(),
    attentionFlopsPerContextToken: nonNegative.optional(),
    prefillPassTokensPerChip: positive.optional(),
  }),
  z.strictObject({
    kind: z.literal('measured'),
    /** id of a published curve in models/catalog/calibration-curves.json */
    curveId: z.string().min(1),
    prefillTokPerSPerChip: positive.optional(),
    contextScaling: z.enum(['kv-roofline', 'none']).optional(),
  }),
  z.strictObject({
    kind: z.literal('linear'),
    stepBaseS: nonNegative,
    stepPerSequenceS: nonNegative,
    stepPerContextTokenS: nonNegative,
    prefillBaseS: nonNegative,
    prefillPerTokenS: nonNegative,
  }),
]);

const kvTransferSchema = z.strictObject({
  bandwidthGbPerS: positive.default(100),
  latencyS: nonNegative.default(0.001),
});

const hardwareSchema = z.strictObject({
  rack: idSchema,
  layout: layoutSchema.optional(),
  performance: performanceSchema.default({ kind: 'roofline' }),
  batchCap: z.number().int().positive().optional(),
  attention: z
    .strictObject({
      rack: idSchema,
      racksPerInstance: z.number().int().positive().default(1),
      activationHopS: nonNegative.optional(),
    })
    .optional(),
  prefill: z
    .strictObject({
      rack: idSchema,
      layout: layoutSchema.optional(),
      performance: performanceSchema.default({ kind: 'roofline' }),
      powerFraction: z.number().positive().lt(1),
      kvTransfer: kvTransferSchema.default({ bandwidthGbPerS: 100, latencyS: 0.001 }),
    })
    .optional(),
  /** the tier whose racks this one shares (same rack and model); the plan checks the rest */
  shareWith: idSchema.optional(),
});

const tierSchema = z.strictObject({
  tier: idSchema,
  modelId: idSchema.optional(),
  priceUsdPerMTokOut: usdPerUnit.optional(),
  priceUsdPerMTokIn: usdPerUnit.optional(),
  interactivityTokPerS: positive.optional(),
  ttftTargetS: positive.optional(),
  maxContextTokens: z.number().int().min(2).optional(),
  interactivityHeadroom: z.number().min(1).default(1.15),
  powerShare: z.number().min(0).max(1).default(0),
  hardware: hardwareSchema,
  demand: z.strictObject({
    arrivals: arrivalSpecSchema,
    // demand relative to capacity: from a trickle to a hundredfold overload
    loadFraction: z.number().min(1e-6).max(100).optional(),
    sizes: requestSizeSpecSchema,
  }),
  admission: z
    .strictObject({
      maxQueuePerInstance: z.number().int().min(0).default(256),
      queueTimeoutS: positive.default(60),
    })
    .default({ maxQueuePerInstance: 256, queueTimeoutS: 60 }),
});

const simulationSchema = z
  .strictObject({
    // ~32 years: beyond it the clock's resolution (a double: ~0.2 µs at 1e9 s) nears the shortest gaps
    durationS: positive.max(1e9).default(600),
    warmupS: nonNegative.default(120),
    replications: z.number().int().positive().default(4),
    seed: z.union([z.string().min(1), z.number().int()], { error: 'must be a non-empty string or an integer' }).default(1),
    sampleFraction: z.number().positive().max(1).default(0.01),
    intervalS: z.number().min(0.001).default(60),
  })
  .refine((s) => s.warmupS < s.durationS, { message: 'warmupS must be < durationS', path: ['warmupS'] })
  .refine((s) => s.intervalS <= s.durationS - s.warmupS, {
    message: 'intervalS must fit in the measured window (durationS − warmupS)',
    path: ['intervalS'],
  });

const itCostSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('included') }),
  z.strictObject({ kind: z.literal('tco') }),
  z.strictObject({ kind: z.literal('depreciation'), years }),
]);

const factorySchema = z.strictObject({
  // 1 TW: beyond any site (and far from where power × counts overflow)
  powerCapMw: positive.max(1e6),
  pueByCooling: z.strictObject({ air: z.number().min(1), liquid: z.number().min(1) }).default({ air: 1.3, liquid: 1.1 }),
  electricityUsdPerMwh: usdPerUnit.default(80.6),
  // $10 trillion per GW: 250 times the keynote's figure
  facilityCapexUsdPerGw: nonNegative.max(1e13).default(40e9),
  facilityLifeYears: years.default(15),
  itCost: itCostSchema.default({ kind: 'included' }),
  power: z
    .strictObject({
      mode: z.enum(['provision', 'oversubscribe']).default('provision'),
      oversubscriptionRatio: z.number().min(1).max(10).default(1),
      enforcement: z.enum(POWER_ENFORCEMENTS as [PowerEnforcement, ...PowerEnforcement[]]).default('shed'),
      dynamicPowerExponent: z.number().min(1).default(2.5),
      minSpeedFraction: z.number().positive().max(1).default(0.5),
    })
    .default({ mode: 'provision', oversubscriptionRatio: 1, enforcement: 'shed', dynamicPowerExponent: 2.5, minSpeedFraction: 0.5 }),
});

export const scenarioFileSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'must be letters, digits, ".", "_" or "-" (it names the output folder)' }),
  description: z.string().default(''),
  /** where the numbers come from: JSON path → source, or "estimate: why" */
  notes: z.record(z.string(), z.string()).default({}),
  factory: factorySchema,
  tiers: z.array(tierSchema).min(1),
  policies: z
    .strictObject({
      allocation: z.enum(ALLOCATION_NAMES as [string, ...string[]]).default('static-split'),
      routing: z.enum(ROUTER_NAMES as [string, ...string[]]).default('join-shortest-queue'),
      /** with allocation 'periodic': how often instances move between tiers */
      reallocationIntervalS: positive.default(900),
    })
    .default({ allocation: 'static-split', routing: 'join-shortest-queue', reallocationIntervalS: 900 }),
  simulation: simulationSchema.default({
    durationS: 600,
    warmupS: 120,
    replications: 4,
    seed: 1,
    sampleFraction: 0.01,
    intervalS: 60,
  }),
  catalog: catalogAdditionsSchema.default({}),
});

export type ScenarioFile = z.output<typeof scenarioFileSchema>;
