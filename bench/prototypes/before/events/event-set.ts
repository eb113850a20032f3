/**
 * An event set orders pending event slots by the key (timeS, tie), smallest first.
 *
 * The Simulation owns the slots (handler, argument, generation); an event set only orders slot ids.
 * `tie` packs (priority, insertion sequence) into one float so a comparison is two number compares.
 * Implementations must support removal of an arbitrary slot so cancellation is O(log n).
 */
export interface EventSet {
  /** Number of slots currently held. */
  readonly size: number;
  /** Adds slot with its key. The slot must not already be held. */
  push(slot: number, timeS: number, tie: number): void;
  /** Time of the smallest key; Infinity when empty. */
  peekTime(): number;
  /** Tie of the smallest key; Infinity when empty. */
  peekTie(): number;
  /** Removes and returns the slot with the smallest key; -1 when empty. */
  pop(): number;
  /** Removes a held slot; returns false when the slot is not held. */
  remove(slot: number): boolean;
  /** Empties the set. */
  clear(): void;
}

export type EventSetKind = 'binary-heap' | 'quaternary-heap';
