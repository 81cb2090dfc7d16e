import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { buildEmbeddingRecommender, buildGlobalForecaster, buildLogisticRegression, buildMlp, buildSmallImageCnn } from './index';

// Layer classes the ONNX exporter is asked to map (issue: keep models exportable).
const EXPORTABLE = new Set(['InputLayer', 'Dense', 'Conv2D', 'MaxPooling2D', 'AveragePooling2D', 'GlobalAveragePooling2D', 'BatchNormalization', 'ReLU', 'Activation', 'Flatten', 'Dropout', 'Add', 'Embedding', 'Dot']);
const classesOf = (model: tf.LayersModel): string[] => model.layers.map((l) => l.getClassName());

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('model builders', () => {
  it('logistic regression has inputDim + 1 parameters and a sigmoid output', () => {
    const model = buildLogisticRegression({ inputDim: 24, l2: 1e-3, seed: 1 });
    expect(model.countParams()).toBe(25);
    expect(model.outputs[0]?.shape).toEqual([null, 1]);
    const p = (model.predict(tf.zeros([3, 24])) as tf.Tensor).dataSync();
    expect(Array.from(p).every((v) => v > 0 && v < 1)).toBe(true);
  });

  it('MLP parameter count matches the layer arithmetic, with L1/L2 penalties registered', () => {
    const model = buildMlp({ inputDim: 10, hidden: [8, 4], dropout: 0.2, l1: 1e-4, l2: 1e-4, outputUnits: 3, seed: 2 });
    expect(model.countParams()).toBe(10 * 8 + 8 + 8 * 4 + 4 + 4 * 3 + 3);
    expect(model.calculateLosses().length).toBe(3);
    expect(classesOf(model).every((c) => EXPORTABLE.has(c))).toBe(true);
  });

  it('same seed ⇒ identical initial weights; another seed ⇒ different', () => {
    const w = (seed: number): number[] => buildMlp({ inputDim: 5, hidden: [6], seed }).getWeights().flatMap((t) => Array.from(t.dataSync()));
    expect(w(3)).toEqual(w(3));
    expect(w(3)).not.toEqual(w(4));
  });

  it('small CNN: residual stages halve 28x28 twice, output is a probability, layers are exportable', () => {
    const model = buildSmallImageCnn({ filters: 8, blocksPerStage: [1, 1, 1], seed: 1 });
    expect(model.outputs[0]?.shape).toEqual([null, 1]);
    const gapInput = model.getLayer('gap').input;
    expect(Array.isArray(gapInput) ? undefined : gapInput.shape).toEqual([null, 7, 7, 32]);
    expect(classesOf(model).every((c) => EXPORTABLE.has(c))).toBe(true);
    expect(classesOf(model)).toContain('Add');
    expect(classesOf(model)).toContain('BatchNormalization');
  });

  it('global forecaster outputs horizon x quantiles values', () => {
    const model = buildGlobalForecaster({ lags: 28, covariates: 5, horizon: 7, quantiles: [0.1, 0.5, 0.9], seed: 1 });
    expect(model.inputs[0]?.shape).toEqual([null, 33]);
    expect(model.outputs[0]?.shape).toEqual([null, 21]);
    expect(() => buildGlobalForecaster({ lags: 3, quantiles: [1.2] })).toThrow(/quantiles/);
  });

  it('recommender score = sigmoid(<u, i> + b_u + b_i), recomputed from its own embedding tables', () => {
    const model = buildEmbeddingRecommender({ users: 5, items: 7, dim: 4, seed: 9 });
    // Give the biases non-zero values so the check covers them.
    const userBias = model.getLayer('user_bias');
    const itemBias = model.getLayer('item_bias');
    userBias.setWeights([tf.tensor2d([[0.1], [0.2], [0.3], [0.4], [0.5]])]);
    itemBias.setWeights([tf.tensor2d([[-0.1], [0], [0.1], [0.2], [0.3], [0.4], [0.6]])]);
    const U = model.getLayer('user_embedding').getWeights()[0]?.arraySync() as number[][];
    const I = model.getLayer('item_embedding').getWeights()[0]?.arraySync() as number[][];
    const users = [0, 3, 4];
    const items = [6, 2, 0];
    const scores = (model.predict([tf.tensor2d(users, [3, 1]), tf.tensor2d(items, [3, 1])]) as tf.Tensor).dataSync();
    const ub = [0.1, 0.2, 0.3, 0.4, 0.5];
    const ib = [-0.1, 0, 0.1, 0.2, 0.3, 0.4, 0.6];
    users.forEach((u, k) => {
      const i = items[k] ?? 0;
      const dot = (U[u] ?? []).reduce((acc, v, d) => acc + v * (I[i]?.[d] ?? 0), 0);
      expect(scores[k]).toBeCloseTo(1 / (1 + Math.exp(-(dot + (ub[u] ?? 0) + (ib[i] ?? 0)))), 5);
    });
    expect(classesOf(model).every((c) => EXPORTABLE.has(c))).toBe(true);
  });
});
