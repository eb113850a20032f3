import type { Router } from './router.js';

/** Cycles through instances regardless of load: the baseline every other policy must beat. */
export function roundRobinRouter(): Router {
  let next = 0;
  return {
    name: 'round-robin',
    choose(instances) {
      const chosen = next % instances.length;
      next = chosen + 1;
      return chosen;
    },
  };
}
