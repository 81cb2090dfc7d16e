import * as tf from '@tensorflow/tfjs';
import { createRng } from '../data';
import type { Rng } from '../data';

type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;
type Regularizer = ReturnType<typeof tf.regularizers.l1l2>;

/**
 * Hands out initializers with their own seeds. tfjs initializers without a seed draw from Math.random, so a
 * model built twice would start from different weights; each layer gets a distinct seed from one model seed.
 */
export interface SeededInit {
  glorot(): Initializer;
  heNormal(): Initializer;
  uniform(opts: { scale: number }): Initializer;
  /** Seed for a layer that takes one directly (Dropout). */
  nextSeed(): number;
}

export function createSeededInit({ seed }: { seed: number }): SeededInit {
  const rng: Rng = createRng({ seed });
  const nextSeed = (): number => rng.int(2 ** 31 - 1);
  return {
    glorot: () => tf.initializers.glorotUniform({ seed: nextSeed() }),
    heNormal: () => tf.initializers.heNormal({ seed: nextSeed() }),
    uniform: ({ scale }) => tf.initializers.randomUniform({ minval: -scale, maxval: scale, seed: nextSeed() }),
    nextSeed,
  };
}

/** L1/L2 penalty on kernels, or none when both are zero (keeps model.json free of no-op regularizers). */
export function kernelPenalty({ l1 = 0, l2 = 0 }: { l1?: number; l2?: number }): Regularizer | undefined {
  return l1 > 0 || l2 > 0 ? tf.regularizers.l1l2({ l1, l2 }) : undefined;
}
