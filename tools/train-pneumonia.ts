/**
 * Trains the small residual CNN on PneumoniaMNIST (28x28 grey chest X-rays) on the best backend present and
 * prints test AUC / ACC, wall time, images/s and the backend.
 *
 *   npx tsx tools/train-pneumonia.ts [--epochs 20] [--batch 64] [--filters 16] [--lr 0.003] [--seed 1]
 *                                    [--backend wasm|cpu|tfjs-node|tfjs-node-gpu] [--out /tmp/pneumonia-run]
 *
 * Data: $PLATFORM_DATA_DIR/medmnist/pneumoniamnist.npz (default ../shared/data next to the repo).
 * Validation is used for early stopping and for the decision threshold; the test split is scored once.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@platform/ml-core/backend';
import { readNpz } from '@platform/ml-core/data';
import type { NdArray } from '@platform/ml-core/data';
import { chooseThreshold, rocAuc } from '@platform/ml-core/evaluation';
import { buildSmallImageCnn } from '@platform/ml-core/models';
import { createImageAugmenter, fileSystemIO, trainModel } from '@platform/ml-core/train';
import type { BackendId } from '@platform/ml-core/backend';
// env.ts sits at ml-core's root; switch to '@platform/ml-core' once the lead re-exports readMlCoreEnv there.
import { readMlCoreEnv } from '@platform/ml-core';

const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '20' },
    batch: { type: 'string', default: '64' },
    filters: { type: 'string', default: '16' },
    lr: { type: 'string', default: '0.003' },
    seed: { type: 'string', default: '1' },
    patience: { type: 'string', default: '6' },
    backend: { type: 'string' },
    out: { type: 'string', default: '/tmp/pneumonia-run' },
  },
});

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = readMlCoreEnv().PLATFORM_DATA_DIR ?? resolve(repoRoot, '../shared/data');
const npzPath = join(dataDir, 'medmnist', 'pneumoniamnist.npz');

const backend = await initBackend({ backend: args.backend as BackendId | undefined });
console.log(`backend: ${backend.id} (accelerated=${backend.accelerated}, threads=${backend.threads}, simd=${backend.simd}); skipped: ${backend.skipped.map((s) => s.id).join(', ') || 'none'}`);

const arrays = await readNpz({ path: npzPath }).catch((error: unknown) => {
  throw new Error(`cannot read ${npzPath} (set PLATFORM_DATA_DIR): ${error instanceof Error ? error.message : String(error)}`);
});
const need = (name: string): NdArray => {
  const a = arrays[name];
  if (a === undefined) throw new Error(`${npzPath} has no array ${name}`);
  return a;
};

// Standardise with the training split's pixel statistics (computed once, applied to every split).
const trainPixels = need('train_images').data;
let mean = 0;
for (let i = 0; i < trainPixels.length; i++) mean += Number(trainPixels[i]);
mean /= trainPixels.length;
let variance = 0;
for (let i = 0; i < trainPixels.length; i++) variance += (Number(trainPixels[i]) - mean) ** 2;
const std = Math.sqrt(variance / trainPixels.length);

function split(name: 'train' | 'val' | 'test'): { x: tf.Tensor4D; y: tf.Tensor2D; labels: Float32Array } {
  const images = need(`${name}_images`);
  const raw = need(`${name}_labels`).data;
  const labels = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) labels[i] = Number(raw[i]);
  const n = images.shape[0] ?? 0;
  const x = new Float32Array(images.data.length);
  for (let i = 0; i < x.length; i++) x[i] = (Number(images.data[i]) - mean) / std;
  return { x: tf.tensor4d(x, [n, 28, 28, 1]), y: tf.tensor2d(labels, [n, 1]), labels };
}
const train = split('train');
const val = split('val');
const test = split('test');
const positives = train.labels.reduce((a, b) => a + b, 0);
const negatives = train.labels.length - positives;
// Balanced class weights: the training split is 74% pneumonia, the test split 62.5%.
const classWeights = { 0: train.labels.length / (2 * negatives), 1: train.labels.length / (2 * positives) };

const seed = Number(args.seed);
const filters = Number(args.filters);
const epochs = Number(args.epochs);
const model = buildSmallImageCnn({ filters, blocksPerStage: [1, 1, 1], dropout: 0.2, l2: 1e-4, seed });
console.log(`train ${train.labels.length} / val ${val.labels.length} / test ${test.labels.length}; params ${model.countParams()}; epochs ${epochs}`);

let lastEpochLogged = -1;
const record = await trainModel({
  model,
  data: { x: train.x, y: train.y },
  validation: { x: val.x, y: val.y },
  loss: { kind: 'binaryCrossentropy' },
  epochs,
  batchSize: Number(args.batch),
  seed,
  optimizer: { kind: 'adam', learningRate: Number(args.lr) },
  schedule: { kind: 'cosine', warmupEpochs: 1, minLearningRate: 1e-5 },
  classWeights,
  earlyStopping: { patience: Number(args.patience) },
  transformBatch: createImageAugmenter({ maxShift: 2, maxRotationDegrees: 10, fillMode: 'nearest' }),
  checkpointDir: join(args.out, 'checkpoint'),
  hyperParameters: { model: 'small_image_cnn', filters, blocksPerStage: [1, 1, 1], dropout: 0.2, l2: 1e-4, augmentation: { maxShift: 2, maxRotationDegrees: 10 }, standardise: { mean, std } },
  onProgress: (p) => {
    // One line per epoch (at its first step, with the previous epoch's validation loss): no log spam.
    if (p.step !== 0 || p.epoch === lastEpochLogged) return;
    lastEpochLogged = p.epoch;
    console.log(`epoch ${p.epoch + 1}/${p.epochs} start; prev valLoss ${p.valLoss?.toFixed(4) ?? '-'}; eta ${Math.round(p.etaSeconds)}s`);
  },
});

const scoresOf = (x: tf.Tensor4D): Float32Array => tf.tidy(() => (model.predict(x, { batchSize: 256 }) as tf.Tensor).dataSync() as Float32Array);
const valScores = scoresOf(val.x);
const testScores = scoresOf(test.x);
// Threshold from validation, maximising balanced accuracy (cost 1/N per false positive, 1/P per false
// negative), so the choice does not bake in validation's 74% pneumonia prior.
const valPos = val.labels.reduce((a, b) => a + b, 0);
const threshold = chooseThreshold({ labels: val.labels, scores: valScores, costFp: 1 / (val.labels.length - valPos), costFn: 1 / valPos }).threshold;
const accAt = (t: number): number => testScores.reduce((acc, s, i) => acc + ((s >= t ? 1 : 0) === test.labels[i] ? 1 : 0), 0) / test.labels.length;

const results = {
  backend: record.backend.id,
  testAuc: rocAuc({ labels: test.labels, scores: testScores }),
  testAcc: accAt(threshold),
  testAccAt05: accAt(0.5),
  valAuc: rocAuc({ labels: val.labels, scores: valScores }),
  threshold,
  trainWallSeconds: record.wallTimeSeconds,
  imagesPerSecond: record.examplesPerSecond,
  epochsRun: record.epochsRun,
  bestEpoch: record.bestEpoch + 1,
  dataFingerprint: record.dataFingerprint,
};
await mkdir(args.out, { recursive: true });
await writeFile(join(args.out, 'training-record.json'), JSON.stringify({ record, results }, null, 2));
await model.save(fileSystemIO({ dir: join(args.out, 'final') }));
for (const h of record.history) {
  console.log(`  epoch ${h.epoch + 1}: loss ${h.loss.toFixed(4)} acc ${h.metric.toFixed(3)} valLoss ${h.valLoss?.toFixed(4)} valAcc ${h.valMetric?.toFixed(3)} lr ${h.learningRate.toExponential(2)} ${h.seconds.toFixed(0)}s`);
}
console.log(JSON.stringify(results, null, 2));
