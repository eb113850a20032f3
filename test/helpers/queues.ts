import { Simulation } from '../../engine/simulation.js';
import type { EventHandle } from '../../engine/simulation.js';
import type { EventSetKind } from '../../engine/events/event-set.js';
import type { Sampler } from './samplers.js';

/**
 * Classical queues written directly on the kernel, for validation against closed forms.
 *
 * Every run generates `customers` arrivals numbered 0, 1, …; statistics cover customers
 * `warmupCustomers` … `customers − 1` (warm-up deletion: the queue starts empty, which biases early
 * waits low). The measurement window for time averages runs from the arrival of the first counted
 * customer to the instant the next arrival after the last counted one would occur, so exactly the
 * counted customers arrive inside it. After the window the queue drains, so every admitted counted
 * customer completes.
 */
export interface QueueRunOptions {
  interarrival: Sampler;
  service: Sampler;
  customers: number;
  warmupCustomers: number;
  eventSet?: EventSetKind;
}

export interface FifoQueueOptions extends QueueRunOptions {
  servers: number;
  /** Maximum number in system (waiting + in service); arrivals finding it full are lost. Default: unlimited. */
  capacity?: number;
}

export interface SojournStatistics {
  /** Arrivals inside the measurement window. */
  arrivals: number;
  windowS: number;
  /** arrivals / windowS */
  arrivalRatePerS: number;
  /** Mean time in system of the counted, admitted customers. */
  meanSojournS: number;
  /** Time-average number in system over the window. */
  timeAverageNumberInSystem: number;
}

export interface FifoQueueStatistics extends SojournStatistics {
  blocked: number;
  blockingProbability: number;
  /** Mean time in queue (before service) of the counted, admitted customers. */
  meanWaitS: number;
  /** Fraction of counted, admitted customers that found every server busy. */
  waitProbability: number;
}

/** ∫ N(t) dt over the measurement window, updated at every change of N. */
class SystemSizeArea {
  numberInSystem = 0;
  area = 0;
  startS = NaN;
  endS = NaN;
  private measuring = false;
  private lastChangeS = 0;

  constructor(private readonly sim: Simulation) {}

  begin(): void {
    this.startS = this.sim.now;
    this.lastChangeS = this.sim.now;
    this.measuring = true;
  }

  end(): void {
    this.add(0);
    this.endS = this.sim.now;
    this.measuring = false;
  }

  add(delta: number): void {
    const now = this.sim.now;
    if (this.measuring) this.area += this.numberInSystem * (now - this.lastChangeS);
    this.lastChangeS = now;
    this.numberInSystem += delta;
  }
}

function checkRun(options: QueueRunOptions): void {
  const { customers, warmupCustomers } = options;
  if (!(Number.isInteger(warmupCustomers) && warmupCustomers >= 0 && Number.isInteger(customers) && customers > warmupCustomers)) {
    throw new RangeError(`need integers 0 ≤ warmupCustomers < customers, got ${warmupCustomers}, ${customers}`);
  }
}

/** G/G/c FIFO queue with optional capacity K (G/G/c/K, loss when full). */
export function simulateFifoQueue(options: FifoQueueOptions): FifoQueueStatistics {
  checkRun(options);
  const { interarrival, service, customers, warmupCustomers, servers } = options;
  const capacity = options.capacity ?? Infinity;
  if (!(Number.isInteger(servers) && servers >= 1 && capacity >= servers)) {
    throw new RangeError(`need servers ≥ 1 and capacity ≥ servers, got ${servers}, ${capacity}`);
  }
  const sim = new Simulation({ eventSet: options.eventSet });
  const size = new SystemSizeArea(sim);
  const arrivalS = new Float64Array(customers);
  const serviceStartS = new Float64Array(customers).fill(NaN);
  const departureS = new Float64Array(customers).fill(NaN);
  const queued = new Uint8Array(customers);
  // FIFO of waiting customer numbers: each customer enters at most once, so a flat array suffices.
  const waiting = new Int32Array(customers);
  let head = 0;
  let tail = 0;
  let idleServers = servers;
  let blocked = 0;

  const startService = (customer: number) => {
    serviceStartS[customer] = sim.now;
    sim.schedule(service(), depart, customer);
  };
  const depart = (customer: number) => {
    departureS[customer] = sim.now;
    size.add(-1);
    if (head < tail) startService(waiting[head++]);
    else idleServers++;
  };
  const arrive = (customer: number) => {
    if (customer === warmupCustomers) size.begin();
    if (customer === customers) {
      size.end(); // the sentinel arrival closes the window and the arrival process
      return;
    }
    arrivalS[customer] = sim.now;
    sim.schedule(interarrival(), arrive, customer + 1);
    if (size.numberInSystem >= capacity) {
      if (customer >= warmupCustomers) blocked++;
      return;
    }
    size.add(+1);
    if (idleServers > 0) {
      idleServers--;
      startService(customer);
    } else {
      queued[customer] = 1;
      waiting[tail++] = customer;
    }
  };
  sim.schedule(interarrival(), arrive, 0);
  sim.run();

  let served = 0;
  let waitSum = 0;
  let sojournSum = 0;
  let queuedCount = 0;
  for (let i = warmupCustomers; i < customers; i++) {
    if (Number.isNaN(departureS[i])) continue; // blocked
    served++;
    waitSum += serviceStartS[i] - arrivalS[i];
    sojournSum += departureS[i] - arrivalS[i];
    queuedCount += queued[i];
  }
  const arrivals = customers - warmupCustomers;
  const windowS = size.endS - size.startS;
  return {
    arrivals,
    windowS,
    arrivalRatePerS: arrivals / windowS,
    blocked,
    blockingProbability: blocked / arrivals,
    meanWaitS: waitSum / served,
    waitProbability: queuedCount / served,
    meanSojournS: sojournSum / served,
    timeAverageNumberInSystem: size.area / windowS,
  };
}

/** Min-heap of (virtual finish time, customer) for the processor-sharing queue. */
class FinishHeap {
  size = 0;
  private readonly keys: Float64Array;
  private readonly ids: Int32Array;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
  }

  minKey(): number {
    return this.keys[0];
  }

  push(key: number, id: number): void {
    let hole = this.size++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      if (this.keys[parent] <= key) break;
      this.keys[hole] = this.keys[parent];
      this.ids[hole] = this.ids[parent];
      hole = parent;
    }
    this.keys[hole] = key;
    this.ids[hole] = id;
  }

  pop(): number {
    const top = this.ids[0];
    const n = --this.size;
    const key = this.keys[n];
    const id = this.ids[n];
    let hole = 0;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= n) break;
      if (child + 1 < n && this.keys[child + 1] < this.keys[child]) child++;
      if (key <= this.keys[child]) break;
      this.keys[hole] = this.keys[child];
      this.ids[hole] = this.ids[child];
      hole = child;
    }
    this.keys[hole] = key;
    this.ids[hole] = id;
    return top;
  }
}

/**
 * M/G/1 egalitarian processor sharing with a virtual-time clock: with n customers present each is
 * served at rate 1/n, so virtual time V advances at rate 1/n and a customer arriving at V₀ with
 * work S leaves when V reaches V₀ + S. Only the smallest virtual finish time matters, so a single
 * departure event is pending; every arrival and departure cancels and reschedules it (O(log n)).
 */
export function simulateProcessorSharingQueue(options: QueueRunOptions): SojournStatistics {
  checkRun(options);
  const { interarrival, service, customers, warmupCustomers } = options;
  const sim = new Simulation({ eventSet: options.eventSet });
  const size = new SystemSizeArea(sim);
  const arrivalS = new Float64Array(customers);
  const departureS = new Float64Array(customers).fill(NaN);
  const finishes = new FinishHeap(customers);
  let virtualS = 0;
  let lastUpdateS = 0;
  let nextDeparture: EventHandle | undefined;

  const advanceVirtualTime = () => {
    if (size.numberInSystem > 0) virtualS += (sim.now - lastUpdateS) / size.numberInSystem;
    lastUpdateS = sim.now;
  };
  const rescheduleDeparture = () => {
    if (nextDeparture !== undefined) sim.cancel(nextDeparture);
    nextDeparture = undefined;
    if (finishes.size === 0) return;
    // Rounding in advanceVirtualTime can put V a hair past the next finish: clamp at 0.
    const delayS = Math.max(0, (finishes.minKey() - virtualS) * size.numberInSystem);
    nextDeparture = sim.schedule(delayS, depart);
  };
  const depart = () => {
    nextDeparture = undefined;
    virtualS = finishes.minKey(); // exact, so rounding errors do not accumulate across departures
    lastUpdateS = sim.now;
    const customer = finishes.pop();
    departureS[customer] = sim.now;
    size.add(-1);
    rescheduleDeparture();
  };
  const arrive = (customer: number) => {
    if (customer === warmupCustomers) size.begin();
    if (customer === customers) {
      size.end();
      return;
    }
    arrivalS[customer] = sim.now;
    sim.schedule(interarrival(), arrive, customer + 1);
    advanceVirtualTime();
    finishes.push(virtualS + service(), customer);
    size.add(+1);
    rescheduleDeparture();
  };
  sim.schedule(interarrival(), arrive, 0);
  sim.run();

  let sojournSum = 0;
  for (let i = warmupCustomers; i < customers; i++) sojournSum += departureS[i] - arrivalS[i];
  const arrivals = customers - warmupCustomers;
  const windowS = size.endS - size.startS;
  return {
    arrivals,
    windowS,
    arrivalRatePerS: arrivals / windowS,
    meanSojournS: sojournSum / arrivals,
    timeAverageNumberInSystem: size.area / windowS,
  };
}
