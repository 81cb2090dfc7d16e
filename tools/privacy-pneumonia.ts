/**
 * Measures what privacy costs on PneumoniaMNIST (issue 4's "Done when"), printing test AUC for each arm and the gap:
 *
 *   --mode dp      non-private baseline vs DP-SGD, the same code path (Poisson sampling, per-example gradients,
 *                  Adam, same epochs and expected batch); the DP arm adds per-example clipping and Gaussian noise,
 *                  the noise multiplier found by `noiseForTargetEpsilon` for the target ε at δ, and the ε the
 *                  RDP accountant charges for the steps actually taken is reported.
 *   --mode fedavg  centralised training vs FedAvg over label-skewed sites with secure aggregation (default: three
 *                  sites, one mostly normal, one mostly pneumonia, one balanced; or Dirichlet(α) label shares),
 *                  the same local trainer and the same total epochs (rounds × local epochs = epochs).
 *
 *   npx tsx tools/privacy-pneumonia.ts --mode dp|fedavg [--epochs 10] [--batch 256] [--lr 0.003] [--filters 8]
 *        [--clip 1] [--target-epsilon 3] [--delta 1e-5] [--split skewed|dirichlet] [--sites 3] [--alpha 0.5] [--rounds E]
 *        [--no-secure-aggregation] [--subset N] [--seed 1] [--backend wasm]
 *
 * DP recipe (issue 4 figures): --mode dp --epochs 10 --batch 256 --lr 0.01 --clip 0.5. Why not the defaults:
 * with C = 1 only ~28% of per-example gradients were clipped, so the noise σ·C was twice what the gradients
 * needed; C = 0.5 sits near the gradients' median norm (~0.2–0.4 during training) and halves the noise; Adam at
 * 0.003 then still learned too slowly under noise (DP val AUC still rising at the last step), 0.01 did not.
 * Both arms use the same flags, so the baseline gets the same learning rate. FedAvg figures: --mode fedavg
 * --epochs 10 --batch 32 (defaults otherwise).
 *
 * Model: a small BatchNorm-free CNN (tanh conv → pool → tanh conv → pool → dense), built here for both modes.
 * Why not buildSmallImageCnn: BatchNorm mixes examples and keeps moving statistics of the private data that
 * DP-SGD neither clips nor noises, so a BN model's ε would be a false claim (Opacus refuses BN for this reason).
 * tanh rather than ReLU: bounded activations keep per-example gradient norms small and even, so clipping
 * throws away less signal (Papernot et al. 2021, "Tempered sigmoid activations for deep learning with DP").
 * Pixels are scaled to [0, 1] by a fixed constant: standardising with the training set's mean/std would be
 * one more unprivatised statistic. The test split is scored once per arm, at the end; nothing is chosen on it.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@platform/ml-core/backend';
import type { BackendId } from '@platform/ml-core/backend';
import { createRng, fingerprint } from '@platform/ml-core/data';
import type { Rng as DataRng } from '@platform/ml-core/data';
import { rocAuc } from '@platform/ml-core/evaluation';
import { computeEpsilon, cryptoRng, dpSgdStep, noiseForTargetEpsilon, poissonSample, runFedAvgRound, Site } from '@platform/ml-core/privacy';
import { loadPneumoniaSplit, readPneumoniaData } from './lib/pneumonia-data';
import type { PneumoniaSplit } from './lib/pneumonia-data';

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string' },
    epochs: { type: 'string', default: '10' },
    batch: { type: 'string', default: '256' },
    lr: { type: 'string', default: '0.003' },
    filters: { type: 'string', default: '8' },
    clip: { type: 'string', default: '1' },
    'target-epsilon': { type: 'string', default: '3' },
    delta: { type: 'string', default: '1e-5' },
    sites: { type: 'string', default: '3' },
    split: { type: 'string', default: 'skewed' },
    alpha: { type: 'string', default: '0.5' },
    rounds: { type: 'string' },
    'no-secure-aggregation': { type: 'boolean', default: false },
    subset: { type: 'string' },
    seed: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'wasm' },
  },
});
const mode = args.mode;
if (mode !== 'dp' && mode !== 'fedavg') throw new Error('--mode must be dp or fedavg');
const epochs = Number(args.epochs);
const batch = Number(args.batch);
const learningRate = Number(args.lr);
const filters = Number(args.filters);
const seed = Number(args.seed);
const started = Date.now();

const backend = await initBackend({ backend: args.backend as BackendId | undefined });
console.log(`backend: ${backend.id} (threads=${backend.threads}, simd=${backend.simd}); mode ${mode}; seed ${seed}`);
const data = await readPneumoniaData();
const scaling = { kind: 'unit' } as const;
const train = loadPneumoniaSplit({ data, split: 'train', scaling, keep: args.subset === undefined ? undefined : Number(args.subset), seed });
const val = loadPneumoniaSplit({ data, split: 'val', scaling });
const test = loadPneumoniaSplit({ data, split: 'test', scaling });
const dataFingerprint = fingerprint({ data: [train.pixels, train.labels] });
const describeMix = (labels: ArrayLike<number>): string => {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  return `${labels.length} rows: ${labels.length - positives} normal / ${positives} pneumonia (${((100 * positives) / Math.max(1, labels.length)).toFixed(1)}% pneumonia)`;
};
console.log(`train ${describeMix(train.labels)}${args.subset === undefined ? '' : ' (stratified subset)'}; val ${val.labels.length}; test ${test.labels.length}`);

/** The BatchNorm-free CNN both modes train (see the header for why not buildSmallImageCnn). */
function buildPrivacyCnn({ seed: modelSeed }: { seed: number }): tf.LayersModel {
  const rng = createRng({ seed: modelSeed });
  const init = () => tf.initializers.glorotUniform({ seed: rng.int(2 ** 31) });
  const model = tf.sequential({ name: 'privacy_cnn' });
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters, kernelSize: 3, padding: 'same', activation: 'tanh', kernelInitializer: init() }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 2 * filters, kernelSize: 3, padding: 'same', activation: 'tanh', kernelInitializer: init() }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: init() }));
  return model;
}

function aucOf({ model, split }: { model: tf.LayersModel; split: PneumoniaSplit }): number {
  const scores = tf.tidy(() => (model.predict(split.x, { batchSize: 256 }) as tf.Tensor).dataSync() as Float32Array);
  return rocAuc({ labels: split.labels, scores });
}

const seconds = (since: number): number => Number(((Date.now() - since) / 1000).toFixed(1));
const points = (a: number, b: number): string => (100 * (a - b)).toFixed(2);

// ---------------------------------------------------------------------------------------------
// DP-SGD vs non-private, same loop
// ---------------------------------------------------------------------------------------------

interface DpArmResult {
  arm: string;
  testAuc: number;
  valAucByEpoch: number[];
  wallSeconds: number;
  meanClippedFraction: number;
  medianGradientNorm: number;
}

async function trainDpArm({ arm, clipNorm, noiseMultiplier, sampleRate, steps }: { arm: string; clipNorm: number; noiseMultiplier: number; sampleRate: number; steps: number }): Promise<DpArmResult> {
  const model = buildPrivacyCnn({ seed });
  const optimizer = tf.train.adam(learningRate);
  const n = train.labels.length;
  // Sampling and noise from the OS CSPRNG: the guarantee assumes the adversary cannot predict which rows were
  // drawn or what noise was added, which a published seed would break. Initial weights are seeded (public).
  const rng = cryptoRng();
  const lossFn = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar => tf.losses.logLoss(yTrue, yPred);
  const stepsPerEpoch = Math.round(1 / sampleRate);
  const t0 = Date.now();
  const valAucByEpoch: number[] = [];
  let clipped = 0;
  let seen = 0;
  const norms: number[] = [];
  for (let step = 0; step < steps; step++) {
    const rows = poissonSample({ size: n, sampleRate, rng });
    const index = tf.tensor1d(rows, 'int32');
    const xs = tf.gather(train.x, index);
    const ys = tf.gather(train.y, index);
    // Divide by the expected batch q·N, not the realised one: a data-dependent divisor would leak the batch size.
    const result = dpSgdStep({ model, lossFn, xs, ys, clipNorm, noiseMultiplier, optimizer, rng, denominator: sampleRate * n });
    tf.dispose([index, xs, ys]);
    clipped += result.clippedCount;
    seen += result.batchSize;
    if (step % 10 === 0) norms.push(...result.gradientNorms);
    if ((step + 1) % stepsPerEpoch === 0 || step === steps - 1) {
      const auc = aucOf({ model, split: val });
      valAucByEpoch.push(auc);
      const elapsed = (Date.now() - t0) / 1000;
      console.log(`  [${arm}] step ${step + 1}/${steps}: val AUC ${auc.toFixed(4)}, clipped ${((100 * clipped) / Math.max(1, seen)).toFixed(0)}%, ${elapsed.toFixed(0)}s (eta ${((elapsed / (step + 1)) * (steps - step - 1)).toFixed(0)}s)`);
    }
  }
  const wallSeconds = seconds(t0);
  const testAuc = aucOf({ model, split: test });
  optimizer.dispose();
  model.dispose();
  norms.sort((a, b) => a - b);
  return { arm, testAuc, valAucByEpoch, wallSeconds, meanClippedFraction: clipped / Math.max(1, seen), medianGradientNorm: norms[Math.floor(norms.length / 2)] ?? 0 };
}

async function runDpMode(): Promise<Record<string, unknown>> {
  const n = train.labels.length;
  const sampleRate = batch / n;
  const steps = Math.round(epochs / sampleRate);
  const targetEpsilon = Number(args['target-epsilon']);
  const delta = Number(args.delta);
  const clipNorm = Number(args.clip);
  const noiseMultiplier = noiseForTargetEpsilon({ targetEpsilon, delta, sampleRate, steps });
  const spent = computeEpsilon({ sampleRate, noiseMultiplier, steps, delta });
  console.log(`DP-SGD: q = ${batch}/${n} = ${sampleRate.toFixed(5)}, ${steps} steps (${epochs} epochs), C = ${clipNorm}, σ = ${noiseMultiplier.toFixed(4)} for ε ≤ ${targetEpsilon} at δ = ${delta}; accountant: ε = ${spent.epsilon.toFixed(3)} (order ${spent.optimalOrder})`);
  // The baseline takes the same Poisson batches, per-example loop, divisor and Adam steps; only the clip
  // (a bound no gradient reaches) and the noise are switched off, so the gap is the price of privacy alone.
  const baseline = await trainDpArm({ arm: 'non-private', clipNorm: 1e9, noiseMultiplier: 0, sampleRate, steps });
  console.log(`non-private: test AUC ${baseline.testAuc.toFixed(4)} (${baseline.wallSeconds}s)`);
  const dp = await trainDpArm({ arm: 'dp-sgd', clipNorm, noiseMultiplier, sampleRate, steps });
  console.log(`DP-SGD:      test AUC ${dp.testAuc.toFixed(4)} (${dp.wallSeconds}s)`);
  console.log(`gap: ${points(baseline.testAuc, dp.testAuc)} AUC points (target ≤ 3)`);
  return {
    hyperParameters: { model: 'privacy_cnn (conv-tanh-pool ×2, dense)', filters, optimizer: { kind: 'adam', learningRate }, epochs, expectedBatch: batch, sampleRate, steps, clipNorm, delta, targetEpsilon },
    noiseMultiplier,
    epsilonSpent: spent.epsilon,
    optimalOrder: spent.optimalOrder,
    baseline,
    dp,
    gapPoints: Number(points(baseline.testAuc, dp.testAuc)),
  };
}

// ---------------------------------------------------------------------------------------------
// FedAvg vs centralised
// ---------------------------------------------------------------------------------------------

/** Gamma(shape, 1) draw (Marsaglia–Tsang; shape < 1 boosted by U^(1/shape)), for Dirichlet proportions. */
function sampleGamma({ shape, rng }: { shape: number; rng: DataRng }): number {
  if (shape < 1) return sampleGamma({ shape: shape + 1, rng }) * (1 - rng.next()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Label-skewed non-IID split (Hsu et al. 2019): each class's rows are shared among the sites in Dirichlet(α)
 * proportions. Redrawn until every site holds ≥ 5% of the rows, so no site is empty (as FedLab/NIID-Bench do).
 */
function dirichletSplit({ labels, sites, alpha, rng }: { labels: ArrayLike<number>; sites: number; alpha: number; rng: DataRng }): number[][] {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] ?? 0;
    byClass.set(c, [...(byClass.get(c) ?? []), i]);
  }
  for (let attempt = 0; attempt < 1000; attempt++) {
    const parts: number[][] = Array.from({ length: sites }, () => []);
    for (const members of byClass.values()) {
      const shuffled = rng.shuffle(members);
      const g = Array.from({ length: sites }, () => sampleGamma({ shape: alpha, rng }));
      const total = g.reduce((a, b) => a + b, 0);
      let start = 0;
      let cumulative = 0;
      g.forEach((gk, k) => {
        cumulative += gk / total;
        const end = k === sites - 1 ? shuffled.length : Math.round(cumulative * shuffled.length);
        parts[k]?.push(...shuffled.slice(start, end));
        start = end;
      });
    }
    if (parts.every((p) => p.length >= 0.05 * labels.length)) return parts.map((p) => rng.shuffle(p));
  }
  throw new Error('dirichletSplit: no draw gave every site ≥ 5% of the rows; raise --alpha');
}

/**
 * Three sites with a prescribed label skew, the shape hospitals differ in (a paediatric clinic that mostly sees
 * healthy chests, a pneumonia ward, a general hospital): share of each class's rows per site, chosen so that on
 * the full training split site 1 is ~80% normal, site 2 ~98% pneumonia and site 3 ~50/50.
 * Dirichlet(0.5) with two classes often draws a mild skew (seed 1: 73% / 75% / 83% pneumonia), hence the default.
 */
const SKEWED_SHARES: Record<number, readonly [number, number, number]> = {
  0: [0.6, 0.05, 0.35],
  1: [0.052, 0.826, 0.122],
};

function skewedSplit({ labels, rng }: { labels: ArrayLike<number>; rng: DataRng }): number[][] {
  const parts: number[][] = [[], [], []];
  for (const [label, shares] of Object.entries(SKEWED_SHARES)) {
    const members: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === Number(label)) members.push(i);
    const shuffled = rng.shuffle(members);
    const first = Math.round(shares[0] * shuffled.length);
    const second = first + Math.round(shares[1] * shuffled.length);
    parts[0]?.push(...shuffled.slice(0, first));
    parts[1]?.push(...shuffled.slice(first, second));
    parts[2]?.push(...shuffled.slice(second));
  }
  return parts.map((p) => rng.shuffle(p));
}

async function runFedAvgMode(): Promise<Record<string, unknown>> {
  const split = args.split;
  if (split !== 'skewed' && split !== 'dirichlet') throw new Error('--split must be skewed or dirichlet');
  const numSites = split === 'skewed' ? 3 : Number(args.sites);
  const alpha = Number(args.alpha);
  const rounds = args.rounds === undefined ? epochs : Number(args.rounds);
  const localEpochs = epochs / rounds;
  if (!Number.isInteger(localEpochs) || localEpochs < 1) throw new Error(`--epochs (${epochs}) must be a whole multiple of --rounds (${rounds})`);
  const secureAggregation = !args['no-secure-aggregation'];
  const createModel = (): tf.LayersModel => {
    const m = buildPrivacyCnn({ seed });
    m.compile({ optimizer: tf.train.adam(learningRate), loss: 'binaryCrossentropy' });
    return m;
  };
  const rng = createRng({ seed });
  const siteOf = ({ id, rows }: { id: string; rows: number[] }): Site => {
    const index = tf.tensor1d(rows, 'int32');
    const xs = tf.gather(train.x, index);
    const ys = tf.gather(train.y, index);
    const site = new Site({ id, xs, ys });
    tf.dispose([index, xs, ys]);
    return site;
  };

  // Centralised: one "site" holding every row, trained for the whole budget in one round — the same local
  // trainer (fit from the initial weights, Adam, same batch), so the gap measures federation alone.
  const tCentral = Date.now();
  const centralModel = buildPrivacyCnn({ seed });
  const central = siteOf({ id: 'central', rows: rng.shuffle(Array.from({ length: train.labels.length }, (_, i) => i)) });
  await runFedAvgRound({ globalModel: centralModel, sites: [central], createModel, localEpochs: epochs, batchSize: batch });
  central.dispose();
  const centralised = { testAuc: aucOf({ model: centralModel, split: test }), valAuc: aucOf({ model: centralModel, split: val }), wallSeconds: seconds(tCentral) };
  console.log(`centralised: ${epochs} epochs, test AUC ${centralised.testAuc.toFixed(4)} (${centralised.wallSeconds}s)`);
  centralModel.dispose();

  const parts = split === 'skewed' ? skewedSplit({ labels: train.labels, rng }) : dirichletSplit({ labels: train.labels, sites: numSites, alpha, rng });
  const siteReport = parts.map((rows, k) => {
    const mix = describeMix(rows.map((r) => train.labels[r] ?? 0));
    console.log(`  site-${k + 1}: ${mix}`);
    return { id: `site-${k + 1}`, mix };
  });
  const sites = parts.map((rows, k) => siteOf({ id: `site-${k + 1}`, rows }));
  const tFed = Date.now();
  const globalModel = buildPrivacyCnn({ seed });
  const valAucByRound: number[] = [];
  for (let round = 0; round < rounds; round++) {
    await runFedAvgRound({ globalModel, sites, createModel, localEpochs, batchSize: batch, round, secureAggregation });
    valAucByRound.push(aucOf({ model: globalModel, split: val }));
    console.log(`  [fedavg] round ${round + 1}/${rounds} (${localEpochs} local epoch${localEpochs > 1 ? 's' : ''}): val AUC ${(valAucByRound[round] ?? 0).toFixed(4)}, ${seconds(tFed)}s`);
  }
  const federated = { testAuc: aucOf({ model: globalModel, split: test }), valAucByRound, wallSeconds: seconds(tFed) };
  sites.forEach((s) => s.dispose());
  globalModel.dispose();
  console.log(`FedAvg:      ${numSites} sites, ${split === 'skewed' ? 'skewed split' : `Dirichlet α=${alpha}`}, ${rounds} rounds × ${localEpochs} local epochs, test AUC ${federated.testAuc.toFixed(4)} (${federated.wallSeconds}s)`);
  console.log(`gap: ${points(centralised.testAuc, federated.testAuc)} AUC points (target ≤ 2)`);
  return {
    hyperParameters: { model: 'privacy_cnn (conv-tanh-pool ×2, dense)', filters, optimizer: { kind: 'adam', learningRate }, epochs, batch, split, sites: numSites, ...(split === 'dirichlet' ? { alpha } : { shares: SKEWED_SHARES }), rounds, localEpochs, secureAggregation },
    sites: siteReport,
    centralised,
    federated,
    gapPoints: Number(points(centralised.testAuc, federated.testAuc)),
  };
}

const results = mode === 'dp' ? await runDpMode() : await runFedAvgMode();
console.log(JSON.stringify({ mode, backend: backend.id, seed, dataFingerprint, trainRows: train.labels.length, ...results, wallSeconds: seconds(started) }, null, 2));
