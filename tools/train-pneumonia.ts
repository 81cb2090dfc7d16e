/**
 * Trains the small residual CNN on PneumoniaMNIST (28x28 grey chest X-rays) on the best backend present and
 * prints the backend, training wall time, images/s and validation/test AUC / ACC. Optionally exports the
 * model to ONNX (fp32 + int8) and compares it with tfjs, and registers it in the platform registry.
 *
 *   npx tsx tools/train-pneumonia.ts [--epochs 16] [--batch 64] [--filters 16] [--lr 0.003] [--seed 1]
 *                                    [--no-flip] [--average-last 4] [--backend wasm|cpu|tfjs-node|tfjs-node-gpu]
 *                                    [--out /tmp/pneumonia-run] [--export DIR] [--register [--champion]]
 *                                    [--load DIR]   (skip training: reuse DIR/final + DIR/training-record.json)
 *
 * Recipe: a fixed epoch budget with one full cosine schedule (no early stopping: validation loss on 524 images
 * swings enough that patience used to cut the schedule short), balanced class weights, shift/rotation and
 * horizontal-flip augmentation. After every epoch the validation AUC is measured; the weights kept are either
 * the best epoch by validation AUC or the average of the last `--average-last` epochs' weights (SWA-style),
 * whichever scores higher on validation; test-time flip averaging is likewise kept only if it helps on
 * validation. The decision threshold is chosen on validation. The test split is scored once, at the end, and
 * never used to choose anything.
 *
 * Data: $PLATFORM_DATA_DIR/medmnist/pneumoniamnist.npz (default ../shared/data next to the repo).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@platform/ml-core/backend';
import type { BackendId } from '@platform/ml-core/backend';
import { buildSmallImageCnn } from '@platform/ml-core/models';
import { createImageAugmenter, fileSystemIO, trainModel } from '@platform/ml-core/train';
import type { EpochRecord, TrainingRecord } from '@platform/ml-core/train';
import { chooseThreshold, rocAuc } from '@platform/ml-core';
import { loadPneumoniaSplit, pixelStatistics, readPneumoniaData } from './lib/pneumonia-data';

const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '16' },
    batch: { type: 'string', default: '64' },
    filters: { type: 'string', default: '16' },
    lr: { type: 'string', default: '0.003' },
    seed: { type: 'string', default: '1' },
    'no-flip': { type: 'boolean', default: false },
    'average-last': { type: 'string', default: '4' },
    backend: { type: 'string' },
    out: { type: 'string', default: '/tmp/pneumonia-run' },
    export: { type: 'string' },
    register: { type: 'boolean', default: false },
    champion: { type: 'boolean', default: false },
    load: { type: 'string' },
  },
});

const backend = await initBackend({ backend: args.backend as BackendId | undefined });
console.log(`backend: ${backend.id} (accelerated=${backend.accelerated}, threads=${backend.threads}, simd=${backend.simd}); skipped: ${backend.skipped.map((s) => s.id).join(', ') || 'none'}`);

const data = await readPneumoniaData();
// Standardise with the training split's pixel statistics (computed once, applied to every split).
const { mean, std } = pixelStatistics({ data, split: 'train' });
const scaling = { kind: 'standardise', mean, std } as const;
const train = loadPneumoniaSplit({ data, split: 'train', scaling });
const val = loadPneumoniaSplit({ data, split: 'val', scaling });
const test = loadPneumoniaSplit({ data, split: 'test', scaling });
const positives = train.labels.reduce((a, b) => a + b, 0);
const negatives = train.labels.length - positives;
// Balanced class weights: the training split is 74% pneumonia, the test split 62.5%.
const classWeights = { 0: train.labels.length / (2 * negatives), 1: train.labels.length / (2 * positives) };

const seed = Number(args.seed);
const filters = Number(args.filters);
const epochs = Number(args.epochs);
const averageLast = Number(args['average-last']);
const flip = !args['no-flip'];
const blocksPerStage = [1, 1, 1];

/** Horizontally mirrored copy of an NHWC batch (width is axis 2). */
const mirror = (x: tf.Tensor4D): tf.Tensor4D => tf.reverse(x, 2);
const predictScores = (model: tf.LayersModel, x: tf.Tensor4D): Float32Array =>
  tf.tidy(() => (model.predict(x, { batchSize: 256 }) as tf.Tensor).dataSync() as Float32Array);
/** Scores, optionally averaged with the mirrored images' scores (test-time augmentation). */
function scoresOf({ model, x, tta }: { model: tf.LayersModel; x: tf.Tensor4D; tta: boolean }): Float32Array {
  const plain = predictScores(model, x);
  if (!tta) return plain;
  const mirrored = tf.tidy(() => mirror(x));
  const flipped = predictScores(model, mirrored);
  mirrored.dispose();
  return plain.map((s, i) => (s + (flipped[i] ?? s)) / 2);
}
const aucOf = (labels: Float32Array, scores: Float32Array): number => rocAuc({ labels, scores });

const model = args.load === undefined
  ? buildSmallImageCnn({ filters, blocksPerStage, dropout: 0.2, l2: 1e-4, seed })
  : await tf.loadLayersModel(fileSystemIO({ dir: join(args.load, 'final') }));
console.log(`train ${train.labels.length} / val ${val.labels.length} / test ${test.labels.length}; params ${model.countParams()}; epochs ${epochs}`);

interface Selection {
  weightsFrom: string;
  tta: boolean;
  valAucByEpoch: number[];
}
let record: TrainingRecord;
let selection: Selection;

if (args.load === undefined) {
  let bestAuc = -Infinity;
  let bestEpoch = -1;
  let bestWeights: tf.Tensor[] | undefined;
  // Running sum of the last epochs' weights (BatchNorm moving statistics included: averaging them with the
  // weights is what SWA does before its optional BN refresh, and at the end of a cosine schedule they barely move).
  let weightSum: tf.Tensor[] | undefined;
  let averaged = 0;
  const valAucByEpoch: number[] = [];
  let lastEpochLogged = -1;
  record = await trainModel({
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
    transformBatch: createImageAugmenter({ flipHorizontal: flip, maxShift: 2, maxRotationDegrees: 10, fillMode: 'nearest' }),
    checkpointDir: join(args.out, 'checkpoint'),
    hyperParameters: {
      model: 'small_image_cnn',
      filters,
      blocksPerStage,
      dropout: 0.2,
      l2: 1e-4,
      // trainModel records its own boolean 'augmentation'; the settings go under another key so both survive.
      imageAugmentation: { flipHorizontal: flip, maxShift: 2, maxRotationDegrees: 10, fillMode: 'nearest' },
      standardise: { mean, std },
      weightSelection: { by: 'validation AUC', candidates: ['best epoch', `mean of last ${averageLast} epochs`] },
    },
    onEpochEnd: ({ epoch, record: epochRecord }: { epoch: number; record: EpochRecord }) => {
      const auc = aucOf(val.labels, predictScores(model, val.x));
      valAucByEpoch.push(auc);
      console.log(`epoch ${epoch + 1}/${epochs}: loss ${epochRecord.loss.toFixed(4)} valLoss ${epochRecord.valLoss?.toFixed(4)} valAcc ${epochRecord.valMetric?.toFixed(3)} valAUC ${auc.toFixed(4)} lr ${epochRecord.learningRate.toExponential(2)} ${epochRecord.seconds.toFixed(0)}s`);
      const weights = model.getWeights();
      if (auc > bestAuc) {
        bestAuc = auc;
        bestEpoch = epoch;
        tf.dispose(bestWeights);
        // getWeights() hands back live variables: clone, or later steps overwrite the snapshot.
        bestWeights = weights.map((w) => w.clone());
      }
      if (epoch >= epochs - averageLast) {
        const previous = weightSum;
        weightSum = previous === undefined ? weights.map((w) => w.clone()) : weights.map((w, i) => tf.add(previous[i] ?? tf.zerosLike(w), w));
        tf.dispose(previous);
        averaged += 1;
      }
    },
    onProgress: (p) => {
      if (p.step !== 0 || p.epoch === lastEpochLogged) return;
      lastEpochLogged = p.epoch;
      if (p.epoch > 0) console.log(`  eta ${Math.round(p.etaSeconds)}s`);
    },
  });

  // Candidates, each scored on validation only (with and without flip averaging).
  const candidates: Array<{ name: string; weights: tf.Tensor[] }> = [];
  candidates.push({ name: `last epoch (${epochs})`, weights: model.getWeights().map((w) => w.clone()) });
  if (bestWeights !== undefined) candidates.push({ name: `best val-AUC epoch (${bestEpoch + 1})`, weights: bestWeights });
  if (weightSum !== undefined && averaged > 1) candidates.push({ name: `mean of last ${averaged} epochs`, weights: weightSum.map((w) => tf.div(w, averaged)) });
  let chosen = { name: '', tta: false, auc: -Infinity, weights: [] as tf.Tensor[] };
  for (const c of candidates) {
    model.setWeights(c.weights);
    for (const tta of [false, true]) {
      const auc = aucOf(val.labels, scoresOf({ model, x: val.x, tta }));
      console.log(`  candidate ${c.name}${tta ? ' + flip TTA' : ''}: val AUC ${auc.toFixed(4)}`);
      // Ties go to the simpler option (listed first): no TTA, last epoch.
      if (auc > chosen.auc + 1e-9) chosen = { name: c.name, tta, auc, weights: c.weights };
    }
  }
  model.setWeights(chosen.weights);
  console.log(`kept: ${chosen.name}${chosen.tta ? ' + flip TTA' : ''} (val AUC ${chosen.auc.toFixed(4)})`);
  selection = { weightsFrom: chosen.name, tta: chosen.tta, valAucByEpoch };
  for (const c of candidates) tf.dispose(c.weights);
  tf.dispose(weightSum);
  await mkdir(args.out, { recursive: true });
  await model.save(fileSystemIO({ dir: join(args.out, 'final') }));
} else {
  const saved = JSON.parse(await readFile(join(args.load, 'training-record.json'), 'utf8')) as { record: TrainingRecord; selection: Selection };
  record = saved.record;
  selection = saved.selection;
  console.log(`loaded ${args.load} (weights from ${selection.weightsFrom}${selection.tta ? ' + flip TTA' : ''})`);
}

const valScores = scoresOf({ model, x: val.x, tta: selection.tta });
const testScores = scoresOf({ model, x: test.x, tta: selection.tta });
// Threshold from validation, maximising balanced accuracy (cost 1/N per false positive, 1/P per false
// negative), so the choice does not bake in validation's 74% pneumonia prior.
const valPos = val.labels.reduce((a, b) => a + b, 0);
const threshold = chooseThreshold({ labels: val.labels, scores: valScores, costFp: 1 / (val.labels.length - valPos), costFn: 1 / valPos }).threshold;
const accuracyOf = ({ labels, scores, t }: { labels: Float32Array; scores: Float32Array; t: number }): number =>
  scores.reduce((acc, s, i) => acc + ((s >= t ? 1 : 0) === labels[i] ? 1 : 0), 0) / labels.length;

const results = {
  backend: record.backend.id,
  trainWallSeconds: Number(record.wallTimeSeconds.toFixed(1)),
  imagesPerSecond: Number(record.examplesPerSecond.toFixed(1)),
  epochsRun: record.epochsRun,
  weightsFrom: selection.weightsFrom,
  testTimeFlip: selection.tta,
  threshold,
  valAuc: aucOf(val.labels, valScores),
  valAcc: accuracyOf({ labels: val.labels, scores: valScores, t: threshold }),
  testAuc: aucOf(test.labels, testScores),
  testAcc: accuracyOf({ labels: test.labels, scores: testScores, t: threshold }),
  testAccAt05: accuracyOf({ labels: test.labels, scores: testScores, t: 0.5 }),
  dataFingerprint: record.dataFingerprint,
};
await mkdir(args.out, { recursive: true });
await writeFile(join(args.out, 'training-record.json'), JSON.stringify({ record, selection, results }, null, 2));
console.log(JSON.stringify(results, null, 2));

if (args.export !== undefined || args.register) {
  const { exportPneumoniaOnnx, registerPneumoniaModel } = await import('./lib/pneumonia-export');
  const exported = await exportPneumoniaOnnx({
    model,
    dir: args.export,
    tta: selection.tta,
    threshold,
    splits: {
      val: { pixels: val.pixels, labels: val.labels, tfjsScores: valScores },
      test: { pixels: test.pixels, labels: test.labels, tfjsScores: testScores },
    },
    plainTestScores: selection.tta ? predictScores(model, test.x) : testScores,
  });
  if (args.register) {
    await registerPneumoniaModel({ record, selection, results, exported, champion: args.champion, standardise: { mean, std }, rows: train.labels.length });
  }
}
