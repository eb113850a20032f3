import seedrandom from 'seedrandom';
import type { EventHandle } from '../../engine/simulation.js';
import { KERNELS, type Kernel, type KernelName } from '../engine/kernels.js';

/**
 * Drives a kernel through a random mix of what models do (delays with many ties, zero delays,
 * priorities, cancels, stop, step, run until) and returns the trace of fired events. Prototypes
 * must reproduce the engine's trace exactly before their speed means anything.
 */
export function firingTrace(kernelName: KernelName, seed: string, events = 20_000): string[] {
  const sim: Kernel = KERNELS[kernelName]();
  const random = seedrandom.xor4096(seed);
  const trace: string[] = [];
  const outstanding: EventHandle[] = [];
  let created = 0;
  const scheduleOne = () => {
    const id = created++;
    const roll = random();
    // A quarter zero (the lane); integer delays make equal times common; continuous and far-future
    // delays exercise the event sets' layout (a calendar queue's buckets and years).
    const delayS = roll < 0.25 ? 0 : roll < 0.6 ? Math.floor(random() * 4) : roll < 0.95 ? random() * 2 : random() * 1000;
    const priority = random() < 0.3 ? Math.floor(random() * 5) - 2 : 0;
    outstanding.push(sim.schedule(delayS, onEvent, id, priority));
  };
  function onEvent(id: number): void {
    trace.push(`${id}@${sim.now}`);
    if (created < events) {
      const children = Math.floor(random() * 3);
      for (let i = 0; i < children; i++) scheduleOne();
    }
    if (random() < 0.1 && outstanding.length > 0) {
      const victim = Math.floor(random() * outstanding.length);
      trace.push(`cancel ${sim.cancel(outstanding[victim])}`);
      outstanding.splice(victim, 1);
    }
    if (random() < 0.01) sim.stop();
  }
  // A large start population that drains and refills makes the event sets grow and shrink.
  for (let i = 0; i < 3000; i++) scheduleOne();
  while (sim.pending > 0) {
    const roll = random();
    if (roll < 0.2) sim.step();
    else if (roll < 0.5) sim.run(sim.now + random() * 3);
    else sim.run();
    trace.push(`pause ${sim.now} ${sim.pending} ${sim.eventsProcessed}`);
  }
  return trace;
}

/** First index where two traces differ, or -1 when identical. */
export function firstDifference(a: string[], b: string[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}
