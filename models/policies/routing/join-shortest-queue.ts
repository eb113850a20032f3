import { instanceLoad, type Router } from './router.js';

/** Sends each request to the instance with the fewest waiting plus running requests (lowest index on ties). */
export function joinShortestQueueRouter(): Router {
  return {
    name: 'join-shortest-queue',
    choose(instances, loads) {
      // The pool's tournament tree answers the same question (least load, lowest index) in O(1).
      if (loads !== undefined) return loads.leastLoaded();
      let best = 0;
      let bestLoad = Infinity;
      for (let i = 0; i < instances.length; i++) {
        const load = instanceLoad(instances[i]);
        if (load < bestLoad) {
          best = i;
          bestLoad = load;
        }
      }
      return best;
    },
  };
}
