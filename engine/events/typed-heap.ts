import type { EventSet } from './event-set.js';

const INITIAL_CAPACITY = 64;

/**
 * Shared storage of the d-ary heaps: parallel typed arrays (time, tie, slot) plus a slot→position
 * index for O(log n) removal. Subclasses supply the sift operations for their arity; sifting moves a
 * "hole" instead of swapping, so each level costs one write.
 *
 * Written so the hot path allocates nothing. V8 boxes a float64 into a fresh 16-byte HeapNumber
 * whenever it crosses a call that is not inlined, or when a conditional joins it with a constant.
 * So `push` and `replaceTop` only store the new entry in the spare cell past the end of the heap (the
 * arrays always keep one) and hand the sift integers; and cell 0 holds Infinity while the heap is
 * empty, so the peeks are plain array reads.
 */
export abstract class TypedHeapEventSet implements EventSet {
  size = 0;
  protected times = new Float64Array(INITIAL_CAPACITY).fill(Infinity);
  protected ties = new Float64Array(INITIAL_CAPACITY).fill(Infinity);
  protected slots = new Int32Array(INITIAL_CAPACITY);
  /** position of each slot in the heap arrays, -1 when not held */
  protected positions = new Int32Array(INITIAL_CAPACITY).fill(-1);

  protected abstract parentOf(index: number): number;
  /** Moves the entry stored at index `from` (outside the heap, or `hole` itself) up from `hole`. */
  protected abstract siftUpFrom(hole: number, from: number): void;
  /** Moves the entry stored at index `from` (outside the heap) down from `hole`. */
  protected abstract siftDownFrom(hole: number, from: number): void;

  push(slot: number, timeS: number, tie: number): void {
    if (this.size + 1 === this.times.length) this.growHeap();
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

  replaceTop(slot: number, timeS: number, tie: number): void {
    if (slot >= this.positions.length) this.growPositions(slot + 1);
    this.positions[this.slots[0]] = -1;
    // The spare cell at `size` exists: push keeps size + 1 < capacity.
    const spare = this.size;
    this.times[spare] = timeS;
    this.ties[spare] = tie;
    this.slots[spare] = slot;
    this.siftDownFrom(0, spare);
  }

  update(slot: number, timeS: number, tie: number): void {
    const at = this.positions[slot];
    // The new key goes to the spare cell past the end; the entry then moves up or down from `at`.
    const spare = this.size;
    this.times[spare] = timeS;
    this.ties[spare] = tie;
    this.slots[spare] = slot;
    const times = this.times;
    const parent = this.parentOf(at);
    if (at > 0 && (timeS < times[parent] || (timeS === times[parent] && tie < this.ties[parent]))) {
      this.siftUpFrom(at, spare);
    } else {
      this.siftDownFrom(at, spare);
    }
  }

  remove(slot: number): boolean {
    if (slot >= this.positions.length) return false;
    const at = this.positions[slot];
    if (at < 0) return false;
    this.positions[slot] = -1;
    const last = --this.size;
    if (last === 0) this.markEmpty();
    if (at === last) return true;
    // The last entry moves into the hole, and may belong above it or below it.
    const times = this.times;
    const parent = this.parentOf(at);
    if (at > 0 && (times[last] < times[parent] || (times[last] === times[parent] && this.ties[last] < this.ties[parent]))) {
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

  private growHeap(): void {
    const capacity = this.times.length * 2;
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
