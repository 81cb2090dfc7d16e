import * as tf from '@tensorflow/tfjs';
import type { DifferentiableModel } from './tf-model';
import { forward, selectOutput } from './tf-model';

export interface IntegratedGradientsOptions {
  model: DifferentiableModel;
  /** One example without the batch dimension (e.g. [features] or [28, 28, 1]). */
  input: tf.Tensor | number[];
  /** Reference input of the same shape. Default all zeros (black image / zero-valued features). */
  baseline?: tf.Tensor | number[];
  /** Riemann steps m along the straight path. Default 50. */
  steps?: number;
  /** Which output column to explain for multi-output models. Default 0. */
  outputIndex?: number;
  /** Interpolated inputs per gradient call (memory bound for images). Default 64. */
  batchSize?: number;
}

export interface IntegratedGradientsResult {
  /** Flattened attributions in the input's element order; reshape with `shape`. */
  attributions: number[];
  shape: number[];
  prediction: number;
  baselinePrediction: number;
  /** sum(attributions) − (f(x) − f(baseline)): should be near 0; grow `steps` if not. */
  completenessGap: number;
}

/**
 * Integrated Gradients (Sundararajan, Taly & Yan 2017) with the trapezoid rule over m steps:
 * IG_i = (x_i − x'_i) · (1/m) Σ_{k=0..m} w_k ∂f/∂x_i (x' + k/m (x − x')), w_0 = w_m = ½, else 1.
 *
 * @example
 * const ig = integratedGradients({ model, input: [0.2, 1.3, -0.4], steps: 100 });
 * ig.completenessGap; // ≈ 0
 */
export function integratedGradients(opts: IntegratedGradientsOptions): IntegratedGradientsResult {
  const steps = opts.steps ?? 50;
  if (!(steps >= 1)) throw new Error(`integratedGradients: steps must be ≥ 1, got ${steps}`);
  const outputIndex = opts.outputIndex ?? 0;
  const batchSize = opts.batchSize ?? 64;
  return tf.tidy(() => {
    const x = opts.input instanceof tf.Tensor ? opts.input.toFloat() : tf.tensor(opts.input);
    const base = opts.baseline === undefined ? tf.zerosLike(x) : opts.baseline instanceof tf.Tensor ? opts.baseline.toFloat() : tf.tensor(opts.baseline);
    if (base.shape.join() !== x.shape.join()) throw new Error('integratedGradients: baseline and input shapes differ');
    const diff = tf.sub(x, base);
    // Rows of the batch are independent, so d(sum of scores)/d(batch) gives each row's own gradient.
    const gradFn = tf.grad((batch: tf.Tensor) => tf.sum(selectOutput(forward(opts.model, batch), outputIndex)));
    let total = tf.zerosLike(x);
    for (let start = 0; start <= steps; start += batchSize) {
      const ks = Array.from({ length: Math.min(batchSize, steps + 1 - start) }, (_, i) => start + i);
      const alphas = tf.tensor1d(ks.map((k) => k / steps)).reshape([ks.length, ...x.shape.map(() => 1)]);
      const batch = tf.add(tf.expandDims(base, 0), tf.mul(alphas, tf.expandDims(diff, 0)));
      const weights = tf.tensor1d(ks.map((k) => (k === 0 || k === steps ? 0.5 : 1))).reshape([ks.length, ...x.shape.map(() => 1)]);
      total = tf.add(total, tf.sum(tf.mul(gradFn(batch), weights), 0));
    }
    const attributions = tf.mul(diff, tf.div(total, steps));
    const preds = selectOutput(forward(opts.model, tf.stack([x, base])), outputIndex).arraySync() as number[];
    const attr = Array.from(attributions.dataSync());
    const prediction = preds[0] as number;
    const baselinePrediction = preds[1] as number;
    return {
      attributions: attr,
      shape: x.shape,
      prediction,
      baselinePrediction,
      completenessGap: attr.reduce((a, b) => a + b, 0) - (prediction - baselinePrediction),
    };
  });
}
