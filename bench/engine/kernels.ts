import { Simulation, type EventHandle, type EventHandler } from '../../engine/simulation.js';
import type { EventSet } from '../../engine/events/event-set.js';
import { BinaryHeapEventSet } from '../../engine/events/binary-heap.js';
import { QuaternaryHeapEventSet } from '../../engine/events/quaternary-heap.js';
import { FusedSimulation, LeanSimulation } from '../prototypes/lean-simulation.js';
import { LeanQuaternaryHeapEventSet } from '../prototypes/lean-quaternary-heap.js';
import { PackedSimulation } from '../prototypes/packed-simulation.js';
import { CalendarQueueEventSet } from '../prototypes/calendar-queue.js';

/** The part of Simulation's API the benchmark models use, so prototypes can stand in for it. */
export interface Kernel {
  readonly now: number;
  readonly pending: number;
  readonly eventsProcessed: number;
  schedule<T>(delayS: number, handler: EventHandler<T>, arg?: T, priority?: number): EventHandle;
  scheduleAt<T>(timeS: number, handler: EventHandler<T>, arg?: T, priority?: number): EventHandle;
  cancel(handle: EventHandle): boolean;
  run(untilS?: number): void;
  step(): boolean;
  stop(): void;
}

/** The engine's Simulation with each event set, and the prototypes of bench/prototypes/. */
export const KERNELS = {
  'quaternary-heap': () => new Simulation({ eventSet: 'quaternary-heap' }),
  'binary-heap': () => new Simulation({ eventSet: 'binary-heap' }),
  'lean-prototype': () => new LeanSimulation(),
  'fused-prototype': () => new FusedSimulation(),
  'packed-prototype': () => new PackedSimulation(),
  'calendar-prototype': () => new LeanSimulation({}, new CalendarQueueEventSet()),
} satisfies Record<string, () => Kernel>;
export type KernelName = keyof typeof KERNELS;

/** Bare event sets for the raw hold; `+replace-top` fuses each hold's pop and push. */
export const EVENT_SETS = {
  'quaternary-heap': () => new QuaternaryHeapEventSet(),
  'binary-heap': () => new BinaryHeapEventSet(),
  'lean-prototype': () => new LeanQuaternaryHeapEventSet(),
  'lean-prototype+replace-top': () => new LeanQuaternaryHeapEventSet(),
  'calendar-prototype': () => new CalendarQueueEventSet(),
} satisfies Record<string, () => EventSet>;
export type EventSetName = keyof typeof EVENT_SETS;
