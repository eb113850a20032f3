import { instanceLoad, type Router, type RouterContext } from './router.js';

/**
 * Samples two instances at random and takes the less loaded one: most of join-shortest-queue's
 * benefit at O(1) cost per request (Mitzenmacher 2001).
 */
export function powerOfTwoChoicesRouter(context: RouterContext): Router {
  return {
    name: 'power-of-two-choices',
    choose(instances, loads) {
      const n = instances.length;
      if (n === 1) return 0;
      const first = Math.floor(context.random.next() * n);
      let second = Math.floor(context.random.next() * (n - 1));
      if (second >= first) second++;
      if (loads !== undefined) return loads.load(second) < loads.load(first) ? second : first;
      return instanceLoad(instances[second]) < instanceLoad(instances[first]) ? second : first;
    },
  };
}
