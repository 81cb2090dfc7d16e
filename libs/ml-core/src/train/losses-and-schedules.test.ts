import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { augmentImageBatch, learningRateAt, perSampleLoss, perSampleMetric } from './index';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('perSampleLoss / perSampleMetric', () => {
  it('binary cross-entropy and accuracy match hand values', () => {
    const l = perSampleLoss({ loss: { kind: 'binaryCrossentropy' }, yTrue: tf.tensor2d([[1], [0]]), yPred: tf.tensor2d([[0.8], [0.4]]) }).arraySync();
    expect(l[0]).toBeCloseTo(-Math.log(0.8), 5);
    expect(l[1]).toBeCloseTo(-Math.log(0.6), 5);
    expect(perSampleMetric({ loss: { kind: 'binaryCrossentropy' }, yTrue: tf.tensor2d([[1], [0]]), yPred: tf.tensor2d([[0.8], [0.6]]) }).arraySync()).toEqual([1, 0]);
  });

  it('sparse categorical cross-entropy picks the true class probability', () => {
    const yPred = tf.tensor2d([[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]]);
    const l = perSampleLoss({ loss: { kind: 'sparseCategoricalCrossentropy' }, yTrue: tf.tensor1d([1, 2]), yPred }).arraySync();
    expect(l[0]).toBeCloseTo(-Math.log(0.7), 5);
    expect(l[1]).toBeCloseTo(-Math.log(0.25), 5);
    expect(perSampleMetric({ loss: { kind: 'sparseCategoricalCrossentropy' }, yTrue: tf.tensor1d([1, 2]), yPred }).arraySync()).toEqual([1, 0]);
  });

  it('pinball loss: q*e under, (q-1)*e over, averaged over horizon and quantiles; metric = |error| of the median', () => {
    // One sample, horizon 2, quantiles [0.1, 0.5, 0.9]; predictions laid out h*Q + q.
    const yTrue = tf.tensor2d([[10, 0]]);
    const yPred = tf.tensor2d([[8, 9, 12, 1, 0, -1]]);
    const q = [0.1, 0.5, 0.9];
    const errors = [10 - 8, 10 - 9, 10 - 12, 0 - 1, 0 - 0, 0 + 1];
    const expected = errors.reduce((acc, e, i) => acc + Math.max((q[i % 3] ?? 0) * e, ((q[i % 3] ?? 0) - 1) * e), 0) / 6;
    const l = perSampleLoss({ loss: { kind: 'pinball', quantiles: q }, yTrue, yPred }).arraySync();
    expect(l[0]).toBeCloseTo(expected, 5);
    const m = perSampleMetric({ loss: { kind: 'pinball', quantiles: q }, yTrue, yPred }).arraySync();
    expect(m[0]).toBeCloseTo((1 + 0) / 2, 5);
  });
});

describe('learningRateAt', () => {
  it('follows the step, exponential and cosine formulas', () => {
    expect(learningRateAt({ schedule: { kind: 'step', everyEpochs: 3, gamma: 0.1 }, baseLearningRate: 1, epoch: 2.9, epochs: 9 })).toBeCloseTo(1);
    expect(learningRateAt({ schedule: { kind: 'step', everyEpochs: 3, gamma: 0.1 }, baseLearningRate: 1, epoch: 6, epochs: 9 })).toBeCloseTo(0.01);
    expect(learningRateAt({ schedule: { kind: 'exponential', decayRate: 0.5 }, baseLearningRate: 2, epoch: 3, epochs: 9 })).toBeCloseTo(0.25);
    expect(learningRateAt({ schedule: { kind: 'cosine' }, baseLearningRate: 1, epoch: 0, epochs: 10 })).toBeCloseTo(1);
    expect(learningRateAt({ schedule: { kind: 'cosine' }, baseLearningRate: 1, epoch: 5, epochs: 10 })).toBeCloseTo(0.5);
    expect(learningRateAt({ schedule: { kind: 'cosine', minLearningRate: 0.1 }, baseLearningRate: 1, epoch: 10, epochs: 10 })).toBeCloseTo(0.1);
    expect(learningRateAt({ schedule: { kind: 'cosine', warmupEpochs: 2 }, baseLearningRate: 1, epoch: 1, epochs: 10 })).toBeCloseTo(0.5, 2);
  });
});

describe('augmentImageBatch', () => {
  const image = (): tf.Tensor4D => tf.tensor4d(Float32Array.from({ length: 2 * 5 * 6 }, (_, i) => i % 7), [2, 5, 6, 1]);

  it('with flips only, each image is either unchanged or mirrored left-right', () => {
    const x = image();
    const mirrored = tf.reverse(x, 2).arraySync();
    const same = x.arraySync();
    const out = augmentImageBatch({ images: x, seed: 3, flipHorizontal: true }).arraySync();
    const seenFlip = new Set<boolean>();
    for (let seed = 0; seed < 8; seed++) {
      const o = augmentImageBatch({ images: x, seed, flipHorizontal: true }).arraySync();
      o.forEach((img, i) => {
        const isSame = JSON.stringify(img) === JSON.stringify(same[i]);
        const isFlip = JSON.stringify(img.map((r) => r.map((p) => [Math.round((p[0] ?? 0) * 1e4) / 1e4]))) === JSON.stringify(mirrored[i]);
        expect(isSame || isFlip).toBe(true);
        seenFlip.add(isFlip && !isSame);
      });
    }
    expect(seenFlip.has(true) && seenFlip.has(false)).toBe(true);
    expect(out.length).toBe(2);
  });

  it('shifts keep a single bright pixel within maxShift and preserve its mass; same seed ⇒ same output', () => {
    const pixel = new Float32Array(11 * 11);
    pixel[5 * 11 + 5] = 1;
    const x = tf.tensor4d(pixel, [1, 11, 11, 1]);
    for (let seed = 0; seed < 5; seed++) {
      const out = augmentImageBatch({ images: x, seed, maxShift: 2 }).dataSync();
      let mass = 0;
      let cy = 0;
      let cx = 0;
      out.forEach((v, i) => {
        mass += v;
        cy += v * Math.floor(i / 11);
        cx += v * (i % 11);
      });
      expect(mass).toBeCloseTo(1, 4);
      expect(Math.abs(cy / mass - 5)).toBeLessThanOrEqual(2 + 1e-4);
      expect(Math.abs(cx / mass - 5)).toBeLessThanOrEqual(2 + 1e-4);
      expect(Array.from(augmentImageBatch({ images: x, seed, maxShift: 2, maxRotationDegrees: 15 }).dataSync())).toEqual(Array.from(augmentImageBatch({ images: x, seed, maxShift: 2, maxRotationDegrees: 15 }).dataSync()));
    }
  });
});
