import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import type { EventSet, EventSetKind } from '../../../engine/events/event-set.js';
import { BinaryHeapEventSet } from '../../../engine/events/binary-heap.js';
import { QuaternaryHeapEventSet } from '../../../engine/events/quaternary-heap.js';
import { CalendarQueueEventSet } from '../../../engine/events/calendar-queue.js';

/**
 * Each event set against a reference (an array kept sorted by (time, tie)), driven directly through
 * the EventSet interface by long seeded programs: sizes that grow into the thousands and drain again
 * (the calendar queue's move from its small heap to its buckets and back, and its resizes), removals
 * anywhere, updates of a held slot's key (a re-armed timer), replaceTop, clear, and time distributions chosen to defeat a calendar's width estimate
 * (a drifting time scale, far outliers, denormal gaps, huge and negative times, many equal times).
 */

const MAKERS: Record<EventSetKind, () => EventSet> = {
  'quaternary-heap': () => new QuaternaryHeapEventSet(),
  'binary-heap': () => new BinaryHeapEventSet(),
  'calendar-queue': () => new CalendarQueueEventSet(),
};

type Random = () => number;

/** Next event time given the current front `nowS` and the operation count (for drifting scales). */
const DISTRIBUTIONS: Record<string, (random: Random, nowS: number, op: number) => number> = {
  exponential: (random, nowS) => nowS - Math.log(1 - random()),
  'integer ties': (random, nowS) => nowS + Math.floor(random() * 4),
  'all equal': (random, nowS) => nowS,
  'denormal gaps': (random, nowS) => (random() < 0.3 ? nowS + Number.MIN_VALUE : random() < 0.5 ? nowS : nowS + random() * 2),
  'far outliers': (random, nowS) => nowS + (random() < 0.01 ? 1e9 * random() : random() * 1e-6),
  'huge times': (random, nowS) => nowS + (random() < 0.5 ? 1e300 * random() : random()),
  'drifting scale': (random, nowS, op) => nowS + random() * 10 ** ((op / 2000) % 12 - 6),
  bimodal: (random, nowS) => nowS + (random() < 0.5 ? random() * 1e-3 : 1e3 + random()),
};

interface Entry {
  slot: number;
  timeS: number;
  tie: number;
}

const before = (a: Entry, b: Entry) => a.timeS < b.timeS || (a.timeS === b.timeS && a.tie < b.tie);

class Reference {
  readonly entries: Entry[] = [];
  push(entry: Entry): void {
    let at = this.entries.length;
    while (at > 0 && before(entry, this.entries[at - 1])) at--;
    this.entries.splice(at, 0, entry);
  }
  pop(): Entry | undefined {
    return this.entries.shift();
  }
  remove(slot: number): boolean {
    const at = this.entries.findIndex((e) => e.slot === slot);
    if (at < 0) return false;
    this.entries.splice(at, 1);
    return true;
  }
}

function runProgram(kind: EventSetKind, distribution: string, seed: number, operations: number): void {
  const random = seedrandom.xor4096(`${distribution}|${seed}`);
  const draw = DISTRIBUTIONS[distribution];
  const set = MAKERS[kind]();
  const reference = new Reference();
  let nowS = distribution === 'huge times' ? -1e6 : seed % 2 === 0 ? 0 : -50;
  let sequence = 0;
  const freeSlots: number[] = [];
  let nextSlot = 0;
  // The target size swings between small and a few thousand, so sets grow and drain repeatedly.
  let target = 0;
  const tie = () => (Math.floor(random() * 3) - 1) * 2 ** 42 + sequence++;
  // Plain comparisons first: `expect` on every operation would dominate the run time.
  const checkFront = (op: number) => {
    const front = reference.entries[0];
    const actual = [set.size, set.peekTime(), set.peekTie(), set.peekSlot()];
    const expected = [reference.entries.length, front ? front.timeS : Infinity, front ? front.tie : Infinity, front ? front.slot : -1];
    if (actual.some((value, i) => value !== expected[i])) {
      expect(actual, `${kind} ${distribution} seed ${seed} op ${op}: size, peekTime, peekTie, peekSlot`).toEqual(expected);
    }
  };

  for (let op = 0; op < operations; op++) {
    if (op % 1500 === 0) target = random() < 0.3 ? Math.floor(random() * 40) : Math.floor(random() * 3000);
    const roll = random();
    const growing = set.size < target;
    if (roll < (growing ? 0.6 : 0.3)) {
      const entry = { slot: freeSlots.pop() ?? nextSlot++, timeS: draw(random, nowS, op), tie: tie() };
      set.push(entry.slot, entry.timeS, entry.tie);
      reference.push(entry);
    } else if (roll < 0.8) {
      const front = reference.entries[0];
      if (front && random() < 0.5) {
        // What the kernel's hold fusion does: the top is replaced, here by a new event from its slot.
        const entry = { slot: front.slot, timeS: draw(random, front.timeS, op), tie: tie() };
        set.replaceTop(entry.slot, entry.timeS, entry.tie);
        reference.pop();
        reference.push(entry);
        nowS = front.timeS;
      } else {
        const expected = reference.pop();
        const popped = set.pop();
        if (popped !== (expected ? expected.slot : -1)) expect(popped).toBe(expected ? expected.slot : -1);
        if (expected) {
          freeSlots.push(expected.slot);
          nowS = expected.timeS;
        }
      }
    } else if (roll < 0.9 && reference.entries.length > 0) {
      // A re-armed timer: a held slot (often the front) gets a new key, later or earlier.
      const entries = reference.entries;
      const old = random() < 0.4 ? entries[0] : entries[Math.floor(random() * entries.length)];
      const entry = { slot: old.slot, timeS: draw(random, nowS, op), tie: tie() };
      set.update(entry.slot, entry.timeS, entry.tie);
      reference.remove(old.slot);
      reference.push(entry);
    } else if (roll < 0.995) {
      // Often the front itself (a cancelled next event), so pushes land before the scan's position.
      const front = reference.entries[0];
      const slot = front && random() < 0.4 ? front.slot : Math.floor(random() * (nextSlot + 2));
      const held = reference.remove(slot);
      const removed = set.remove(slot);
      if (removed !== held) expect(removed, `remove ${slot} at op ${op}`).toBe(held);
      if (held) freeSlots.push(slot);
    } else if (random() < 0.2) {
      set.clear();
      for (const entry of reference.entries.splice(0)) freeSlots.push(entry.slot);
    }
    // Not after every operation: a peek makes the calendar find its minimum, and the kernel also
    // pushes and removes several times between peeks.
    if (random() < 0.3) checkFront(op);
  }
  while (reference.entries.length > 0) {
    const expected = reference.pop()!.slot;
    const popped = set.pop();
    if (popped !== expected) expect(popped).toBe(expected);
  }
  checkFront(operations);
}

describe.each(Object.keys(MAKERS) as EventSetKind[])('event set against a sorted reference (%s)', (kind) => {
  it.each(Object.keys(DISTRIBUTIONS))('keeps the exact (time, tie) order: %s', (distribution) => {
    for (let seed = 0; seed < 2; seed++) runProgram(kind, distribution, seed, 10_000);
  });

  it('pops events pushed in FIFO order at one instant in that order, and empties cleanly', () => {
    const set = MAKERS[kind]();
    for (let i = 0; i < 5000; i++) set.push(i, 7, i);
    for (let i = 0; i < 5000; i++) expect(set.pop()).toBe(i);
    expect(set.pop()).toBe(-1);
    expect(set.peekTime()).toBe(Infinity);
    expect(set.remove(3)).toBe(false);
  });
});
