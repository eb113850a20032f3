import type { EventSet } from './event-set.js';

const INITIAL_NODES = 64;
/** Node k lives at cell k + OFFSET, so the four children of any node fill cells 4(k+1) … 4(k+1)+3. */
const OFFSET = 3;
/** Doubles per cell: (time, slot). */
const STRIDE = 2;
const ROOT = OFFSET;

/**
 * A cache-aligned 4-ary min-heap (LaMarca & Ladner, "The influence of caches on the performance of
 * heaps", 1996), built for large pending sets, where a heap's cost is cache misses, not comparisons.
 *
 * - Each cell is 16 bytes, (time, slot) side by side in one Float64Array, and the root sits at cell 3,
 *   so a node's four children are one 64-byte block: one cache line per level when the buffer is
 *   line-aligned, two at worst, instead of one line per parallel array (time, tie, slot, position).
 * - The tie (priority, sequence) is only read when two times are equal, so it stays out of the heap,
 *   in an array indexed by slot, and never moves during a sift.
 * - There is no slot→position index: the kernel cancels lazily, so the heap never removes from the
 *   middle, and a sift writes nothing outside the heap's own cells.
 *
 * Like the other heaps it allocates nothing on the hot path: the spare cell past the end takes the
 * incoming entry, and the root cell holds Infinity while the heap is empty.
 */
export class AlignedQuaternaryHeapEventSet implements EventSet {
  size = 0;
  private cells = new Float64Array((INITIAL_NODES + OFFSET) * STRIDE).fill(Infinity);
  private tieOf = new Float64Array(INITIAL_NODES);

  push(slot: number, timeS: number, tie: number): void {
    if ((this.size + 1 + OFFSET) * STRIDE >= this.cells.length) this.growCells();
    if (slot >= this.tieOf.length) this.growTies(slot + 1);
    this.tieOf[slot] = tie;
    const hole = OFFSET + this.size++;
    this.cells[hole * STRIDE] = timeS;
    this.cells[hole * STRIDE + 1] = slot;
    this.siftUp(hole, hole);
  }

  peekTime(): number {
    return this.cells[ROOT * STRIDE];
  }

  peekTie(): number {
    return this.size > 0 ? this.tieOf[this.cells[ROOT * STRIDE + 1]] : Infinity;
  }

  peekSlot(): number {
    return this.size > 0 ? this.cells[ROOT * STRIDE + 1] : -1;
  }

  pop(): number {
    if (this.size === 0) return -1;
    const cells = this.cells;
    const top = cells[ROOT * STRIDE + 1];
    const last = OFFSET + --this.size;
    if (this.size > 0) {
      this.siftDownFrom(ROOT, last);
    } else {
      cells[ROOT * STRIDE] = Infinity;
    }
    return top;
  }

  replaceTop(slot: number, timeS: number, tie: number): void {
    if (slot >= this.tieOf.length) this.growTies(slot + 1);
    this.tieOf[slot] = tie;
    // The spare cell past the end exists: push keeps one free.
    const spare = OFFSET + this.size;
    this.cells[spare * STRIDE] = timeS;
    this.cells[spare * STRIDE + 1] = slot;
    this.siftDownFrom(ROOT, spare);
  }

  /**
   * Removal from the middle is O(n) here: the kernel cancels lazily and never calls it. It is kept
   * so the event set honours the interface (and its tests) like the others.
   */
  remove(slot: number): boolean {
    const cells = this.cells;
    const end = OFFSET + this.size;
    for (let at = OFFSET; at < end; at++) {
      if (cells[at * STRIDE + 1] !== slot) continue;
      const last = end - 1;
      this.size--;
      if (this.size === 0) {
        cells[ROOT * STRIDE] = Infinity;
        return true;
      }
      if (at === last) return true;
      const movedTime = cells[last * STRIDE];
      const movedTie = this.tieOf[cells[last * STRIDE + 1]];
      const parent = at > ROOT ? ((at - OFFSET - 1) >> 2) + OFFSET : -1;
      if (parent >= 0 && this.less(movedTime, movedTie, cells[parent * STRIDE], this.tieOf[cells[parent * STRIDE + 1]])) {
        this.siftUp(at, last);
      } else {
        this.siftDownFrom(at, last);
      }
      return true;
    }
    return false;
  }

  clear(): void {
    this.size = 0;
    this.cells[ROOT * STRIDE] = Infinity;
  }

  private less(timeA: number, tieA: number, timeB: number, tieB: number): boolean {
    return timeA < timeB || (timeA === timeB && tieA < tieB);
  }

  /** Moves the entry stored at cell `from` (`hole` itself, or past the end) up from `hole`. */
  private siftUp(hole: number, from: number): void {
    const cells = this.cells, tieOf = this.tieOf;
    const timeS = cells[from * STRIDE], slot = cells[from * STRIDE + 1], tie = tieOf[slot];
    while (hole > ROOT) {
      const parent = ((hole - OFFSET - 1) >> 2) + OFFSET;
      const pt = cells[parent * STRIDE];
      if (pt < timeS || (pt === timeS && tieOf[cells[parent * STRIDE + 1]] <= tie)) break;
      cells[hole * STRIDE] = pt;
      cells[hole * STRIDE + 1] = cells[parent * STRIDE + 1];
      hole = parent;
    }
    cells[hole * STRIDE] = timeS;
    cells[hole * STRIDE + 1] = slot;
  }

  /** Moves the entry stored at cell `from` (outside the heap) down from `hole` to its place. */
  private siftDownFrom(hole: number, from: number): void {
    const cells = this.cells, tieOf = this.tieOf;
    const timeS = cells[from * STRIDE], slot = cells[from * STRIDE + 1], tie = tieOf[slot];
    const end = OFFSET + this.size;
    for (;;) {
      // children of cell h (node h − 3) are cells 4(h − 2) … 4(h − 2) + 3
      const first = 4 * (hole - OFFSET + 1);
      if (first >= end) break;
      let child = first;
      let ct = cells[first * STRIDE];
      const stop = first + 4 < end ? first + 4 : end;
      for (let c = first + 1; c < stop; c++) {
        const t = cells[c * STRIDE];
        if (t < ct || (t === ct && tieOf[cells[c * STRIDE + 1]] < tieOf[cells[child * STRIDE + 1]])) {
          child = c;
          ct = t;
        }
      }
      if (timeS < ct || (timeS === ct && tie <= tieOf[cells[child * STRIDE + 1]])) break;
      cells[hole * STRIDE] = ct;
      cells[hole * STRIDE + 1] = cells[child * STRIDE + 1];
      hole = child;
    }
    cells[hole * STRIDE] = timeS;
    cells[hole * STRIDE + 1] = slot;
  }

  private growCells(): void {
    const cells = new Float64Array(this.cells.length * 2).fill(Infinity);
    cells.set(this.cells);
    this.cells = cells;
  }

  private growTies(minimum: number): void {
    let capacity = this.tieOf.length * 2;
    while (capacity < minimum) capacity *= 2;
    const ties = new Float64Array(capacity);
    ties.set(this.tieOf);
    this.tieOf = ties;
  }
}
