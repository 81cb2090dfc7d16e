import * as tf from '@tensorflow/tfjs';
import { createRng } from '../data';
import { projectInPlace, resolveConstraints } from './constraints';
import type { PerturbationConstraints, ResolvedConstraints } from './constraints';

/** A model under attack: a tfjs LayersModel or a function from a batch to probabilities. */
export type AttackModel = tf.LayersModel | ((x: tf.Tensor) => tf.Tensor);

/**
 * Labels: class indices, one per example. Outputs of shape [n, 1] or [n] are read as P(class 1) (sigmoid);
 * [n, k] with k > 1 as class probabilities (softmax). Models must output probabilities, not logits.
 */
export type AttackLabels = tf.Tensor | readonly number[];

export interface AttackOptions {
  model: AttackModel;
  /** Clean inputs, [n, ...features]. */
  xs: tf.Tensor;
  ys: AttackLabels;
  /** L∞ radius in model-input units. */
  epsilon: number;
  constraints?: PerturbationConstraints;
}

export interface PgdOptions extends AttackOptions {
  /** Gradient-sign steps. Default 10. */
  iterations?: number;
  /** Step size α. Default 2.5·ε / iterations (Madry et al. 2018), so the walk can cross the ball. */
  stepSize?: number;
  /** Start from a uniform point in the ball (on continuous features). Default true. */
  randomStart?: boolean;
  /** Seeds the random start. Default 0. */
  seed?: number;
}

export function forward(model: AttackModel, x: tf.Tensor): tf.Tensor {
  if (typeof model === 'function') return model(x);
  const out = model.apply(x, { training: false });
  if (Array.isArray(out)) throw new Error('robustness: multi-output models are not supported; wrap the output you want in a function');
  return out as tf.Tensor;
}

export function labelsTensor(ys: AttackLabels, n: number): tf.Tensor1D {
  const t = Array.isArray(ys) ? tf.tensor1d(ys as number[], 'float32') : tf.cast(tf.reshape(ys as tf.Tensor, [-1]), 'float32');
  if (t.shape[0] !== n) {
    t.dispose();
    throw new Error(`robustness: ${n} inputs but ${t.shape[0]} labels`);
  }
  return t as tf.Tensor1D;
}

// Clipping keeps log finite; a prediction saturated at exactly 0 or 1 in float32 has zero gradient, which is
// also what the model's own loss would see, so such (very confident) points are simply not moved.
const CLIP = 1e-7;

/** Cross-entropy per example for probability outputs; labels are class indices. */
export function perExampleLoss({ probs, labels }: { probs: tf.Tensor; labels: tf.Tensor1D }): tf.Tensor1D {
  return tf.tidy(() => {
    const n = probs.shape[0] ?? 0;
    const k = probs.rank === 2 ? (probs.shape[1] ?? 1) : 1;
    if (k === 1) {
      const p = tf.clipByValue(tf.reshape(probs, [n]), CLIP, 1 - CLIP);
      return tf.neg(tf.add(tf.mul(labels, tf.log(p)), tf.mul(tf.sub(1, labels), tf.log(tf.sub(1, p))))) as tf.Tensor1D;
    }
    const oneHot = tf.oneHot(tf.cast(labels, 'int32'), k);
    return tf.neg(tf.sum(tf.mul(oneHot, tf.log(tf.clipByValue(probs, CLIP, 1))), 1)) as tf.Tensor1D;
  });
}

/** Hard predictions: P ≥ 0.5 for one output, argmax otherwise. */
export function predictClasses({ model, xs }: { model: AttackModel; xs: tf.Tensor }): Int32Array {
  return tf.tidy(() => {
    const probs = forward(model, xs);
    const k = probs.rank === 2 ? (probs.shape[1] ?? 1) : 1;
    const cls = k === 1 ? tf.cast(tf.greaterEqual(tf.reshape(probs, [-1]), 0.5), 'int32') : tf.argMax(probs, 1);
    return Int32Array.from(cls.dataSync());
  });
}

interface LossAndGradient {
  loss: Float32Array;
  gradient: Float32Array;
}

function lossAndGradient({ model, x, labels }: { model: AttackModel; x: tf.Tensor; labels: tf.Tensor1D }): LossAndGradient {
  let perExample: tf.Tensor | undefined;
  try {
    return tf.tidy(() => {
      // Summing per-example losses keeps each row's gradient its own (no 1/n scaling, no cross-talk). The
      // per-example losses are kept from the same forward pass, so PGD's best-iterate tracking costs no extra pass.
      const gradient = tf.grad((xi: tf.Tensor) => {
        const losses = perExampleLoss({ probs: forward(model, xi), labels });
        perExample = tf.keep(losses.clone());
        return tf.sum(losses);
      })(x);
      return { loss: Float32Array.from(perExample?.dataSync() ?? []), gradient: Float32Array.from(gradient.dataSync()) };
    });
  } finally {
    perExample?.dispose();
  }
}

function lossOnly({ model, x, labels }: { model: AttackModel; x: tf.Tensor; labels: tf.Tensor1D }): Float32Array {
  return tf.tidy(() => Float32Array.from(perExampleLoss({ probs: forward(model, x), labels }).dataSync()));
}

function checkEpsilon(epsilon: number): void {
  if (!(epsilon >= 0) || !Number.isFinite(epsilon)) throw new Error(`robustness: epsilon must be a finite number ≥ 0, got ${epsilon}`);
}

function prepare(opts: AttackOptions): { n: number; c: ResolvedConstraints; original: Float32Array; labels: tf.Tensor1D } {
  checkEpsilon(opts.epsilon);
  const n = opts.xs.shape[0];
  if (n === undefined || opts.xs.rank < 2) throw new Error('robustness: xs must be a batch [n, ...features]');
  const d = opts.xs.size / n;
  const c = resolveConstraints({ constraints: opts.constraints, d });
  return { n, c, original: Float32Array.from(opts.xs.dataSync()), labels: labelsTensor(opts.ys, n) };
}

/**
 * Fast Gradient Sign Method (Goodfellow et al. 2015): one step x + ε·sign(∇ₓ loss), then projected onto the
 * constraints (bounds, integer grids, frozen features, one-hot groups). Returns a new tensor shaped like `xs`.
 *
 * @example
 * const adv = fgsm({ model, xs, ys: [0, 1, 1], epsilon: 0.1, constraints: { lower: 0, upper: 1, frozen: [3] } });
 */
export function fgsm(opts: AttackOptions): tf.Tensor {
  const { c, original, labels } = prepare(opts);
  try {
    const { gradient } = lossAndGradient({ model: opts.model, x: opts.xs, labels });
    const candidate = original.map((v, i) => v + opts.epsilon * Math.sign(gradient[i] as number));
    projectInPlace({ candidate, original, gradient, epsilon: opts.epsilon, c });
    return tf.tensor(candidate, opts.xs.shape, 'float32');
  } finally {
    labels.dispose();
  }
}

/**
 * Projected Gradient Descent under L∞ (Madry et al. 2018): optional uniform random start in the ball, then
 * `iterations` steps x ← Π(x + α·sign(∇ₓ loss)). Π is the same projection FGSM uses. Per example the iterate
 * with the highest loss is returned (the start included), so PGD never ends weaker than where it passed.
 *
 * @example
 * const adv = pgd({ model, xs: images, ys: labels, epsilon: 0.03, iterations: 10, constraints: imageConstraints() });
 */
export function pgd(opts: PgdOptions): tf.Tensor {
  const { n, c, original, labels } = prepare(opts);
  const { epsilon, model } = opts;
  const iterations = opts.iterations ?? 10;
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`pgd: iterations must be a positive integer, got ${iterations}`);
  const stepSize = opts.stepSize ?? (2.5 * epsilon) / iterations;
  const d = c.d;
  try {
    const current = Float32Array.from(original);
    if (opts.randomStart ?? true) {
      const rng = createRng({ seed: opts.seed ?? 0 });
      for (let i = 0; i < current.length; i++) current[i] = (current[i] as number) + (2 * rng.next() - 1) * epsilon;
      // No gradient yet: one-hot groups stay at the original category for the start.
      projectInPlace({ candidate: current, original, epsilon, c });
    }
    const best = Float32Array.from(current);
    const bestLoss = new Float32Array(n).fill(-Infinity);
    const keepBest = (loss: Float32Array): void => {
      for (let i = 0; i < n; i++) {
        if ((loss[i] as number) > (bestLoss[i] as number)) {
          bestLoss[i] = loss[i] as number;
          best.set(current.subarray(i * d, (i + 1) * d), i * d);
        }
      }
    };
    for (let t = 0; t < iterations; t++) {
      const x = tf.tensor(current, opts.xs.shape, 'float32');
      const { loss, gradient } = lossAndGradient({ model, x, labels });
      x.dispose();
      keepBest(loss);
      for (let i = 0; i < current.length; i++) current[i] = (current[i] as number) + stepSize * Math.sign(gradient[i] as number);
      projectInPlace({ candidate: current, original, gradient, epsilon, c });
    }
    const last = tf.tensor(current, opts.xs.shape, 'float32');
    keepBest(lossOnly({ model, x: last, labels }));
    last.dispose();
    return tf.tensor(best, opts.xs.shape, 'float32');
  } finally {
    labels.dispose();
  }
}
