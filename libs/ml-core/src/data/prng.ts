/**
 * Seeded pseudo-random numbers shared by every ml-core area (splits, bootstrap, tuning, init).
 * mulberry32: 32-bit state, fast, good enough statistical quality for sampling and shuffling;
 * not cryptographic. The same seed gives the same stream on every platform because it only uses
 * 32-bit integer arithmetic (Math.imul) — training runs record the seed and must be replayable.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal draw (Box–Muller). */
  normal(): number;
  /** Fisher–Yates shuffle of a copy of `items`. */
  shuffle<T>(items: readonly T[]): T[];
  /** Seed for a child generator, so nested procedures get independent but replayable streams. */
  fork(): Rng;
}

/**
 * Creates a seeded generator.
 * @example
 * const rng = createRng({ seed: 42 });
 * const u = rng.next(); // same value on every run with seed 42
 */
export function createRng({ seed }: { seed: number }): Rng {
  if (!Number.isFinite(seed)) throw new Error(`createRng: seed must be a finite number, got ${seed}`);
  // Mix the seed once (splitmix-style) so small consecutive seeds (1, 2, 3) give unrelated streams.
  let state = mix32(Math.trunc(seed) >>> 0);
  let spareNormal: number | null = null;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const rng: Rng = {
    next,
    int(n: number): number {
      if (!Number.isInteger(n) || n <= 0) throw new Error(`Rng.int: n must be a positive integer, got ${n}`);
      return Math.floor(next() * n);
    },
    normal(): number {
      if (spareNormal !== null) {
        const s = spareNormal;
        spareNormal = null;
        return s;
      }
      // 1 - next() lies in (0, 1], so log never sees 0.
      const r = Math.sqrt(-2 * Math.log(1 - next()));
      const theta = 2 * Math.PI * next();
      spareNormal = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const a = out[i] as T;
        out[i] = out[j] as T;
        out[j] = a;
      }
      return out;
    },
    fork(): Rng {
      return createRng({ seed: Math.floor(next() * 4294967296) });
    },
  };
  return rng;
}

function mix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
