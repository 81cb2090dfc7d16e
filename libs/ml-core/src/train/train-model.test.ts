import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { createRng } from '../data';
import { buildEmbeddingRecommender, buildGlobalForecaster, buildLogisticRegression, buildMlp, buildSmallImageCnn } from '../models';
import { createImageAugmenter, fileSystemIO, trainModel } from './index';
import type { TrainingProgress } from './index';

function syntheticTabular({ n, d, seed }: { n: number; d: number; seed: number }): { x: tf.Tensor2D; y: tf.Tensor2D; xs: Float32Array; ys: Float32Array } {
  const rng = createRng({ seed });
  const xs = Float32Array.from({ length: n * d }, () => rng.normal());
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) ys[i] = (xs[i * d] ?? 0) + 0.5 * (xs[i * d + 1] ?? 0) + 0.3 * rng.normal() > 0 ? 1 : 0;
  return { x: tf.tensor2d(xs, [n, d]), y: tf.tensor2d(ys, [n, 1]), xs, ys };
}

const flatWeights = (model: tf.LayersModel): Float32Array[] => model.getWeights().map((w) => w.dataSync() as Float32Array);

let dir = '';
beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  dir = await mkdtemp(join(tmpdir(), 'ml-core-train-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trainModel', () => {
  it('replays exactly: same seed ⇒ same weights (dropout, shuffling, BN and augmentation included)', async () => {
    const rng = createRng({ seed: 1 });
    const n = 48;
    const images = tf.tensor4d(Float32Array.from({ length: n * 12 * 12 }, () => rng.next()), [n, 12, 12, 1]);
    const labels = tf.tensor2d(Float32Array.from({ length: n }, (_, i) => i % 2), [n, 1]);
    const run = async (seed: number): Promise<Float32Array[]> => {
      const model = buildSmallImageCnn({ inputShape: [12, 12, 1], filters: 4, blocksPerStage: [1, 1], dropout: 0.3, seed });
      await trainModel({
        model, data: { x: images, y: labels }, loss: { kind: 'binaryCrossentropy' }, epochs: 2, batchSize: 16, seed,
        transformBatch: createImageAugmenter({ flipHorizontal: true, maxShift: 1, maxRotationDegrees: 10 }),
      });
      const w = flatWeights(model);
      model.dispose();
      return w;
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(a.length).toBe(b.length);
    a.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(b[i] ?? [])));
    expect(a.some((w, i) => w.some((v, j) => v !== c[i]?.[j]))).toBe(true);
    tf.dispose([images, labels]);
  });

  it('calls onEpochEnd once per epoch, after validation, with the live model holding that epoch\'s weights', async () => {
    const { x, y, xs, ys } = syntheticTabular({ n: 40, d: 3, seed: 11 });
    const model = buildLogisticRegression({ inputDim: 3, seed: 3 });
    const seen: Array<{ epoch: number; valLoss: number | undefined; handLoss: number }> = [];
    const record = await trainModel({
      model, data: { x, y }, validation: { x, y }, loss: { kind: 'binaryCrossentropy' }, epochs: 3, batchSize: 8, seed: 5,
      onEpochEnd: ({ epoch, record: r, model: live }) => {
        // Recompute the validation log loss by hand from the live weights: it must be the recorded valLoss.
        const [w, b] = live.getWeights().map((t) => t.dataSync());
        let sum = 0;
        for (let i = 0; i < 40; i++) {
          const z = (b?.[0] ?? 0) + [0, 1, 2].reduce((s, j) => s + (w?.[j] ?? 0) * (xs[i * 3 + j] ?? 0), 0);
          const p = Math.min(1 - 1e-7, Math.max(1e-7, 1 / (1 + Math.exp(-z))));
          sum -= (ys[i] ?? 0) * Math.log(p) + (1 - (ys[i] ?? 0)) * Math.log(1 - p);
        }
        seen.push({ epoch, valLoss: r.valLoss, handLoss: sum / 40 });
      },
    });
    expect(seen.map((s) => s.epoch)).toEqual([0, 1, 2]);
    seen.forEach((s, i) => {
      expect(s.valLoss).toBe(record.history[i]?.valLoss);
      expect(s.valLoss).toBeCloseTo(s.handLoss, 4);
    });
    model.dispose();
    tf.dispose([x, y]);
  });

  it('applies class weights exactly as the weighted logistic-loss gradient computed by hand', async () => {
    const n = 20;
    const d = 3;
    const { x, y, xs, ys } = syntheticTabular({ n, d, seed: 4 });
    const model = buildLogisticRegression({ inputDim: d, seed: 2 });
    const [w0, b0] = model.getWeights().map((t) => Array.from(t.dataSync()));
    const lr = 0.5;
    const classWeights = { 0: 1, 1: 3 };
    await trainModel({ model, data: { x, y }, loss: { kind: 'binaryCrossentropy' }, epochs: 1, batchSize: n, seed: 1, shuffle: false, optimizer: { kind: 'sgd', learningRate: lr }, classWeights });
    // d/dlogit of BCE(sigmoid) is (p - y); Keras-style weighting averages c_i (p_i - y_i) over the batch size.
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      let z = b0?.[0] ?? 0;
      for (let j = 0; j < d; j++) z += (w0?.[j] ?? 0) * (xs[i * d + j] ?? 0);
      const label = ys[i] ?? 0;
      const r = (classWeights[label === 1 ? 1 : 0] * (1 / (1 + Math.exp(-z)) - label)) / n;
      for (let j = 0; j < d; j++) gw[j] = (gw[j] ?? 0) + r * (xs[i * d + j] ?? 0);
      gb += r;
    }
    const [w1, b1] = model.getWeights().map((t) => Array.from(t.dataSync()));
    for (let j = 0; j < d; j++) expect(w1?.[j]).toBeCloseTo((w0?.[j] ?? 0) - lr * (gw[j] ?? 0), 5);
    expect(b1?.[0]).toBeCloseTo((b0?.[0] ?? 0) - lr * gb, 5);
    tf.dispose([x, y]);
  });

  it('stops early, restores the best epoch and checkpoints it to model.json + weights.bin', async () => {
    const train = syntheticTabular({ n: 64, d: 4, seed: 5 });
    // Validation labels are the opposite rule, so learning the training data makes validation worse.
    const val = syntheticTabular({ n: 32, d: 4, seed: 6 });
    const flipped = tf.sub(1, val.y) as tf.Tensor2D;
    const model = buildMlp({ inputDim: 4, hidden: [8], seed: 3 });
    const ckpt = join(dir, 'early');
    const record = await trainModel({
      model, data: { x: train.x, y: train.y }, validation: { x: val.x, y: flipped }, loss: { kind: 'binaryCrossentropy' },
      epochs: 30, batchSize: 16, seed: 2, optimizer: { kind: 'adam', learningRate: 0.05 }, earlyStopping: { patience: 2 }, checkpointDir: ckpt,
    });
    expect(record.stoppedEarly).toBe(true);
    expect(record.epochsRun).toBe(record.bestEpoch + 3);
    expect(record.weightsFromEpoch).toBe(record.bestEpoch);
    const valLosses = record.history.map((h) => h.valLoss ?? Infinity);
    expect(record.bestEpoch).toBe(valLosses.indexOf(Math.min(...valLosses)));

    // Independent check of the restored weights: BCE of their predictions, computed here in plain JS.
    const p = (model.predict(val.x) as tf.Tensor).dataSync();
    const yv = flipped.dataSync();
    let bce = 0;
    for (let i = 0; i < p.length; i++) bce -= (yv[i] ?? 0) * Math.log(p[i] ?? 0) + (1 - (yv[i] ?? 0)) * Math.log(1 - (p[i] ?? 0));
    expect(bce / p.length).toBeCloseTo(record.finalMetrics.valLoss ?? Number.NaN, 4);

    const loaded = await tf.loadLayersModel(fileSystemIO({ dir: ckpt }));
    const q = (loaded.predict(val.x) as tf.Tensor).dataSync();
    expect(Array.from(q)).toEqual(Array.from(p));
    expect(record).toMatchObject({ seed: 2, backend: { id: 'wasm' }, metricName: 'accuracy' });
    expect(record.dataFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(record.hyperParameters).toMatchObject({ batchSize: 16, epochs: 30, optimizer: { kind: 'adam', learningRate: 0.05 } });
    loaded.dispose();
    model.dispose();
    tf.dispose([train.x, train.y, val.x, val.y, flipped]);
  });

  it('fingerprints the data: identical data ⇒ same hash, one changed label ⇒ different hash', async () => {
    const a = syntheticTabular({ n: 16, d: 2, seed: 9 });
    const changed = a.ys.slice();
    changed[3] = 1 - (changed[3] ?? 0);
    const yChanged = tf.tensor2d(changed, [16, 1]);
    const fp = async (y: tf.Tensor2D): Promise<string> => {
      const model = buildLogisticRegression({ inputDim: 2, seed: 1 });
      const r = await trainModel({ model, data: { x: a.x, y }, loss: { kind: 'binaryCrossentropy' }, epochs: 1, batchSize: 16, seed: 1 });
      model.dispose();
      return r.dataFingerprint;
    };
    const first = await fp(a.y);
    expect(await fp(a.y)).toBe(first);
    expect(await fp(yChanged)).not.toBe(first);
    tf.dispose([a.x, a.y, yChanged]);
  });

  it('reports progress and can be cancelled with an AbortSignal', async () => {
    const { x, y } = syntheticTabular({ n: 100, d: 3, seed: 1 });
    const model = buildLogisticRegression({ inputDim: 3, seed: 1 });
    const controller = new AbortController();
    const events: TrainingProgress[] = [];
    const run = trainModel({
      model, data: { x, y }, loss: { kind: 'binaryCrossentropy' }, epochs: 50, batchSize: 10, seed: 1, signal: controller.signal,
      onProgress: (p) => {
        events.push(p);
        if (p.epoch === 1 && p.step === 4) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(events.length).toBe(15);
    expect(events[0]).toMatchObject({ epoch: 0, epochs: 50, step: 0, stepsPerEpoch: 10 });
    for (const e of events) {
      expect(Number.isFinite(e.loss) && Number.isFinite(e.metric) && e.etaSeconds >= 0).toBe(true);
    }
    expect(events[14]?.valLoss).toBeUndefined();
    model.dispose();
    tf.dispose([x, y]);
  });

  it('trains a quantile forecaster with the pinball loss to the empirical quantiles of its targets', async () => {
    const rng = createRng({ seed: 12 });
    const n = 400;
    const x = tf.tensor2d(Float32Array.from({ length: n * 3 }, () => rng.normal()), [n, 3]);
    // Targets ignore the inputs: exponential noise, so the 0.1 / 0.9 quantiles are asymmetric around the median.
    const ys = Float32Array.from({ length: n }, () => -Math.log(1 - rng.next()));
    const quantiles = [0.1, 0.5, 0.9];
    const model = buildGlobalForecaster({ lags: 3, hidden: [8], quantiles, seed: 4 });
    await trainModel({ model, data: { x, y: tf.tensor2d(ys, [n, 1]) }, loss: { kind: 'pinball', quantiles }, epochs: 60, batchSize: 100, seed: 1, optimizer: { kind: 'adam', learningRate: 0.03 } });
    const pred = (model.predict(x) as tf.Tensor).arraySync() as number[][];
    quantiles.forEach((q, k) => {
      const covered = ys.reduce((acc, y, i) => acc + (y <= (pred[i]?.[k] ?? Number.NaN) ? 1 : 0), 0) / n;
      expect(Math.abs(covered - q)).toBeLessThan(0.06);
    });
    model.dispose();
  });

  it('trains the recommender on two inputs so observed pairs outscore unobserved ones', async () => {
    // Users 0-4 like items 0-4, users 5-9 like items 5-9.
    const users: number[] = [];
    const items: number[] = [];
    const labels: number[] = [];
    for (let u = 0; u < 10; u++) for (let i = 0; i < 10; i++) {
      users.push(u);
      items.push(i);
      labels.push(u < 5 === i < 5 ? 1 : 0);
    }
    const model = buildEmbeddingRecommender({ users: 10, items: 10, dim: 4, seed: 2 });
    const uT = tf.tensor2d(users, [100, 1]);
    const iT = tf.tensor2d(items, [100, 1]);
    const record = await trainModel({ model, data: { x: [uT, iT], y: tf.tensor2d(labels, [100, 1]) }, loss: { kind: 'binaryCrossentropy' }, epochs: 40, batchSize: 20, seed: 3, optimizer: { kind: 'adam', learningRate: 0.05 } });
    const scores = (model.predict([uT, iT]) as tf.Tensor).dataSync();
    const pos = labels.map((l, k) => (l ? scores[k] ?? 0 : Infinity));
    const neg = labels.map((l, k) => (l ? -Infinity : scores[k] ?? 0));
    expect(Math.min(...pos)).toBeGreaterThan(Math.max(...neg));
    expect(record.finalMetrics.metric).toBe(1);
    model.dispose();
  });
});
