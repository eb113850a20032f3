import { instanceLoad, type Router } from './router.js';

/** Sends each request to the instance with the fewest waiting plus running requests (lowest index on ties). */
export function joinShortestQueueRouter(): Router {
  return {
    name: 'join-shortest-queue',
    choose(instances) {
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
