import type { EventSet } from './event-set.js';

const INITIAL_CAPACITY = 64;

/**
 * Shared storage of the d-ary heaps: parallel typed arrays (time, tie, slot) plus a slot→position
 * index for O(log n) removal. Subclasses supply the sift operations for their arity; sifting moves a
 * "hole" instead of swapping, so each level costs one write.
 */
export abstract class TypedHeapEventSet implements EventSet {
  size = 0;
  // Slot 0 holds Infinity while the heap is empty, so peeks are a plain array read (no branch
  // returning a fresh number, which V8 would box on every call).
  protected times = new Float64Array(INITIAL_CAPACITY).fill(Infinity);
  protected ties = new Float64Array(INITIAL_CAPACITY).fill(Infinity);
  protected slots = new Int32Array(INITIAL_CAPACITY);
  /** position of each slot in the heap arrays, -1 when not held */
  protected positions = new Int32Array(INITIAL_CAPACITY).fill(-1);

  protected abstract parentOf(index: number): number;
  protected abstract siftUp(hole: number, slot: number, timeS: number, tie: number): void;
  protected abstract siftDown(hole: number, slot: number, timeS: number, tie: number): void;

  push(slot: number, timeS: number, tie: number): void {
    if (this.size === this.times.length) this.growHeap();
    if (slot >= this.positions.length) this.growPositions(slot + 1);
    this.siftUp(this.size++, slot, timeS, tie);
  }

  peekTime(): number {
    return this.times[0];
  }

  peekTie(): number {
    return this.ties[0];
  }

  pop(): number {
    if (this.size === 0) return -1;
    const top = this.slots[0];
    this.positions[top] = -1;
    const last = --this.size;
    if (last > 0) this.siftDown(0, this.slots[last], this.times[last], this.ties[last]);
    else this.markEmpty();
    return top;
  }

  remove(slot: number): boolean {
    if (slot >= this.positions.length) return false;
    const at = this.positions[slot];
    if (at < 0) return false;
    this.positions[slot] = -1;
    const last = --this.size;
    if (last === 0) this.markEmpty();
    if (at === last) return true;
    const movedSlot = this.slots[last];
    const movedTime = this.times[last];
    const movedTie = this.ties[last];
    // The entry moved into the hole may belong above it or below it.
    const parent = this.parentOf(at);
    const pt = this.times[parent];
    if (at > 0 && (movedTime < pt || (movedTime === pt && movedTie < this.ties[parent]))) {
      this.siftUp(at, movedSlot, movedTime, movedTie);
    } else {
      this.siftDown(at, movedSlot, movedTime, movedTie);
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

  protected place(hole: number, slot: number, timeS: number, tie: number): void {
    this.times[hole] = timeS;
    this.ties[hole] = tie;
    this.slots[hole] = slot;
    this.positions[slot] = hole;
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
