// The boosting loop: bin once, then per tree compute gradients, draw the bag and the feature subset, grow a
// tree on histograms and add its shrunk leaf values to the scores.
import os from 'node:os';
import { fingerprint } from '../data/fingerprint';
import { createRng } from '../data/prng';
import { binRows, column, fitCategoricalBins, fitNumericBins, type TBinMapper } from './binning';
import { growTree, type TTrainNode } from './grow-tree';
import { createLocalHistogramBuilder, createParallelHistogramBuilder, type THistogramBuffers, type THistogramBuilder } from './histogram';
import { objectiveImpl, sortedQuantile } from './objectives';
import type { TGbdtFeature, TGbdtModel, TGbdtNode, TGbdtParams, TGbdtResolvedParams, TGbdtRows, TGbdtTree, TMonotone } from './types';

export interface FitGbdtOptions {
  rows: TGbdtRows;
  labels: ArrayLike<number>;
  params: TGbdtParams;
  /** Column names (default f0, f1, …). */
  featureNames?: readonly string[];
  /** Columns holding integer category codes. */
  categorical?: readonly number[];
  /** One constraint per column (numeric columns only); default none. */
  monotone?: readonly TMonotone[];
  /** Scored after every tree; its loss drives `earlyStoppingRounds`. */
  validation?: { rows: TGbdtRows; labels: ArrayLike<number> };
  /** Threads building histograms, this one included (default os.availableParallelism()). */
  threads?: number;
  /**
   * Row × feature cells below which no workers are started, and below which a leaf's histogram is built on
   * this thread even when workers exist (default 100 000). 0 always uses the workers (tests).
   */
  parallelThreshold?: number;
  signal?: AbortSignal;
  /** Called after every tree (a job's progress bar). */
  onProgress?: (progress: { tree: number; trees: number; validLoss?: number }) => void;
}

export interface TGbdtIteration {
  iteration: number;
  /** Training loss, on every 10th tree and the last one (a full pass over the rows costs ~10% of a tree). */
  trainLoss?: number;
  validLoss?: number;
}

/** What a training run records (see CONVENTIONS: data fingerprint, seed, backend, hyper-parameters, wall time, metrics). */
export interface TGbdtFitRecord {
  /** e.g. 'typescript (worker_threads × 2)'; × 1 means histograms were built on the calling thread. */
  backend: string;
  threads: number;
  seed: number;
  /** sha256 over the feature values and labels (float64) in row order. */
  dataFingerprint: string;
  params: TGbdtResolvedParams;
  rows: number;
  features: number;
  /** Trees grown before stopping; the model keeps `model.trees.length` of them (the best iteration). */
  treesGrown: number;
  earlyStopped: boolean;
  lossName: string;
  history: TGbdtIteration[];
  /** Wall time of each grown tree: gradients, histograms, splits and score updates. */
  treeTimesMs: number[];
  binningMs: number;
  wallTimeMs: number;
}

export interface TGbdtFitResult {
  model: TGbdtModel;
  record: TGbdtFitRecord;
}

const inRange = (name: string, v: number, lo: number, hi: number, integer = false): void => {
  if (!Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
    throw new Error(`fitGbdt: ${name} must be ${integer ? 'an integer ' : ''}in [${lo}, ${hi}], got ${v}`);
  }
};

/**
 * Hyper-parameters with defaults filled in and ranges checked.
 *
 * @example
 * resolveGbdtParams({ params: { objective: { kind: 'l2' } } }).maxLeaves; // 31
 */
export function resolveGbdtParams({ params }: { params: TGbdtParams }): TGbdtResolvedParams {
  const r: TGbdtResolvedParams = {
    objective: params.objective,
    numTrees: params.numTrees ?? 100,
    learningRate: params.learningRate ?? 0.1,
    maxLeaves: params.maxLeaves ?? 31,
    maxDepth: params.maxDepth ?? 0,
    minChildSamples: params.minChildSamples ?? 20,
    minChildHessian: params.minChildHessian ?? 1e-3,
    minGain: params.minGain ?? 0,
    l1: params.l1 ?? 0,
    l2: params.l2 ?? 0,
    baggingFraction: params.baggingFraction ?? 1,
    baggingFreq: params.baggingFreq ?? 1,
    featureFraction: params.featureFraction ?? 1,
    maxBins: params.maxBins ?? 255,
    maxCatThreshold: params.maxCatThreshold ?? 32,
    catSmooth: params.catSmooth ?? 10,
    catL2: params.catL2 ?? 10,
    maxCatToOnehot: params.maxCatToOnehot ?? 4,
    earlyStoppingRounds: params.earlyStoppingRounds ?? null,
    seed: params.seed ?? 0,
  };
  inRange('numTrees', r.numTrees, 1, 1e6, true);
  inRange('learningRate', r.learningRate, 1e-9, 10);
  inRange('maxLeaves', r.maxLeaves, 2, 1 << 16, true);
  inRange('maxDepth', r.maxDepth, 0, 64, true);
  inRange('minChildSamples', r.minChildSamples, 1, 1e9, true);
  inRange('minChildHessian', r.minChildHessian, 0, 1e12);
  inRange('minGain', r.minGain, 0, 1e12);
  inRange('l1', r.l1, 0, 1e12);
  inRange('l2', r.l2, 0, 1e12);
  inRange('baggingFraction', r.baggingFraction, 1e-6, 1);
  inRange('baggingFreq', r.baggingFreq, 1, 1e6, true);
  inRange('featureFraction', r.featureFraction, 1e-6, 1);
  inRange('maxBins', r.maxBins, 2, 255, true);
  inRange('maxCatThreshold', r.maxCatThreshold, 1, 255, true);
  inRange('catSmooth', r.catSmooth, 0, 1e12);
  inRange('catL2', r.catL2, 0, 1e12);
  inRange('maxCatToOnehot', r.maxCatToOnehot, 1, 256, true);
  inRange('seed', r.seed, 0, 2 ** 32 - 1, true);
  if (r.earlyStoppingRounds !== null) inRange('earlyStoppingRounds', r.earlyStoppingRounds, 1, 1e6, true);
  if (r.minChildHessian === 0 && r.l2 === 0) throw new Error('fitGbdt: minChildHessian and l2 cannot both be 0 (a leaf value would divide by zero)');
  objectiveImpl({ objective: r.objective });
  return r;
}

const toMonotone = (v: number): TMonotone => (v > 0 ? 1 : v < 0 ? -1 : 0);

/** Value of the leaf a binned row falls in. */
function binnedLeafValue(nodes: readonly TTrainNode[], bins: Uint8Array, nRows: number, row: number, mappers: readonly TBinMapper[]): number {
  let node = nodes[0];
  while (node && node.kind !== 'leaf') {
    const b = bins[node.feature * nRows + row] ?? 0;
    const goLeft = node.leftMask ? node.leftMask[b] === 1 : b === (mappers[node.feature]?.missingBin ?? -1) ? node.missingLeft : b <= node.thresholdBin;
    node = nodes[goLeft ? node.left : node.right];
  }
  return node?.output ?? 0;
}

function toModelTree(nodes: readonly TTrainNode[], mappers: readonly TBinMapper[]): TGbdtTree {
  return {
    nodes: nodes.map((node): TGbdtNode => {
      const mapper = mappers[node.feature];
      if (node.kind === 'leaf' || !mapper) return { kind: 'leaf', value: node.output, cover: node.cover };
      if (mapper.kind === 'numeric') {
        // After the last value bin: every present value goes left, only missing goes right.
        const threshold = node.thresholdBin < mapper.numBins - 1 ? (mapper.upperEdges[node.thresholdBin] ?? Infinity) : Infinity;
        return { kind: 'numeric', feature: node.feature, threshold, missingGoesLeft: node.missingLeft, left: node.left, right: node.right, gain: node.gain, cover: node.cover };
      }
      const mask = node.leftMask ?? new Uint8Array(mapper.numBins + 1);
      // List the categories that leave the default side: with default left, those going right; else those going left.
      const listed = mapper.codes.filter((_, b) => (mask[b] === 1) !== node.missingLeft);
      return { kind: 'categorical', feature: node.feature, categories: listed, categoriesGoLeft: !node.missingLeft, left: node.left, right: node.right, gain: node.gain, cover: node.cover };
    }),
  };
}

/**
 * Fits gradient-boosted decision trees (histogram learner in the style of LightGBM: ≤ 255 quantile bins per
 * numeric feature plus one for missing values, native categorical splits, leaf-wise growth, monotone
 * constraints, L1/L2, bagging, feature fraction, early stopping). Same seed and data give an identical model,
 * with or without worker threads.
 *
 * @example
 * const { model, record } = await fitGbdt({ rows, labels, params: { objective: { kind: 'binary' }, numTrees: 200, maxLeaves: 15 } });
 * const { prediction } = predictGbdt({ model, rows: testRows }); // probabilities
 */
export async function fitGbdt(options: FitGbdtOptions): Promise<TGbdtFitResult> {
  const started = performance.now();
  const p = resolveGbdtParams({ params: options.params });
  const { rows } = options;
  const n = rows.length;
  const numFeatures = rows[0]?.length ?? 0;
  if (n < 2) throw new Error(`fitGbdt: need at least 2 rows, got ${n}`);
  if (numFeatures === 0) throw new Error('fitGbdt: rows have no features');
  rows.forEach((row, i) => {
    if (row.length !== numFeatures) throw new Error(`fitGbdt: row ${i} has ${row.length} features, row 0 has ${numFeatures}`);
  });
  if (options.labels.length !== n) throw new Error(`fitGbdt: ${n} rows but ${options.labels.length} labels`);
  const obj = objectiveImpl({ objective: p.objective });
  const labels = Float64Array.from(options.labels);
  obj.checkLabels(labels);

  const isCategorical = new Uint8Array(numFeatures);
  for (const f of options.categorical ?? []) {
    if (!Number.isInteger(f) || f < 0 || f >= numFeatures) throw new Error(`fitGbdt: categorical column ${f} is not among the ${numFeatures} columns`);
    isCategorical[f] = 1;
  }
  const monotone = new Int8Array(numFeatures);
  if (options.monotone) {
    if (options.monotone.length !== numFeatures) throw new Error(`fitGbdt: monotone has ${options.monotone.length} entries for ${numFeatures} columns`);
    options.monotone.forEach((m, f) => {
      if (m !== 0 && isCategorical[f]) throw new Error(`fitGbdt: column ${f} is categorical and cannot be monotone`);
      monotone[f] = m;
    });
  }
  const names = options.featureNames ?? Array.from({ length: numFeatures }, (_, f) => `f${f}`);
  if (names.length !== numFeatures) throw new Error(`fitGbdt: ${names.length} feature names for ${numFeatures} columns`);

  const binStarted = performance.now();
  const mappers: TBinMapper[] = Array.from({ length: numFeatures }, (_, f) => {
    const values = column({ rows, feature: f });
    return isCategorical[f]
      ? fitCategoricalBins({ values, maxBins: p.maxBins, where: `fitGbdt: column ${f}` })
      : fitNumericBins({ values, maxBins: p.maxBins });
  });
  const requested = options.threads ?? os.availableParallelism();
  const threshold = options.parallelThreshold ?? 100_000;
  const parallel = requested > 1 && n * numFeatures >= threshold;
  const f64 = (length: number): Float64Array => (parallel ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length));
  const i32 = (length: number): Int32Array => (parallel ? new Int32Array(new SharedArrayBuffer(length * 4)) : new Int32Array(length));
  const offsets = i32(numFeatures + 1);
  mappers.forEach((m, f) => {
    offsets[f + 1] = (offsets[f] ?? 0) + m.numBins + 1;
  });
  const stride = (offsets[numFeatures] ?? 0) * 3;
  const bins = binRows({ rows, mappers, shared: parallel });
  const valid = options.validation;
  const valLabels = valid ? Float64Array.from(valid.labels) : null;
  if (valid && valLabels) {
    if (valid.rows.length !== valLabels.length) throw new Error(`fitGbdt: validation has ${valid.rows.length} rows but ${valLabels.length} labels`);
    if (valid.rows.length === 0) throw new Error('fitGbdt: validation set is empty');
    obj.checkLabels(valLabels);
  }
  const valBins = valid ? binRows({ rows: valid.rows, mappers, shared: false }) : null;
  const binningMs = performance.now() - binStarted;

  const buffers: THistogramBuffers = {
    n,
    bins,
    indices: parallel ? new Uint32Array(new SharedArrayBuffer(n * 4)) : new Uint32Array(n),
    og: f64(n),
    oh: f64(n),
    hist: f64(p.maxLeaves * stride),
    stride,
    offsets,
    features: i32(numFeatures),
  };
  const builder: THistogramBuilder = parallel
    ? await createParallelHistogramBuilder({ buffers, threads: Math.min(requested, numFeatures), minNodeWork: threshold })
    : createLocalHistogramBuilder({ buffers });

  const flat = new Float64Array(n * numFeatures);
  rows.forEach((row, i) => {
    for (let f = 0; f < numFeatures; f++) flat[i * numFeatures + f] = row[f] ?? NaN;
  });
  const dataFingerprint = fingerprint({ data: [flat, labels] });

  const baseScore = obj.initScore(labels);
  const scores = new Float64Array(n).fill(baseScore);
  const valScores = valLabels ? new Float64Array(valLabels.length).fill(baseScore) : null;
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const rng = createRng({ seed: p.seed });
  const bagRng = rng.fork();
  const featureRng = rng.fork();
  const allRows = Uint32Array.from({ length: n }, (_, i) => i);
  const bagSize = p.baggingFraction < 1 ? Math.max(1, Math.round(p.baggingFraction * n)) : n;
  let bag = allRows;
  const inBag = new Uint8Array(n).fill(1);
  const shuffleSpace = Uint32Array.from(allRows);
  const featureCount = Math.max(1, Math.round(p.featureFraction * numFeatures));
  const featureOrder = Array.from({ length: numFeatures }, (_, f) => f);
  const deterministicTrees = bagSize === n && featureCount === numFeatures;
  const ctx = { params: p, mappers, monotone, buffers, builder, scratch: new Uint32Array(n) };

  const trees: TTrainNode[][] = [];
  const history: TGbdtIteration[] = [];
  const treeTimesMs: number[] = [];
  let bestLoss = Infinity;
  let bestTrees = 0;
  let earlyStopped = false;
  try {
    for (let iteration = 0; iteration < p.numTrees; iteration++) {
      if (options.signal?.aborted) throw new Error('fitGbdt: aborted', { cause: options.signal.reason });
      const t0 = performance.now();
      obj.gradients({ labels, scores, grad, hess });
      if (bagSize < n && iteration % p.baggingFreq === 0) {
        // Partial Fisher–Yates: the first bagSize entries become a uniform sample without replacement.
        for (let i = 0; i < bagSize; i++) {
          const j = i + bagRng.int(n - i);
          const t = shuffleSpace[i] ?? 0;
          shuffleSpace[i] = shuffleSpace[j] ?? 0;
          shuffleSpace[j] = t;
        }
        bag = shuffleSpace.slice(0, bagSize).sort();
        inBag.fill(0);
        for (const i of bag) inBag[i] = 1;
      }
      buffers.indices.set(bag);
      const active = featureCount < numFeatures ? featureRng.shuffle(featureOrder).slice(0, featureCount).sort((a, b) => a - b) : featureOrder;
      buffers.features.set(active);
      const nodes = growTree({ ctx, begin: 0, count: bag.length, numFeatures: active.length, grad, hess });
      if (nodes.length === 1 && deterministicTrees) break; // nothing left to split: every further tree would be this one
      for (const node of nodes) {
        if (node.kind !== 'leaf') continue;
        let output = node.output;
        if (obj.renewQuantile !== null) {
          const residuals = new Float64Array(node.count);
          for (let k = 0; k < node.count; k++) {
            const i = buffers.indices[node.begin + k] ?? 0;
            residuals[k] = (labels[i] ?? 0) - (scores[i] ?? 0);
          }
          const q = sortedQuantile({ sorted: residuals.sort(), q: obj.renewQuantile });
          output = Math.min(node.hi, Math.max(node.lo, q));
        }
        node.output = output * p.learningRate;
        for (let k = 0; k < node.count; k++) {
          const i = buffers.indices[node.begin + k] ?? 0;
          scores[i] = (scores[i] ?? 0) + node.output;
        }
      }
      if (bag.length < n) {
        for (let i = 0; i < n; i++) if (!inBag[i]) scores[i] = (scores[i] ?? 0) + binnedLeafValue(nodes, bins, n, i, mappers);
      }
      trees.push(nodes);
      const entry: TGbdtIteration = iteration % 10 === 9 ? { iteration, trainLoss: obj.loss({ labels, scores }) } : { iteration };
      if (valBins && valScores && valLabels) {
        for (let i = 0; i < valScores.length; i++) valScores[i] = (valScores[i] ?? 0) + binnedLeafValue(nodes, valBins, valScores.length, i, mappers);
        entry.validLoss = obj.loss({ labels: valLabels, scores: valScores });
        if (entry.validLoss < bestLoss) {
          bestLoss = entry.validLoss;
          bestTrees = trees.length;
        }
      }
      history.push(entry);
      treeTimesMs.push(performance.now() - t0);
      options.onProgress?.({ tree: trees.length, trees: p.numTrees, ...(entry.validLoss !== undefined ? { validLoss: entry.validLoss } : {}) });
      // Histogram workers are waited for with Atomics.wait, which holds this thread: give the event loop a
      // turn between trees so timers, I/O and an abort can run.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (p.earlyStoppingRounds !== null && valScores && trees.length - bestTrees >= p.earlyStoppingRounds) {
        earlyStopped = true;
        break;
      }
    }
  } finally {
    await builder.close();
  }
  const lastEntry = history[history.length - 1];
  if (lastEntry && lastEntry.trainLoss === undefined) lastEntry.trainLoss = obj.loss({ labels, scores });
  const kept = p.earlyStoppingRounds !== null && valScores ? trees.slice(0, bestTrees) : trees;
  const features: TGbdtFeature[] = mappers.map((m, f) =>
    m.kind === 'categorical' ? { name: names[f] ?? `f${f}`, kind: 'categorical', categories: [...m.codes] } : { name: names[f] ?? `f${f}`, kind: 'numeric', monotone: toMonotone(monotone[f] ?? 0) },
  );
  const model: TGbdtModel = {
    format: 'ml-core-gbdt',
    version: 1,
    objective: p.objective,
    baseScore,
    features,
    trees: kept.map((nodes) => toModelTree(nodes, mappers)),
    params: p,
  };
  return {
    model,
    record: {
      backend: `typescript (worker_threads × ${builder.threads})`,
      threads: builder.threads,
      seed: p.seed,
      dataFingerprint,
      params: p,
      rows: n,
      features: numFeatures,
      treesGrown: trees.length,
      earlyStopped,
      lossName: obj.lossName,
      history,
      treeTimesMs,
      binningMs,
      wallTimeMs: performance.now() - started,
    },
  };
}
