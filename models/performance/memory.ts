/**
 * Memory of a serving instance: the weights of one copy of the model plus the KV cache of the
 * sequences it runs must fit in the instance's usable memory (see docs/serving-model.md §2).
 *
 * Units: bytes; GB here means 10^9 bytes, as in the catalog's memoryGb.
 */
import type { LlmSpec, Precision } from '../catalog/types.js';
import type { ServingInstance } from './serving-layout.js';

/** A serving configuration that cannot work (the model does not fit, a bad layout, an unknown kind). */
export class ServingConfigError extends Error {
  override name = 'ServingConfigError';
}

/**
 * Bytes per stored weight. NVFP4 is 4 bits plus one FP8 scale per 16 values (4.5 bits = 0.5625 B);
 * INT4 weight-only formats with group scales land at about the same size, so they use 'fp4' too.
 */
export const BYTES_PER_PARAM: Readonly<Record<Precision, number>> = { fp4: 0.5625, fp8: 1, bf16: 2 };

const GB = 1e9;

/** Bytes of one full copy of the model's weights at the given precision. */
export function weightsBytes(llm: LlmSpec, precision: Precision): number {
  return llm.totalParamsB * 1e9 * BYTES_PER_PARAM[precision];
}

/**
 * KV-cache bytes per context token at the given precision. When the catalog lists the model's KV size
 * only at another precision, it is scaled by the bytes per value (KV layout does not change with it).
 */
export function kvBytesPerToken(llm: LlmSpec, precision: Precision): number {
  const direct = llm.kvBytesPerToken[precision];
  if (direct !== undefined) return direct;
  for (const other of ['fp8', 'bf16', 'fp4'] as const) {
    const known = llm.kvBytesPerToken[other];
    if (known !== undefined) return (known * BYTES_PER_PARAM[precision]) / BYTES_PER_PARAM[other];
  }
  throw new ServingConfigError(`model ${llm.id}: kvBytesPerToken lists no precision`);
}

/** KV bytes held by one sequence whose context (prompt plus tokens generated so far) is `contextTokens`. */
export function sequenceKvBytes(llm: LlmSpec, kvPrecision: Precision, contextTokens: number): number {
  return contextTokens * kvBytesPerToken(llm, kvPrecision) + (llm.kvFixedBytesPerSequence ?? 0);
}

/** How an instance's memory splits between weights and KV cache. */
export interface MemoryBudget {
  /** memory of the chips of the instance */
  instanceBytes: number;
  /** part of it the serving engine can use (the rest: activations, runtime, fragmentation) */
  usableBytes: number;
  weightsBytes: number;
  /** usable memory left for KV cache; positive (construction fails otherwise) */
  kvCapacityBytes: number;
  kvBytesPerToken: number;
  kvFixedBytesPerSequence: number;
}

function describeShortfall(instance: ServingInstance, llm: LlmSpec, neededBytes: number, what: string): string {
  const { layout, rack } = instance;
  const size =
    instance.racks >= 1 && Number.isInteger(instance.racks)
      ? `${instance.racks} rack${instance.racks > 1 ? 's' : ''} (${instance.chips} chips)`
      : `${instance.chips} of ${rack.chips} chips`;
  return (
    `model ${llm.id} (${layout.weightPrecision} weights) does not fit on rack ${rack.id} with ${size} per instance: ` +
    `needs ${(neededBytes / GB).toFixed(1)} GB (${what}), has ${(instance.usableMemoryBytes / GB).toFixed(1)} GB usable ` +
    `(${(instance.memoryBytes / GB).toFixed(1)} GB × ${instance.usableMemoryFraction}); ` +
    `short by ${((neededBytes - instance.usableMemoryBytes) / GB).toFixed(1)} GB`
  );
}

/**
 * The memory budget of one instance. Throws ServingConfigError (one line: rack, model, needed vs
 * available GB, shortfall) unless the weights plus `minKvTokens` tokens of KV fit.
 */
export function memoryBudget(instance: ServingInstance, llm: LlmSpec, minKvTokens = 0): MemoryBudget {
  const weights = weightsBytes(llm, instance.layout.weightPrecision);
  const perToken = kvBytesPerToken(llm, instance.layout.kvPrecision);
  const fixed = llm.kvFixedBytesPerSequence ?? 0;
  const reserve = minKvTokens > 0 ? minKvTokens * perToken + fixed : 0;
  const kvCapacity = instance.usableMemoryBytes - weights;
  if (kvCapacity <= reserve || kvCapacity <= 0) {
    const what =
      reserve > 0
        ? `${(weights / GB).toFixed(1)} GB weights + ${(reserve / GB).toFixed(1)} GB KV reserve`
        : 'weights';
    throw new ServingConfigError(describeShortfall(instance, llm, weights + reserve, what));
  }
  return {
    instanceBytes: instance.memoryBytes,
    usableBytes: instance.usableMemoryBytes,
    weightsBytes: weights,
    kvCapacityBytes: kvCapacity,
    kvBytesPerToken: perToken,
    kvFixedBytesPerSequence: fixed,
  };
}

/** How many sequences of `contextTokens` each fit in the KV cache at once (0 if not even one). */
export function maxConcurrentSequences(budget: MemoryBudget, contextTokens: number): number {
  const perSequence = contextTokens * budget.kvBytesPerToken + budget.kvFixedBytesPerSequence;
  if (perSequence <= 0) return Number.POSITIVE_INFINITY;
  return Math.floor(budget.kvCapacityBytes / perSequence);
}

/** KV bytes free for more sequences when the running ones hold `contextTokensTotal` tokens in `sequences`. */
export function freeKvBytes(budget: MemoryBudget, sequences: number, contextTokensTotal: number): number {
  return budget.kvCapacityBytes - contextTokensTotal * budget.kvBytesPerToken - sequences * budget.kvFixedBytesPerSequence;
}
