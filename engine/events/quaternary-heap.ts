import { TypedHeapEventSet } from './typed-heap.js';

/**
 * 4-ary min-heap: children of i are 4i+1 … 4i+4. Half the depth of a binary heap, so fewer cache
 * misses on large pending sets at the cost of more comparisons per level.
 */
export class QuaternaryHeapEventSet extends TypedHeapEventSet {
  protected parentOf(index: number): number {
    return (index - 1) >> 2;
  }

  protected siftUpFrom(hole: number, from: number): void {
    const times = this.times, ties = this.ties, slots = this.slots, positions = this.positions;
    const timeS = times[from], tie = ties[from], slot = slots[from];
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
      const first = 4 * hole + 1;
      if (first >= n) break;
      let child = first;
      let ct = times[first];
      const end = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < end; c++) {
        const t = times[c];
        if (t < ct || (t === ct && ties[c] < ties[child])) {
          child = c;
          ct = t;
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
