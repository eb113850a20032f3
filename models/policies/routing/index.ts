import { joinShortestQueueRouter } from './join-shortest-queue.js';
import { leastLoadedRouter } from './least-loaded.js';
import { powerOfTwoChoicesRouter } from './power-of-two-choices.js';
import { roundRobinRouter } from './round-robin.js';
import type { Router, RouterContext } from './router.js';

export type { Router, RouterContext } from './router.js';

/** Routers by the name a scenario uses. */
export const ROUTERS = {
  'round-robin': () => roundRobinRouter(),
  'least-loaded': () => leastLoadedRouter(),
  'join-shortest-queue': () => joinShortestQueueRouter(),
  'power-of-two-choices': (context: RouterContext) => powerOfTwoChoicesRouter(context),
} satisfies Record<string, (context: RouterContext) => Router>;

export type RouterName = keyof typeof ROUTERS;

export const ROUTER_NAMES = Object.keys(ROUTERS) as RouterName[];

export function createRouter(name: RouterName, context: RouterContext): Router {
  return ROUTERS[name](context);
}
