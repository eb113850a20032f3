import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { RandomStreams, SeededStream, streamSeedKey } from '../../../engine/random/random-source.js';

describe('SeededStream', () => {
  // The recurrence runs in our own code for speed; the stream must stay seedrandom's xor4096, draw
  // for draw, so seeds keep naming the same streams they always did.
  it.each(['tokenfactory|2026|0|tier:free:arrivals', 'x', '', 'a much longer seed key '.repeat(20), '0'])(
    'draws exactly what seedrandom.xor4096(%j) draws, for 100,000 draws',
    (key) => {
      const ours = new SeededStream(key);
      const theirs = seedrandom.xor4096(key);
      for (let i = 0; i < 100_000; i++) {
        const [a, b] = [ours.next(), theirs()];
        if (a !== b) expect(`draw ${i}: ${a}`).toBe(`draw ${i}: ${b}`);
      }
    },
  );

  it('returns numbers in [0, 1) with 32 bits of resolution', () => {
    const stream = new SeededStream('range');
    for (let i = 0; i < 100_000; i++) {
      const u = stream.next();
      expect(u >= 0 && u < 1).toBe(true);
      expect(Number.isInteger(u * 2 ** 32)).toBe(true);
    }
  });

  it('gives independent-looking streams for different names of one replication', () => {
    const streams = new RandomStreams(7, 3);
    const a = streams.stream('tier:a:arrivals');
    const b = streams.stream('tier:b:arrivals');
    // correlation of two independent U(0,1) streams: sd 1/√n around 0
    const n = 50_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (a.next() - 0.5) * (b.next() - 0.5) * 12;
    expect(Math.abs(sum / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(streams.stream('tier:a:arrivals').seedKey).toBe(streamSeedKey(7, 3, 'tier:a:arrivals'));
  });
});
