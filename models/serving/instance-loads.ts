/**
 * The loads of a pool's instances (requests waiting plus running, what join-shortest-queue compares),
 * kept up to date by the instances themselves, with the pool's totals.
 *
 * A tournament tree over the instances holds, at each node, the least loaded instance below it (the
 * lower index on ties), so the least loaded instance of the pool is read in O(1) and a change of one
 * load costs O(log n): routing stays cheap in a pool of hundreds of instances, where scanning every
 * instance per request would dominate the run.
 */
export class InstanceLoads {
  /** requests waiting for admission, summed over the instances */
  queued = 0;
  /** the same by priority class (tiers sharing the pool; one class otherwise) */
  readonly queuedByClass: Int32Array;
  /** requests holding a batch slot, summed over the instances */
  active = 0;

  private readonly leaves: number;
  private readonly loads: Float64Array;
  /** winners[k]: the instance with the least load under node k (node 1 the root, leaves from `leaves`) */
  private readonly winners: Int32Array;

  constructor(
    readonly size: number,
    classes = 1,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be an integer ≥ 1, got ${size}`);
    this.queuedByClass = new Int32Array(classes);
    let leaves = 1;
    while (leaves < size) leaves *= 2;
    this.leaves = leaves;
    // Padding leaves beyond `size` carry an infinite load, so they never win.
    this.loads = new Float64Array(leaves).fill(Infinity).fill(0, 0, size);
    this.winners = new Int32Array(2 * leaves);
    for (let i = 0; i < leaves; i++) this.winners[leaves + i] = i;
    for (let k = leaves - 1; k >= 1; k--) this.winners[k] = this.better(this.winners[2 * k], this.winners[2 * k + 1]);
  }

  /** The instance with the least load, the lowest index among equals. */
  leastLoaded(): number {
    return this.winners[1];
  }

  load(instance: number): number {
    return this.loads[instance];
  }

  /** Records instance `instance`'s new load. */
  set(instance: number, load: number): void {
    const loads = this.loads;
    const winners = this.winners;
    loads[instance] = load;
    for (let k = (this.leaves + instance) >> 1; k >= 1; k >>= 1) {
      const winner = this.better(winners[2 * k], winners[2 * k + 1]);
      // Above a node whose winner neither changed nor is this instance, nothing can change.
      if (winner === winners[k] && winner !== instance) break;
      winners[k] = winner;
    }
  }

  private better(left: number, right: number): number {
    return this.loads[right] < this.loads[left] ? right : left;
  }
}
