import { Simulation, type EventHandle, type EventHandler } from '../../engine/simulation.js';
import type { EventSet, EventSetKind } from '../../engine/events/event-set.js';
import { BinaryHeapEventSet } from '../../engine/events/binary-heap.js';
import { QuaternaryHeapEventSet } from '../../engine/events/quaternary-heap.js';
import { CalendarQueueEventSet } from '../../engine/events/calendar-queue.js';
import { UnfusedSimulation } from '../prototypes/unfused-simulation.js';

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
  'calendar-queue': () => new Simulation({ eventSet: 'calendar-queue' }),
  'unfused-prototype': () => new UnfusedSimulation({ eventSet: 'quaternary-heap' }),
  'unfused-prototype/calendar-queue': () => new UnfusedSimulation({ eventSet: 'calendar-queue' }),
} satisfies Record<EventSetKind | string, () => Kernel>;
export type KernelName = keyof typeof KERNELS;

/** Bare event sets for the raw hold. */
export const EVENT_SETS = {
  'quaternary-heap': () => new QuaternaryHeapEventSet(),
  'binary-heap': () => new BinaryHeapEventSet(),
  'calendar-queue': () => new CalendarQueueEventSet(),
} satisfies Record<EventSetKind, () => EventSet>;
export type EventSetName = keyof typeof EVENT_SETS;
