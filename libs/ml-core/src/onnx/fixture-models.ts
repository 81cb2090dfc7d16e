import * as tf from '@tensorflow/tfjs';
import { createRng } from '../data/prng';

/**
 * Small deterministic tfjs models for export parity tests and the ONNX benchmark. Weights and BatchNorm moving
 * statistics are drawn from a seeded generator so every run (and every backend) sees the same numbers, and
 * the BN statistics are far from the identity so that folding them into the conv weights is really exercised.
 */

/** Seeded uniform draws from ml-core's one generator (Math.random cannot be seeded). */
export const seededRandom = (seed: number): (() => number) => {
  const rng = createRng({ seed });
  return () => rng.next();
};

/** Uniform values in [low, high) from a seeded generator. */
export const seededUniform = (options: { seed: number; count: number; low?: number; high?: number }): Float32Array => {
  const rand = seededRandom(options.seed);
  const low = options.low ?? -1;
  const high = options.high ?? 1;
  return Float32Array.from({ length: options.count }, () => low + (high - low) * rand());
};

/**
 * Replaces every weight of `model` with seeded values: kernels ~ U(±sqrt(3/fan_in)) (unit-variance
 * activations), biases and BN shift/mean small but non-zero, BN scale and variance in [0.5, 1.5].
 *
 * @example
 * setSeededWeights({ model, seed: 7 });
 */
export function setSeededWeights(options: { model: tf.LayersModel; seed: number }): void {
  const rand = seededRandom(options.seed);
  const u = (low: number, high: number) => low + (high - low) * rand();
  const tensors = options.model.weights.map((w) => {
    // The variable's own shape may carry nulls in its type; the value's shape is concrete.
    const shape = w.read().shape;
    const count = shape.reduce((a, d) => a * d, 1);
    const kind = w.originalName.split('/').pop() ?? '';
    const fanIn = shape.slice(0, -1).reduce((a, d) => a * d, 1) || 1;
    const draw = (): number => {
      switch (kind) {
        case 'kernel':
        case 'depthwise_kernel':
          return u(-1, 1) * Math.sqrt(3 / fanIn);
        case 'embeddings':
          return u(-0.5, 0.5);
        case 'gamma':
          return u(0.5, 1.5);
        case 'moving_variance':
          return u(0.5, 1.5);
        case 'moving_mean':
          return u(-0.3, 0.3);
        default: // bias, beta
          return u(-0.1, 0.1);
      }
    };
    return tf.tensor(Float32Array.from({ length: count }, draw), shape);
  });
  options.model.setWeights(tensors);
  tf.dispose(tensors);
}

/**
 * Tabular MLP 24 → 32 → 16 → 1 (sigmoid) with L2 kernel regularisation and dropout, as a credit scorer has.
 *
 * @example
 * const model = createTabularMlpFixture({ seed: 1 });
 */
export function createTabularMlpFixture(options: { seed: number; inputDim?: number }): tf.LayersModel {
  const model = tf.sequential({ name: 'tabular_mlp' });
  const l2 = () => tf.regularizers.l2({ l2: 1e-3 });
  model.add(tf.layers.dense({ inputShape: [options.inputDim ?? 24], units: 32, activation: 'relu', kernelRegularizer: l2() }));
  model.add(tf.layers.dropout({ rate: 0.2 }));
  model.add(tf.layers.dense({ units: 16, activation: 'relu', kernelRegularizer: l2() }));
  model.add(tf.layers.dropout({ rate: 0.2 }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  setSeededWeights({ model, seed: options.seed });
  return model;
}

/**
 * 28x28x1 CNN with two residual blocks (Conv2D + BatchNorm + ReLU + Add), MaxPool, GlobalAvgPool and a Dense
 * head (softmax over `classes`, or one sigmoid unit when `classes` is 1).
 *
 * @example
 * const model = createResidualCnnFixture({ seed: 2, classes: 3 });
 */
export function createResidualCnnFixture(options: { seed: number; classes?: number; filters?: number }): tf.LayersModel {
  const classes = options.classes ?? 3;
  const filters = options.filters ?? 8;
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor => {
    const y = layer.apply(x);
    if (Array.isArray(y) || !(y instanceof tf.SymbolicTensor)) throw new Error('expected one symbolic tensor');
    return y;
  };
  const convBn = (x: tf.SymbolicTensor, relu: boolean, strides = 1): tf.SymbolicTensor => {
    const c = apply(tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', strides, useBias: true }), x);
    const b = apply(tf.layers.batchNormalization({ epsilon: 1e-3 }), c);
    return relu ? apply(tf.layers.activation({ activation: 'relu' }), b) : b;
  };
  const residual = (x: tf.SymbolicTensor): tf.SymbolicTensor => {
    const y = convBn(convBn(x, true), false);
    return apply(tf.layers.reLU(), apply(tf.layers.add(), [x, y]));
  };
  const input = tf.input({ shape: [28, 28, 1], name: 'image' });
  let x = convBn(input, true);
  x = residual(x);
  x = apply(tf.layers.maxPooling2d({ poolSize: 2 }), x);
  x = residual(x);
  x = apply(tf.layers.globalAveragePooling2d({}), x);
  x = apply(tf.layers.dropout({ rate: 0.3 }), x);
  const out = apply(tf.layers.dense({ units: classes, activation: classes === 1 ? 'sigmoid' : 'softmax' }), x);
  const model = tf.model({ inputs: input, outputs: out, name: 'residual_cnn' });
  setSeededWeights({ model, seed: options.seed });
  return model;
}
