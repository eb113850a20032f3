import { RandomStreams } from '../../engine/random/random-source.js';
import { exponential } from '../../engine/random/distributions/exponential.js';
import type { Sampler } from '../../engine/random/distributions/sampler.js';
import { measure, type Elapsed } from './clock.js';
import { EVENT_SETS, KERNELS, type EventSetName, type Kernel, type KernelName } from './kernels.js';

/** A hold model with a constant number of pending events; `advance(holds)` fires that many. */
export interface HoldBench {
  advance(holds: number): Elapsed;
}

/** Any rate gives the same heap dynamics; 1 keeps times readable when debugging. */
const HOLD_RATE_PER_S = 1;

class HoldModel {
  fired = 0;
  target = 0;
  constructor(
    readonly sim: Kernel,
    readonly increment: Sampler,
  ) {}
}

// Module-level handler receiving the model as `arg`: no closure allocated per event.
function onHold(model: HoldModel): void {
  model.sim.schedule(model.increment(), onHold, model);
  if (++model.fired === model.target) model.sim.stop();
}

/**
 * The classic hold model through the public Simulation API: `pending` events scheduled up front,
 * each event's handler scheduling one new event an exponential increment later, so the pending
 * count stays constant and each fired event costs one pop and one push plus the kernel's
 * bookkeeping (slots, handles, the handler call): what a user's model pays per event.
 */
export function simulationHold(kernel: KernelName, pending: number, seed: number): HoldBench {
  const sim = KERNELS[kernel]();
  const model = new HoldModel(sim, exponential(new RandomStreams(seed, 0).stream('hold'), HOLD_RATE_PER_S));
  for (let i = 0; i < pending; i++) sim.schedule(model.increment(), onHold, model);
  return {
    advance(holds: number): Elapsed {
      model.target = model.fired + holds;
      const elapsed = measure(() => sim.run());
      if (model.fired !== model.target || sim.pending !== pending) throw new Error('hold model lost events');
      return elapsed;
    },
  };
}

/**
 * The same hold on a bare event set (no handlers, slots, handles): the event set's share of the cost.
 * With `replaceTop`, each hold is one `replaceTop` (what the kernel's hold fusion does) instead of a
 * pop and a push.
 */
export function eventSetHold(name: EventSetName, pending: number, seed: number, replaceTop = false): HoldBench {
  const increment = exponential(new RandomStreams(seed, 0).stream('hold'), HOLD_RATE_PER_S);
  // Ties as the kernel makes them: priority 0, increasing insertion sequence.
  const sequence = new Float64Array(1);
  const set = EVENT_SETS[name]();
  for (let slot = 0; slot < pending; slot++) set.push(slot, increment(), sequence[0]++);
  if (replaceTop) {
    return {
      advance: (holds) =>
        measure(() => {
          for (let i = 0; i < holds; i++) set.replaceTop(set.peekSlot(), set.peekTime() + increment(), sequence[0]++);
        }),
    };
  }
  return {
    advance: (holds) =>
      measure(() => {
        for (let i = 0; i < holds; i++) {
          const nowS = set.peekTime();
          set.push(set.pop(), nowS + increment(), sequence[0]++);
        }
      }),
  };
}
