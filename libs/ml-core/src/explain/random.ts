/** A seeded pseudo-random source: uniform in [0, 1). */
export type Rng = () => number;

/**
 * Seeded PRNG (mulberry32) so explanations are reproducible run to run.
 * Not for cryptography or DP noise — only for sampling coalitions, permutations and backgrounds.
 *
 * @example
 * const rng = createRng({ seed: 42 });
 * const u = rng(); // 0 <= u < 1
 */
export function createRng({ seed }: { seed: number }): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/** Draws `n` distinct indices from [0, size) (or all of them when n >= size). */
export function sampleIndices(size: number, n: number, rng: Rng): number[] {
  const all = Array.from({ length: size }, (_, i) => i);
  return n >= size ? all : shuffled(all, rng).slice(0, n);
}
