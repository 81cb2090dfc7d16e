/**
 * FGSM / PGD robust-accuracy curves for a small PneumoniaMNIST CNN, trained normally and with adversarial
 * training (same architecture, seed, data and epochs; half of every batch replaced by FGSM examples).
 *
 *   npx tsx tools/robustness-pneumonia.ts [--epochs 4] [--train 2000] [--filters 8] [--eps-train 0.0157]
 *                                         [--pgd-steps 5] [--seed 1] [--backend wasm|cpu|tfjs-node]
 *
 * Pixels are scaled to [0, 1] (not standardised) so ε is in pixel units and attacks clip to the valid range;
 * the CNN's BatchNorm stem absorbs the scale. A seeded stratified training subset keeps the run short on the
 * two shared CPU cores; the full 624-image test split is attacked.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@platform/ml-core/backend';
import type { BackendId } from '@platform/ml-core/backend';
import { rocAuc } from '@platform/ml-core/evaluation';
import { buildSmallImageCnn } from '@platform/ml-core/models';
import { createAdversarialTransform, imageConstraints, robustAccuracyCurve } from '@platform/ml-core/robustness';
import type { AttackSpec, RobustAccuracyPoint } from '@platform/ml-core/robustness';
import { trainModel } from '@platform/ml-core/train';
import type { TrainingRecord } from '@platform/ml-core/train';
import { loadPneumoniaSplit, readPneumoniaData } from './lib/pneumonia-data';

const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '4' },
    train: { type: 'string', default: '2000' },
    filters: { type: 'string', default: '8' },
    'eps-train': { type: 'string', default: String(4 / 255) },
    'pgd-steps': { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'wasm' },
  },
});
const seed = Number(args.seed);
const epochs = Number(args.epochs);
const filters = Number(args.filters);
const epsTrain = Number(args['eps-train']);
const pgdSteps = Number(args['pgd-steps']);
const started = Date.now();

const backend = await initBackend({ backend: args.backend as BackendId | undefined });
console.log(`backend: ${backend.id} (threads=${backend.threads}, simd=${backend.simd}); seed ${seed}`);

const data = await readPneumoniaData();
const train = loadPneumoniaSplit({ data, split: 'train', scaling: { kind: 'unit' }, keep: Number(args.train), seed });
const test = loadPneumoniaSplit({ data, split: 'test', scaling: { kind: 'unit' } });
const testLabels = Array.from(test.labels);
const positives = train.labels.filter((l) => l === 1).length;
// Balanced class weights: the training split is 74% pneumonia.
const classWeights = { 0: train.labels.length / (2 * (train.labels.length - positives)), 1: train.labels.length / (2 * positives) };
console.log(`train ${train.labels.length} (subset, stratified) / test ${test.labels.length}; epochs ${epochs}; filters ${filters}`);

const epsilons = [0, 1, 2, 4, 8].map((e) => e / 255);
const attacks: [string, AttackSpec][] = [
  ['FGSM', 'fgsm'],
  [`PGD-${pgdSteps}`, { kind: 'pgd', iterations: pgdSteps, seed }],
];

async function run(adversarial: boolean): Promise<{ record: TrainingRecord; auc: number; curves: [string, RobustAccuracyPoint[], number][] }> {
  const model = buildSmallImageCnn({ filters, blocksPerStage: [1, 1, 1], dropout: 0.2, l2: 1e-4, seed });
  const record = await trainModel({
    model,
    data: { x: train.x, y: train.y },
    loss: { kind: 'binaryCrossentropy' },
    epochs,
    batchSize: 64,
    seed,
    optimizer: { kind: 'adam', learningRate: 3e-3 },
    schedule: { kind: 'cosine', minLearningRate: 1e-4 },
    classWeights,
    transformBatch: adversarial ? createAdversarialTransform({ model, epsilon: epsTrain, attack: 'fgsm', fraction: 0.5, constraints: imageConstraints() }) : undefined,
    hyperParameters: { adversarial: adversarial ? { attack: 'fgsm', epsilon: epsTrain, fraction: 0.5 } : null },
  });
  const scores = tf.tidy(() => Array.from((model.predict(test.x, { batchSize: 256 }) as tf.Tensor).dataSync()));
  const auc = rocAuc({ labels: testLabels, scores });
  const curves: [string, RobustAccuracyPoint[], number][] = [];
  for (const [name, attack] of attacks) {
    const t = Date.now();
    curves.push([name, robustAccuracyCurve({ model, xs: test.x, ys: testLabels, epsilons, attack, constraints: imageConstraints(), batchSize: 208 }), (Date.now() - t) / 1000]);
  }
  model.dispose();
  return { record, auc, curves };
}

const header = `  ε (×1/255)  ${epsilons.map((e) => String(Math.round(e * 255)).padStart(6)).join('')}`;
for (const adversarial of [false, true]) {
  const { record, auc, curves } = await run(adversarial);
  console.log(`\n== ${adversarial ? `adversarially trained (FGSM ε=${(epsTrain * 255).toFixed(1)}/255 on half of each batch, labels = model's predictions)` : 'standard training'}`);
  console.log(`  training: ${record.wallTimeSeconds.toFixed(0)} s, final train loss ${record.finalMetrics.loss.toFixed(4)}, train acc ${record.finalMetrics.metric.toFixed(4)}; test AUC ${auc.toFixed(4)}`);
  console.log(header);
  for (const [name, curve, seconds] of curves) console.log(`  ${name.padEnd(11)}  ${curve.map((p) => p.accuracy.toFixed(3).padStart(6)).join('')}   (${seconds.toFixed(0)} s)`);
}
console.log(`\nwall time ${((Date.now() - started) / 1000).toFixed(0)} s`);
