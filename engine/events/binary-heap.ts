import { TypedHeapEventSet } from './typed-heap.js';

/** Binary min-heap: children of i are 2i+1 and 2i+2. */
export class BinaryHeapEventSet extends TypedHeapEventSet {
  protected parentOf(index: number): number {
    return (index - 1) >> 1;
  }

  protected siftUpFrom(hole: number, from: number): void {
    const times = this.times, ties = this.ties, slots = this.slots, positions = this.positions;
    const timeS = times[from], tie = ties[from], slot = slots[from];
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pt = times[parent];
      if (pt < timeS || (pt === timeS && ties[parent] <= tie)) break;
      times[hole] = pt;
      ties[hole] = ties[parent];
      const ps = slots[parent];
      slots[hole] = ps;
      positions[ps] = hole;
      hole = parent;
    }
    times[hole] = timeS;
    ties[hole] = tie;
    slots[hole] = slot;
    positions[slot] = hole;
  }

  protected siftDownFrom(hole: number, from: number): void {
    const times = this.times, ties = this.ties, slots = this.slots, positions = this.positions;
    const timeS = times[from], tie = ties[from], slot = slots[from];
    const n = this.size;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= n) break;
      let ct = times[child];
      const right = child + 1;
      if (right < n) {
        const rt = times[right];
        if (rt < ct || (rt === ct && ties[right] < ties[child])) {
          child = right;
          ct = rt;
        }
      }
      if (timeS < ct || (timeS === ct && tie <= ties[child])) break;
      times[hole] = ct;
      ties[hole] = ties[child];
      const cs = slots[child];
      slots[hole] = cs;
      positions[cs] = hole;
      hole = child;
    }
    times[hole] = timeS;
    ties[hole] = tie;
    slots[hole] = slot;
    positions[slot] = hole;
  }
}
