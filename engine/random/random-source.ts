import seedrandom from 'seedrandom';

/** A source of uniform variates in [0, 1). Distributions draw from one; tests can pass a stub. */
export interface RandomSource {
  /** Uniform on [0, 1) with 32 bits of resolution (may return exactly 0, never 1). */
  next(): number;
}

/** Uniforms a SeededStream computes ahead at a time. */
const UNIFORM_BLOCK = 128;

/**
 * A seeded stream: Brent's xor4096 (period 2^4096−1, passes BigCrush) as seedrandom implements it.
 * seedrandom seeds it from the string key and hands over its state; the recurrence then runs here,
 * on an Int32Array with the counters as fields. The draws are exactly seedrandom.xor4096(seedKey)'s
 * (test/engine/random/random-source.test.ts).
 *
 * The recurrence fills UNIFORM_BLOCK draws at a time into a Float64Array, and `next()` hands them out
 * in order. `next()` is then small enough for V8 to inline into every sampler, however much the
 * sampler has inlined already. Inlining the recurrence itself took most of a rejection sampler's
 * inlining budget, and a draw returned from a call that is not inlined is a boxed double: 16 bytes
 * allocated per uniform, e.g. in every gamma variate.
 */
export class SeededStream implements RandomSource {
  private readonly state: Int32Array;
  private index: number;
  private weyl: number;
  private readonly ahead = new Float64Array(UNIFORM_BLOCK);
  private cursor = UNIFORM_BLOCK;

  constructor(readonly seedKey: string) {
    const seeded = seedrandom.xor4096(seedKey, { state: true }).state() as { X: number[]; i: number; w: number };
    this.state = Int32Array.from(seeded.X);
    this.index = seeded.i;
    this.weyl = seeded.w;
  }

  next(): number {
    if (this.cursor === UNIFORM_BLOCK) this.refill();
    return this.ahead[this.cursor++];
  }

  private refill(): void {
    const x = this.state;
    const ahead = this.ahead;
    let w = this.weyl;
    let index = this.index;
    for (let k = 0; k < UNIFORM_BLOCK; k++) {
      w = (w + 0x61c88647) | 0;
      let v = x[(index + 34) & 127];
      index = (index + 1) & 127;
      let t = x[index];
      v ^= v << 13;
      t ^= t << 17;
      v ^= v >>> 15;
      t ^= t >>> 12;
      v ^= t;
      x[index] = v;
      // `| 0` first, as seedrandom does: V8 then adds in int32 instead of float64 (measured faster).
      ahead[k] = (((v + (w ^ (w >>> 16))) | 0) >>> 0) / 4294967296;
    }
    this.weyl = w;
    this.index = index;
    this.cursor = 0;
  }
}

/**
 * Independent named streams of one replication. Each purpose (a tier's arrivals, its lengths, a
 * router) takes its own stream, derived only from (base seed, replication index, stream name):
 * - common random numbers: two policies compared on the same replication see the same arrivals;
 * - results do not depend on which worker thread or shard runs the replication.
 */
export class RandomStreams {
  constructor(
    readonly baseSeed: string | number,
    readonly replication: number,
  ) {
    if (!Number.isInteger(replication) || replication < 0) {
      throw new RangeError(`replication must be an integer ≥ 0, got ${replication}`);
    }
  }

  /** The stream for `name`; asking twice for one name gives two streams with identical draws. */
  stream(name: string): SeededStream {
    return new SeededStream(streamSeedKey(this.baseSeed, this.replication, name));
  }
}

/** The seed string of a named stream; exported so tests and docs can show the derivation. */
export function streamSeedKey(baseSeed: string | number, replication: number, name: string): string {
  return `tokenfactory|${baseSeed}|${replication}|${name}`;
}
