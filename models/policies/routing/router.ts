import type { RandomSource } from '../../../engine/random/random-source.js';
import type { ServingInstance } from '../../serving/serving-instance.js';

/** Chooses which instance of a pool serves an arriving request. One policy per file, chosen by name. */
export interface Router {
  readonly name: string;
  choose(instances: readonly ServingInstance[]): number;
}

/** Load seen by load-aware routers: waiting plus running requests. */
export function instanceLoad(instance: ServingInstance): number {
  return instance.queueLength + instance.activeCount;
}

export interface RouterContext {
  /** the router's own random stream (only randomised policies draw from it) */
  random: RandomSource;
}
