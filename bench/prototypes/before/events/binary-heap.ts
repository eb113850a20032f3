import { TypedHeapEventSet } from './typed-heap.js';

/** Binary min-heap: children of i are 2i+1 and 2i+2. */
export class BinaryHeapEventSet extends TypedHeapEventSet {
  protected parentOf(index: number): number {
    return (index - 1) >> 1;
  }

  protected siftUp(hole: number, slot: number, timeS: number, tie: number): void {
    const times = this.times, ties = this.ties, slots = this.slots, positions = this.positions;
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
    this.place(hole, slot, timeS, tie);
  }

  protected siftDown(hole: number, slot: number, timeS: number, tie: number): void {
    const times = this.times, ties = this.ties, slots = this.slots, positions = this.positions;
    const n = this.size;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= n) break;
      let ct = times[child];
      let cTie = ties[child];
      const right = child + 1;
      if (right < n) {
        const rt = times[right];
        if (rt < ct || (rt === ct && ties[right] < cTie)) {
          child = right;
          ct = rt;
          cTie = ties[right];
        }
      }
      if (timeS < ct || (timeS === ct && tie <= cTie)) break;
      times[hole] = ct;
      ties[hole] = cTie;
      const cs = slots[child];
      slots[hole] = cs;
      positions[cs] = hole;
      hole = child;
    }
    this.place(hole, slot, timeS, tie);
  }
}
