import { createRng as createSharedRng } from '../data/prng';

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
  // One generator for all of ml-core (data/prng); explain/ only needs its uniform draws.
  const rng = createSharedRng({ seed });
  return () => rng.next();
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
