/**
 * An event set orders pending event slots by the key (timeS, tie), smallest first.
 *
 * The Simulation owns the slots (handler, argument, generation); an event set only orders slot ids.
 * `tie` packs (priority, insertion sequence) into one float so a comparison is two number compares.
 * Implementations must support removal of an arbitrary slot so cancellation is cheap (O(log n) for
 * the heaps, O(1) amortised for the calendar queue).
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
  /** Slot of the smallest key; -1 when empty. */
  peekSlot(): number;
  /** Removes and returns the slot with the smallest key; -1 when empty. */
  pop(): number;
  /**
   * Removes the smallest key and adds (slot, timeS, tie): a pop followed by a push, done in one pass
   * where the structure allows (the shape of a hold, where the fired event schedules the next one).
   * The set must not be empty; `slot` may be the slot being removed.
   */
  replaceTop(slot: number, timeS: number, tie: number): void;
  /** Gives a held slot a new key (a timer re-armed), as remove then push would. */
  update(slot: number, timeS: number, tie: number): void;
  /** Removes a held slot; returns false when the slot is not held. */
  remove(slot: number): boolean;
  /** Empties the set. */
  clear(): void;
}

/** The event sets a Simulation can use (`SimulationOptions.eventSet`). */
export const EVENT_SET_KINDS = ['quaternary-heap', 'binary-heap', 'calendar-queue'] as const;
export type EventSetKind = (typeof EVENT_SET_KINDS)[number];
