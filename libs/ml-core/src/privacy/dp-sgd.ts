import * as tf from '@tensorflow/tfjs';
import type { Rng } from './random';
import { cryptoRng, gaussianNoise } from './random';

/**
 * Poisson sampling: each index joins the batch independently with probability `sampleRate`, which is
 * the sampling the RDP accountant's sampled-Gaussian analysis assumes (fixed-size shuffled batches are not).
 *
 * @example
 * const idx = poissonSample({ size: 60000, sampleRate: 256 / 60000, rng: seededRng({ seed: 1 }) });
 */
export function poissonSample({ size, sampleRate, rng = cryptoRng() }: { size: number; sampleRate: number; rng?: Rng }): number[] {
  if (!(sampleRate >= 0 && sampleRate <= 1)) throw new Error(`poissonSample: sampleRate must be in [0, 1], got ${sampleRate}`);
  const out: number[] = [];
  for (let i = 0; i < size; i++) if (rng() < sampleRate) out.push(i);
  return out;
}

export interface DpSgdStepOptions {
  model: tf.LayersModel;
  /** Loss of a batch (a mean); called with one example at a time to get per-example gradients. */
  lossFn: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;
  xs: tf.Tensor;
  ys: tf.Tensor;
  /** L2 bound C on each example's whole gradient (all trainable weights together). */
  clipNorm: number;
  /** σ: Gaussian noise std is σ·C on the summed gradient. */
  noiseMultiplier: number;
  optimizer: tf.Optimizer;
  /** Noise source. Default: OS CSPRNG. Pass a seeded one only in tests. */
  rng?: Rng;
  /**
   * Divisor of the noisy sum. Default: the batch's size. With Poisson sampling pass the expected batch
   * size q·N: dividing by the realised size would make the divisor depend on the data.
   */
  denominator?: number;
}

export interface DpSgdStepResult {
  /** The privatised average gradient that was applied, by variable name. */
  gradients: Record<string, Float32Array>;
  batchSize: number;
  /** Examples whose gradient norm exceeded clipNorm. */
  clippedCount: number;
  /** Per-example gradient L2 norms before clipping (for tuning C; not privatised — do not release). */
  gradientNorms: number[];
  noiseStd: number;
}

/**
 * One DP-SGD step (Abadi et al. 2016): per-example gradients (looped over the batch — tfjs has no
 * vmap), each clipped to L2 norm C, summed, Gaussian noise N(0, σ²C²) added, averaged, then applied.
 * Works for any LayersModel (dense, CNN).
 *
 * @example
 * const b = poissonSample({ size: n, sampleRate: q });
 * dpSgdStep({ model, lossFn: tf.losses.meanSquaredError, xs: tf.gather(X, b), ys: tf.gather(Y, b),
 *   clipNorm: 1, noiseMultiplier: 1.1, optimizer: tf.train.sgd(0.1), denominator: q * n });
 */
export function dpSgdStep(opts: DpSgdStepOptions): DpSgdStepResult {
  const { model, lossFn, xs, ys, clipNorm, noiseMultiplier, optimizer } = opts;
  if (!(clipNorm > 0)) throw new Error(`dpSgdStep: clipNorm must be > 0, got ${clipNorm}`);
  if (!(noiseMultiplier >= 0)) throw new Error(`dpSgdStep: noiseMultiplier must be ≥ 0, got ${noiseMultiplier}`);
  const batchSize = xs.shape[0] ?? 0;
  if (ys.shape[0] !== batchSize) throw new Error('dpSgdStep: xs and ys differ in batch size');
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const sums = vars.map((v) => new Float32Array(v.size));
  const gradientNorms: number[] = [];
  let clippedCount = 0;
  for (let i = 0; i < batchSize; i++) {
    const perExample = tf.tidy(() => {
      const xi = tf.slice(xs, [i], [1]);
      const yi = tf.slice(ys, [i], [1]);
      const { grads } = tf.variableGrads(() => lossFn(yi, model.apply(xi, { training: true }) as tf.Tensor), vars);
      return vars.map((v) => {
        const g = grads[v.name];
        return g ? g.dataSync().slice() : new Float32Array(v.size);
      });
    });
    let sq = 0;
    for (const g of perExample) for (const val of g) sq += val * val;
    const norm = Math.sqrt(sq);
    gradientNorms.push(norm);
    const scale = norm > clipNorm ? clipNorm / norm : 1;
    if (scale < 1) clippedCount++;
    perExample.forEach((g, k) => {
      const s = sums[k] as Float32Array;
      for (let j = 0; j < g.length; j++) s[j] = (s[j] as number) + scale * (g[j] as number);
    });
  }
  const noiseStd = noiseMultiplier * clipNorm;
  const rng = opts.rng ?? cryptoRng();
  const denominator = opts.denominator ?? Math.max(1, batchSize);
  const gradients: Record<string, Float32Array> = {};
  vars.forEach((v, k) => {
    const s = sums[k] as Float32Array;
    const noise = noiseStd > 0 ? gaussianNoise(s.length, noiseStd, rng) : null;
    gradients[v.name] = s.map((val, j) => (val + (noise ? (noise[j] as number) : 0)) / denominator);
  });
  tf.tidy(() => {
    const named: tf.NamedTensorMap = {};
    vars.forEach((v) => {
      named[v.name] = tf.tensor(gradients[v.name] as Float32Array, v.shape);
    });
    optimizer.applyGradients(named);
  });
  return { gradients, batchSize, clippedCount, gradientNorms, noiseStd };
}
