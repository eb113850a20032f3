import type { Router } from './router.js';

/**
 * Sends each request to the instance with the least KV memory in use (then fewest waiting): the
 * memory-aware choice when long-context requests make request counts a poor measure of load.
 */
export function leastLoadedRouter(): Router {
  return {
    name: 'least-loaded',
    choose(instances) {
      let best = 0;
      let bestKv = Infinity;
      let bestWaiting = Infinity;
      for (let i = 0; i < instances.length; i++) {
        const kv = instances[i].kvUsedFraction;
        const waiting = instances[i].queueLength;
        if (kv < bestKv || (kv === bestKv && waiting < bestWaiting)) {
          best = i;
          bestKv = kv;
          bestWaiting = waiting;
        }
      }
      return best;
    },
  };
}
