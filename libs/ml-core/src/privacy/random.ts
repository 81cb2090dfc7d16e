import { randomBytes } from 'node:crypto';
import { createRng } from '../data/prng';

/** Uniform source on [0, 1). */
export type Rng = () => number;

/**
 * Seeded PRNG (mulberry32) for reproducible tests and simulations. Not for production DP noise:
 * use `cryptoRng()` there, which is the default everywhere in privacy/.
 *
 * @example
 * const rng = seededRng({ seed: 7 });
 */
export function seededRng({ seed }: { seed: number }): Rng {
  // The shared ml-core generator (data/prng); privacy/ only needs its uniform draws.
  const rng = createRng({ seed });
  return () => rng.next();
}

/**
 * Uniform doubles with 53 random bits from the OS CSPRNG, buffered to keep the syscall count low.
 *
 * @example
 * const rng = cryptoRng();
 */
export function cryptoRng(): Rng {
  let buf = randomBytes(0);
  let off = 0;
  return () => {
    if (off + 8 > buf.length) {
      buf = randomBytes(8 * 1024);
      off = 0;
    }
    const hi = buf.readUInt32BE(off) >>> 5; // 27 bits
    const lo = buf.readUInt32BE(off + 4) >>> 6; // 26 bits
    off += 8;
    return (hi * 67108864 + lo) / 9007199254740992;
  };
}

/** Fills an array with N(0, std²) draws (Box–Muller; 1 − u avoids log(0)). */
export function gaussianNoise(n: number, std: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rng()));
    const theta = 2 * Math.PI * rng();
    out[i] = std * r * Math.cos(theta);
    if (i + 1 < n) out[i + 1] = std * r * Math.sin(theta);
  }
  return out;
}
