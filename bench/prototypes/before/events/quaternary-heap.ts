import { TypedHeapEventSet } from './typed-heap.js';

/**
 * 4-ary min-heap: children of i are 4i+1 … 4i+4. Half the depth of a binary heap, so fewer cache
 * misses on large pending sets at the cost of more comparisons per level.
 */
export class QuaternaryHeapEventSet extends TypedHeapEventSet {
  protected parentOf(index: number): number {
    return (index - 1) >> 2;
  }

  protected siftUp(hole: number, slot: number, timeS: number, tie: number): void {
    const times = this.times, ties = this.ties, slots = this.slots, positions = this.positions;
    while (hole > 0) {
      const parent = (hole - 1) >> 2;
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
      const first = 4 * hole + 1;
      if (first >= n) break;
      let child = first;
      let ct = times[first];
      let cTie = ties[first];
      const end = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < end; c++) {
        const t = times[c];
        if (t < ct || (t === ct && ties[c] < cTie)) {
          child = c;
          ct = t;
          cTie = ties[c];
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
