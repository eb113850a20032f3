import type { RandomSource } from '../../../engine/random/random-source.js';
import type { InstanceLoads } from '../../serving/instance-loads.js';
import type { ServingInstance } from '../../serving/serving-instance.js';

/** Chooses which instance of a pool serves an arriving request. One policy per file, chosen by name. */
export interface Router {
  readonly name: string;
  /**
   * `loads`, when the caller keeps it (a ServingPool does), holds every instance's `instanceLoad`
   * and answers the least loaded in O(1); a router may use it instead of visiting every instance.
   */
  choose(instances: readonly ServingInstance[], loads?: InstanceLoads): number;
}

/** Load seen by load-aware routers: waiting plus running requests. */
export function instanceLoad(instance: ServingInstance): number {
  return instance.queueLength + instance.activeCount;
}

export interface RouterContext {
  /** the router's own random stream (only randomised policies draw from it) */
  random: RandomSource;
}
