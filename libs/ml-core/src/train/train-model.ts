import * as tf from '@tensorflow/tfjs';
import { getBackendInfo } from '../backend';
import type { BackendInfo } from '../backend';
import { createRng, fingerprint } from '../data';
import type { BatchTransform } from './augment';
import { fileSystemIO } from './checkpoint-io';
import { metricNameOf, perSampleLoss, perSampleMetric } from './losses';
import type { LossSpec } from './losses';
import { createOptimizer, learningRateAt } from './lr-schedule';
import type { LrSchedule, OptimizerSpec } from './lr-schedule';

/** Inputs and labels; `x` is an array for multi-input models (the recommender's [users, items]). */
export interface TrainingData {
  x: tf.Tensor | tf.Tensor[];
  y: tf.Tensor;
}

export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping. */
  patience: number;
  /** Smallest change that counts as an improvement. */
  minDelta?: number;
  /** 'valLoss' (lower is better) or 'valMetric' (higher is better for accuracy, lower for mae). */
  monitor?: 'valLoss' | 'valMetric';
  /** Put back the weights of the best epoch when training ends (default true). */
  restoreBestWeights?: boolean;
}

export interface TrainingProgress {
  epoch: number;
  epochs: number;
  step: number;
  stepsPerEpoch: number;
  /** Running mean of the training loss over this epoch so far. */
  loss: number;
  /** Running mean of the training metric over this epoch so far. */
  metric: number;
  /** Validation loss of the previous completed epoch, when there is validation data. */
  valLoss?: number;
  etaSeconds: number;
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  metric: number;
  valLoss?: number;
  valMetric?: number;
  learningRate: number;
  seconds: number;
}

export interface TrainingRecord {
  /** sha256 over the training (and validation) inputs' and labels' bytes, shapes and dtypes. */
  dataFingerprint: string;
  seed: number;
  backend: BackendInfo;
  hyperParameters: Record<string, unknown>;
  metricName: 'accuracy' | 'mae';
  startedAt: string;
  wallTimeSeconds: number;
  /** Training examples processed per second of wall time (augmentation and validation included). */
  examplesPerSecond: number;
  epochsRun: number;
  stoppedEarly: boolean;
  /** Best epoch by the monitored value (validation loss by default; training loss without validation). */
  bestEpoch: number;
  /** Epoch whose weights the model holds at the end: the best one when early stopping restored it, else the last. */
  weightsFromEpoch: number;
  history: EpochRecord[];
  /** Metrics of `weightsFromEpoch`, i.e. of the weights the model ends with. */
  finalMetrics: { loss: number; metric: number; valLoss?: number; valMetric?: number };
}

export interface TrainModelOptions {
  model: tf.LayersModel;
  data: TrainingData;
  validation?: TrainingData;
  loss: LossSpec;
  epochs: number;
  batchSize?: number;
  /** Seeds shuffling, dropout masks and augmentation. Build the model with the same seed for full replay. */
  seed: number;
  optimizer?: OptimizerSpec;
  schedule?: LrSchedule;
  /** Weight of each class's examples in the loss (label value → weight), e.g. to balance classes. */
  classWeights?: Record<number, number>;
  earlyStopping?: EarlyStoppingOptions;
  /** Save model.json + weights.bin here whenever the monitored value improves (every epoch without validation). */
  checkpointDir?: string;
  /** Seeded transform of the (first) input of each training batch, e.g. `createImageAugmenter(...)`. */
  transformBatch?: BatchTransform;
  shuffle?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: TrainingProgress) => void;
  /**
   * Called after each epoch's validation pass, before early stopping decides. Lets a caller track what the
   * loop does not monitor (validation AUC, weight averages) without a second pass over the data.
   */
  onEpochEnd?: (event: { epoch: number; record: EpochRecord; model: tf.LayersModel }) => void | Promise<void>;
  /** Extra settings to record (architecture, preprocessing...). */
  hyperParameters?: Record<string, unknown>;
  /** Batch size used for validation passes. */
  evalBatchSize?: number;
}

const asArray = (x: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(x) ? x : [x]);

function countOf(data: TrainingData): number {
  const first = asArray(data.x)[0];
  const n = first?.shape[0];
  if (first === undefined || n === undefined) throw new Error('trainModel: data.x is empty');
  for (const t of [...asArray(data.x), data.y]) {
    if (t.shape[0] !== n) throw new Error(`trainModel: all inputs and labels need ${n} rows, got shape ${JSON.stringify(t.shape)}`);
  }
  return n;
}

function dataFingerprint({ data, validation }: { data: TrainingData; validation?: TrainingData }): string {
  const parts: (string | ArrayBufferView)[] = [];
  for (const [role, set] of [['train', data], ['validation', validation]] as const) {
    if (set === undefined) continue;
    for (const [i, t] of [...asArray(set.x), set.y].entries()) {
      // Shape and dtype go in too: the same bytes read as [784, 6] or [6, 784] are different data.
      parts.push(`${role}:${i}:${t.dtype}:${t.shape.join('x')};`, t.dataSync());
    }
  }
  return fingerprint({ data: parts });
}

function sampleWeightsFor({ y, classWeights }: { y: tf.Tensor; classWeights: Record<number, number> }): Float32Array {
  const labels = y.dataSync();
  const rows = y.shape[0] ?? 0;
  if (labels.length !== rows) throw new Error('trainModel: classWeights need one integer label per example');
  return Float32Array.from(labels, (label) => {
    const w = classWeights[Math.round(label)];
    if (w === undefined) throw new Error(`trainModel: classWeights has no weight for label ${label}`);
    return w;
  });
}

// tfjs Dropout takes a fixed seed (then it repeats one mask at every step) or none (then it draws from
// Math.random and runs cannot be replayed). Reseeding each Dropout layer before each step from the run's
// seed gives fresh masks that replay exactly. The field is private in the typings, hence Reflect.
function reseedDropout({ model, seed }: { model: tf.LayersModel; seed: number }): void {
  const rng = createRng({ seed });
  const visit = (layers: tf.layers.Layer[]): void => {
    for (const layer of layers) {
      if (layer instanceof tf.LayersModel) visit(layer.layers);
      else if (layer.getClassName() === 'Dropout') Reflect.set(layer, 'seed', rng.int(2 ** 31 - 1));
    }
  };
  visit(model.layers);
}

function evaluate({ model, data, loss, batchSize }: { model: tf.LayersModel; data: TrainingData; loss: LossSpec; batchSize: number }): { loss: number; metric: number } {
  const n = countOf(data);
  let lossSum = 0;
  let metricSum = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const [l, m] = tf.tidy(() => {
      const xs = asArray(data.x).map((t) => tf.slice(t, start, size));
      const yTrue = tf.slice(data.y, start, size);
      const yPred = model.apply(xs.length === 1 ? (xs[0] as tf.Tensor) : xs, { training: false }) as tf.Tensor;
      return [tf.sum(perSampleLoss({ loss, yTrue, yPred })).dataSync()[0] ?? Number.NaN, tf.sum(perSampleMetric({ loss, yTrue, yPred })).dataSync()[0] ?? Number.NaN];
    });
    lossSum += l;
    metricSum += m;
  }
  return { loss: lossSum / n, metric: metricSum / n };
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Trains a tfjs layers model with a seeded, replayable mini-batch loop on whatever backend `initBackend`
 * chose: seeded shuffling / dropout / augmentation, Adam or SGD with an LR schedule, class weights, early
 * stopping with best-weight restore, checkpoints, cancellation and progress events. Returns the record every
 * training run keeps (fingerprint, seed, backend, hyper-parameters, wall time, history, metrics).
 *
 * A loop of our own rather than `model.fit`: fit has no per-step cancellation, no per-step LR schedule and
 * draws dropout masks from Math.random, which would break "same seed ⇒ same weights".
 *
 * @example
 * await initBackend();
 * const model = buildSmallImageCnn({ seed: 1 });
 * const record = await trainModel({
 *   model, data: { x: images, y: labels }, validation: { x: valImages, y: valLabels },
 *   loss: { kind: 'binaryCrossentropy' }, epochs: 10, batchSize: 64, seed: 1,
 *   optimizer: { kind: 'adam', learningRate: 3e-3 }, schedule: { kind: 'cosine' },
 *   earlyStopping: { patience: 3 }, onProgress: (p) => console.log(p.epoch, p.loss),
 * });
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainingRecord> {
  const { model, data, validation, loss, epochs, batchSize = 32, seed, classWeights, earlyStopping, checkpointDir, transformBatch, shuffle = true, signal, onProgress } = options;
  const optimizerSpec: OptimizerSpec = options.optimizer ?? { kind: 'adam', learningRate: 1e-3 };
  const schedule: LrSchedule = options.schedule ?? { kind: 'constant' };
  const evalBatchSize = options.evalBatchSize ?? Math.max(256, batchSize);
  signal?.throwIfAborted();

  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const n = countOf(data);
  if (validation !== undefined) countOf(validation);
  const stepsPerEpoch = Math.ceil(n / batchSize);
  const totalSteps = stepsPerEpoch * epochs;
  const backend = getBackendInfo();
  const hyperParameters: Record<string, unknown> = {
    ...options.hyperParameters,
    loss,
    epochs,
    batchSize,
    optimizer: optimizerSpec,
    schedule,
    classWeights: classWeights ?? null,
    earlyStopping: earlyStopping ?? null,
    shuffle,
    augmentation: transformBatch !== undefined,
    trainableParameters: model.countParams(),
  };
  const fingerprintHex = dataFingerprint({ data, validation });

  const { optimizer, baseLearningRate, setLearningRate } = createOptimizer({ spec: optimizerSpec });
  const trainable = model.trainableWeights.map((w) => w.read()).filter((v): v is tf.Variable => v instanceof tf.Variable);
  const sampleWeights = classWeights === undefined ? undefined : tf.tensor1d(sampleWeightsFor({ y: data.y, classWeights }));
  const rng = createRng({ seed });
  const shuffleRng = rng.fork();
  const stepSeeds = rng.fork();

  const metricName = metricNameOf({ loss });
  const monitor = earlyStopping?.monitor ?? 'valLoss';
  // Lower is better for losses and mae; higher for accuracy.
  const higherIsBetter = monitor === 'valMetric' && metricName === 'accuracy';
  const minDelta = earlyStopping?.minDelta ?? 0;
  const restoreBest = earlyStopping?.restoreBestWeights ?? true;
  let best = higherIsBetter ? -Infinity : Infinity;
  let bestEpoch = -1;
  let bestWeights: tf.Tensor[] | undefined;
  let waited = 0;
  let stoppedEarly = false;
  let weightsFromEpoch = -1;
  const history: EpochRecord[] = [];
  let stepsDone = 0;
  let examplesSeen = 0;
  const order = Array.from({ length: n }, (_, i) => i);

  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const epochStart = Date.now();
      const indices = shuffle ? shuffleRng.shuffle(order) : order;
      let lossSum = 0;
      let metricSum = 0;
      let seen = 0;
      let lr = baseLearningRate;
      for (let step = 0; step < stepsPerEpoch; step++) {
        signal?.throwIfAborted();
        lr = learningRateAt({ schedule, baseLearningRate, epoch: epoch + step / stepsPerEpoch, epochs });
        setLearningRate(lr);
        const batchIdx = indices.slice(step * batchSize, (step + 1) * batchSize);
        const size = batchIdx.length;
        const stepSeed = stepSeeds.int(2 ** 31 - 1);
        reseedDropout({ model, seed: stepSeed });
        const [stepLoss, stepMetric] = tf.tidy(() => {
          const idx = tf.tensor1d(batchIdx, 'int32');
          const xs = asArray(data.x).map((t) => tf.gather(t, idx));
          if (transformBatch !== undefined && xs[0] !== undefined) xs[0] = transformBatch({ x: xs[0], seed: stepSeed ^ 0x5bd1e995 });
          const yTrue = tf.gather(data.y, idx);
          const weights = sampleWeights === undefined ? undefined : tf.gather(sampleWeights, idx);
          let reported: tf.Tensor1D | undefined;
          const cost = optimizer.minimize(
            () => {
              const yPred = model.apply(xs.length === 1 ? (xs[0] as tf.Tensor) : xs, { training: true }) as tf.Tensor;
              const perSample = perSampleLoss({ loss, yTrue, yPred });
              // Keras semantics: weighted losses averaged over the batch size, not over the weights' sum.
              let total: tf.Scalar = weights === undefined ? tf.mean(perSample) : tf.div(tf.sum(tf.mul(perSample, weights)), size);
              for (const penalty of model.calculateLosses()) total = tf.add(total, penalty);
              // Progress reports the unweighted data loss (no penalties), comparable with the validation loss.
              reported = tf.keep(tf.stack([tf.sum(perSample), tf.sum(perSampleMetric({ loss, yTrue, yPred }))]) as tf.Tensor1D);
              return total;
            },
            true,
            trainable,
          );
          cost?.dispose();
          const values = reported?.dataSync() ?? new Float32Array([Number.NaN, Number.NaN]);
          reported?.dispose();
          return [values[0] ?? Number.NaN, values[1] ?? Number.NaN];
        });
        lossSum += stepLoss;
        metricSum += stepMetric;
        seen += size;
        stepsDone += 1;
        examplesSeen += size;
        if (onProgress !== undefined) {
          const elapsed = (Date.now() - started) / 1000;
          onProgress({
            epoch,
            epochs,
            step,
            stepsPerEpoch,
            loss: lossSum / seen,
            metric: metricSum / seen,
            valLoss: history[history.length - 1]?.valLoss,
            etaSeconds: (elapsed / stepsDone) * (totalSteps - stepsDone),
          });
        }
        await yieldToEventLoop();
      }

      const record: EpochRecord = { epoch, loss: lossSum / seen, metric: metricSum / seen, learningRate: lr, seconds: 0 };
      if (validation !== undefined) {
        const v = evaluate({ model, data: validation, loss, batchSize: evalBatchSize });
        record.valLoss = v.loss;
        record.valMetric = v.metric;
      }
      record.seconds = (Date.now() - epochStart) / 1000;
      history.push(record);
      if (options.onEpochEnd !== undefined) await options.onEpochEnd({ epoch, record, model });

      const monitored = validation === undefined ? record.loss : monitor === 'valLoss' ? record.valLoss : record.valMetric;
      const improved = monitored !== undefined && (higherIsBetter ? monitored > best + minDelta : monitored < best - minDelta);
      if (improved && monitored !== undefined) {
        best = monitored;
        bestEpoch = epoch;
        waited = 0;
        if (earlyStopping !== undefined && restoreBest) {
          tf.dispose(bestWeights);
          // getWeights() hands back the live variables; clone so later steps cannot overwrite the snapshot.
          bestWeights = model.getWeights().map((w) => w.clone());
        }
        if (checkpointDir !== undefined) await model.save(fileSystemIO({ dir: checkpointDir }));
      } else {
        waited += 1;
      }
      if (earlyStopping !== undefined && waited >= earlyStopping.patience) {
        stoppedEarly = epoch < epochs - 1;
        break;
      }
    }
    weightsFromEpoch = history.length - 1;
    if (bestWeights !== undefined && bestEpoch !== history.length - 1) {
      model.setWeights(bestWeights);
      weightsFromEpoch = bestEpoch;
    }
  } finally {
    tf.dispose(bestWeights);
    sampleWeights?.dispose();
    optimizer.dispose();
  }

  const kept = history[weightsFromEpoch];
  const wallTimeSeconds = (Date.now() - started) / 1000;
  return {
    dataFingerprint: fingerprintHex,
    seed,
    backend,
    hyperParameters,
    metricName,
    startedAt,
    wallTimeSeconds,
    examplesPerSecond: examplesSeen / wallTimeSeconds,
    epochsRun: history.length,
    stoppedEarly,
    bestEpoch,
    weightsFromEpoch,
    history,
    finalMetrics: { loss: kept?.loss ?? Number.NaN, metric: kept?.metric ?? Number.NaN, valLoss: kept?.valLoss, valMetric: kept?.valMetric },
  };
}
