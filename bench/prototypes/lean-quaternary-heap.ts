import type { EventSet } from '../../engine/events/event-set.js';

const INITIAL_CAPACITY = 64;

/**
 * Prototype of engine/events/quaternary-heap.ts for the benchmark's profiling notes (BENCHMARKS.md):
 * same ordering and API, with changes aimed at the cost per hold.
 * 1. `peekTime` reads a sentinel instead of `size > 0 ? times[0] : Infinity`: that conditional joins
 *    a float64 load with a tagged constant, so V8 boxes the result in a fresh 16-byte HeapNumber on
 *    every call, even inlined: one allocation per event, ~20 scavenges per million events. Here
 *    `times[0]` and `ties[0]` hold Infinity whenever the heap is empty.
 * 2. No float64 crosses a call V8 may leave un-inlined (it would be boxed the same way): `push` is
 *    a few stores small enough to inline, the sift loops take indices, and the entry being moved
 *    waits in the spare cell past the end (or in its starting cell).
 * 3. `replaceTop`: pop and push fused into one sift-down, the shape of a hold (the handler of the
 *    event being fired schedules the next one).
 */
export class LeanQuaternaryHeapEventSet implements EventSet {
  size = 0;
  // One spare cell past `size` holds an entry while it is being moved by `remove`.
  private times = new Float64Array(INITIAL_CAPACITY + 1);
  private ties = new Float64Array(INITIAL_CAPACITY + 1);
  private slots = new Int32Array(INITIAL_CAPACITY + 1);
  private positions = new Int32Array(INITIAL_CAPACITY).fill(-1);

  constructor() {
    this.markEmpty();
  }

  push(slot: number, timeS: number, tie: number): void {
    // Kept tiny so V8 inlines it into the kernel: the doubles land in the spare cell here, and the
    // sift, which V8 may leave as a call, receives only integers.
    if (this.size + 1 >= this.times.length) this.growHeap();
    if (slot >= this.positions.length) this.growPositions(slot + 1);
    const at = this.size++;
    this.times[at] = timeS;
    this.ties[at] = tie;
    this.slots[at] = slot;
    this.siftUpFrom(at, at);
  }

  peekTime(): number {
    return this.times[0];
  }

  peekTie(): number {
    return this.ties[0];
  }

  /** Slot of the smallest key; -1 when empty. */
  peekSlot(): number {
    return this.size > 0 ? this.slots[0] : -1;
  }

  pop(): number {
    if (this.size === 0) return -1;
    const top = this.slots[0];
    this.positions[top] = -1;
    const last = --this.size;
    if (last > 0) this.siftDownFrom(0, last);
    else this.markEmpty();
    return top;
  }

  /** Replaces the smallest entry by (slot, timeS, tie): a pop and a push for the price of one sift. */
  replaceTop(slot: number, timeS: number, tie: number): void {
    if (slot >= this.positions.length) this.growPositions(slot + 1);
    this.positions[this.slots[0]] = -1;
    const at = this.size;
    this.times[at] = timeS;
    this.ties[at] = tie;
    this.slots[at] = slot;
    this.siftDownFrom(0, at);
  }

  remove(slot: number): boolean {
    if (slot >= this.positions.length) return false;
    const at = this.positions[slot];
    if (at < 0) return false;
    this.positions[slot] = -1;
    const last = --this.size;
    if (last === 0) this.markEmpty();
    if (at === last) return true;
    const parent = (at - 1) >> 2;
    const times = this.times, ties = this.ties;
    if (at > 0 && (times[last] < times[parent] || (times[last] === times[parent] && ties[last] < ties[parent]))) {
      this.siftUpFrom(at, last);
    } else {
      this.siftDownFrom(at, last);
    }
    return true;
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.positions[this.slots[i]] = -1;
    this.size = 0;
    this.markEmpty();
  }

  private markEmpty(): void {
    this.times[0] = Infinity;
    this.ties[0] = Infinity;
  }

  /** Moves the entry stored at index `from` (≥ size, so outside the heap) down from `hole`. */
  private siftDownFrom(hole: number, from: number): void {
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

  /** Moves the entry stored at index `from` (outside the heap, or at `hole` itself) up from `hole`. */
  private siftUpFrom(hole: number, from: number): void {
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

  private growHeap(): void {
    const capacity = (this.times.length - 1) * 2 + 1;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const ties = new Float64Array(capacity);
    ties.set(this.ties);
    const slots = new Int32Array(capacity);
    slots.set(this.slots);
    this.times = times;
    this.ties = ties;
    this.slots = slots;
  }

  private growPositions(minimum: number): void {
    let capacity = this.positions.length * 2;
    while (capacity < minimum) capacity *= 2;
    const positions = new Int32Array(capacity).fill(-1);
    positions.set(this.positions);
    this.positions = positions;
  }
}
