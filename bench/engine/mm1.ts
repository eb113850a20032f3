import { measure } from './clock.js';
import { KERNELS, type Kernel, type KernelName } from './kernels.js';
import { RandomStreams } from '../../engine/random/random-source.js';
import { exponential } from '../../engine/random/distributions/exponential.js';
import type { Sampler } from '../../engine/random/distributions/sampler.js';

export const ARRIVAL_RATE_PER_S = 0.9;
export const SERVICE_RATE_PER_S = 1;
/** Mean wait in queue (service excluded) of M/M/1: λ / (μ (μ − λ)) = 9 s. */
export const THEORETICAL_MEAN_WAIT_S = ARRIVAL_RATE_PER_S / (SERVICE_RATE_PER_S * (SERVICE_RATE_PER_S - ARRIVAL_RATE_PER_S));

/**
 * M/M/1 written the way the kernel is meant to be used on hot paths: two module-level handlers that
 * receive the model as `arg` (no closure per event) and a ring buffer of arrival times as the queue,
 * so a customer costs two events and no allocation.
 */
class MM1 {
  arrived = 0;
  served = 0;
  busy = false;
  waitSumS = 0;
  /** ring buffer of the arrival times of waiting customers; capacity stays a power of two */
  private queue = new Float64Array(1024);
  private head = 0;
  waiting = 0;

  constructor(
    readonly sim: Kernel,
    readonly customers: number,
    readonly interarrivalS: Sampler,
    readonly serviceS: Sampler,
  ) {}

  enqueue(arrivalS: number): void {
    if (this.waiting === this.queue.length) this.grow();
    this.queue[(this.head + this.waiting) & (this.queue.length - 1)] = arrivalS;
    this.waiting++;
  }

  dequeue(): number {
    const arrivalS = this.queue[this.head];
    this.head = (this.head + 1) & (this.queue.length - 1);
    this.waiting--;
    return arrivalS;
  }

  private grow(): void {
    const grown = new Float64Array(this.queue.length * 2);
    for (let i = 0; i < this.waiting; i++) grown[i] = this.queue[(this.head + i) & (this.queue.length - 1)];
    this.queue = grown;
    this.head = 0;
  }
}

function onArrival(model: MM1): void {
  const sim = model.sim;
  if (++model.arrived < model.customers) sim.schedule(model.interarrivalS(), onArrival, model);
  if (model.busy) {
    model.enqueue(sim.now);
  } else {
    model.busy = true;
    sim.schedule(model.serviceS(), onDeparture, model);
  }
}

function onDeparture(model: MM1): void {
  model.served++;
  if (model.waiting > 0) {
    const sim = model.sim;
    model.waitSumS += sim.now - model.dequeue();
    sim.schedule(model.serviceS(), onDeparture, model);
  } else {
    model.busy = false;
  }
}

export interface MM1Run {
  customers: number;
  wallS: number;
  cpuS: number;
  events: number;
  /** mean wait in queue, service excluded (theory: THEORETICAL_MEAN_WAIT_S) */
  meanWait: number;
}

/** Runs M/M/1 until `customers` have been served; returns the figures and the finished simulation. */
export function runMM1(customers: number, kernel: KernelName, seed: number): { run: MM1Run; sim: Kernel } {
  const sim = KERNELS[kernel]();
  const streams = new RandomStreams(seed, 0);
  const model = new MM1(
    sim,
    customers,
    exponential(streams.stream('arrivals'), ARRIVAL_RATE_PER_S),
    exponential(streams.stream('services'), SERVICE_RATE_PER_S),
  );
  const elapsed = measure(() => {
    sim.schedule(model.interarrivalS(), onArrival, model);
    sim.run();
  });
  if (model.served !== customers) throw new Error(`M/M/1 served ${model.served} of ${customers} customers`);
  const run = {
    customers,
    wallS: elapsed.wallNs / 1e9,
    cpuS: elapsed.cpuNs / 1e9,
    events: sim.eventsProcessed,
    meanWait: model.waitSumS / customers,
  };
  return { run, sim };
}
