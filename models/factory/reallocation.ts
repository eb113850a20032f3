import type { Simulation } from '../../engine/simulation.js';
import { reallocationTargets } from '../policies/allocation/periodic-reallocation.js';
import type { ServingInstance } from '../serving/serving-instance.js';
import type { ServingPool } from '../serving/serving-pool.js';
import { expectedRate, type ArrivalSpec } from '../workload/arrivals.js';

/** One tier of a re-allocation group, as the re-allocator sees it. */
export interface ReallocationMember {
  pool: ServingPool;
  /** requests/s one instance serves at the tier's operating point (fluid model) */
  requestsPerSPerInstance: number;
  /** the tier's arrivals in the simulated slice; undefined without demand */
  arrivals: ArrivalSpec | undefined;
}

/**
 * Periodic re-allocation of one group of interchangeable pools (models/policies/allocation/
 * periodic-reallocation.ts). At time 0 and every `intervalS` after, it splits the group's instances in
 * proportion to the instances each tier's demand expected over the next interval needs (expected rate ÷
 * requests/s per instance), at least one each, and moves instances from the tiers above their share to
 * those below it. An instance moving leaves its pool's routing at once, finishes the requests it holds
 * (they stay its old tier's), then joins the other pool: it serves nobody new while it drains, the cost
 * of a move. Instances only change tier, so the group's racks and their power never change.
 */
export class Reallocator {
  /** instances on their way to each member (draining in another pool) */
  private readonly incoming: number[];
  private readonly rates: ((fromS: number, toS: number) => number)[];
  private readonly total: number;
  /** instances whose move has started */
  moves = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly members: readonly ReallocationMember[],
    private readonly intervalS: number,
    private readonly untilS: number,
  ) {
    if (!(intervalS > 0)) throw new RangeError(`reallocation interval must be > 0 s, got ${intervalS}`);
    this.incoming = members.map(() => 0);
    this.rates = members.map((m) => (m.arrivals === undefined ? () => 0 : expectedRate(m.arrivals)));
    this.total = members.reduce((s, m) => s + m.pool.instanceCount, 0);
  }

  /** Schedules the first re-allocation now and the others every interval until `untilS`. */
  start(): void {
    this.sim.schedule(0, this.rebalance);
  }

  /** The split the demand expected over [nowS, nowS + interval] calls for. */
  targetsAt(nowS: number): number[] {
    const needs = this.members.map((m, i) => this.rates[i](nowS, nowS + this.intervalS) / m.requestsPerSPerInstance);
    return reallocationTargets(needs, this.total);
  }

  private readonly rebalance = (): void => {
    const targets = this.targetsAt(this.sim.now);
    const committed = this.members.map((m, i) => m.pool.instanceCount + this.incoming[i]);
    for (;;) {
      // the member furthest above its share that can spare a routable instance, and the one furthest below
      let donor = -1;
      let receiver = -1;
      for (let i = 0; i < committed.length; i++) {
        const excess = committed[i] - targets[i];
        if (excess > 0 && this.members[i].pool.instanceCount > 1 && (donor < 0 || excess > committed[donor] - targets[donor])) donor = i;
        if (excess < 0 && (receiver < 0 || excess < committed[receiver] - targets[receiver])) receiver = i;
      }
      if (donor < 0 || receiver < 0) break;
      this.move(donor, receiver);
      committed[donor]--;
      committed[receiver]++;
    }
    if (this.sim.now + this.intervalS < this.untilS) this.sim.schedule(this.intervalS, this.rebalance);
  };

  private move(from: number, to: number): void {
    const source = this.members[from].pool;
    const target = this.members[to].pool;
    this.incoming[to]++;
    this.moves++;
    // the instance with the least work left drains first
    source.release(source.leastLoadedInstance(), (instance: ServingInstance) => {
      this.incoming[to]--;
      target.adopt(instance);
    });
  }
}
