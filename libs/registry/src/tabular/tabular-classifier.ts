import * as tf from '@tensorflow/tfjs';
import { Standardiser, type TStandardiserJson } from '@platform/ml-core/data';
import { buildLogisticRegression, buildMlp } from '@platform/ml-core/models';
import { trainModel, type TrainingProgress, type TrainingRecord } from '@platform/ml-core/train';

/** The tabular binary classifiers the registry's training jobs know how to build. */
export type TTabularClassifierSpec =
  | { kind: 'logistic'; l2?: number }
  | { kind: 'mlp'; hidden: number[]; dropout?: number; l2?: number };

export interface TFitTabularOptions {
  /** Feature rows (all rows; `train` picks the ones to fit on). */
  rows: readonly (readonly number[])[];
  /** 0/1 labels, one per row. */
  labels: readonly number[];
  /** Row indices to fit on: the standardiser sees only these, so held-out rows never leak into scaling. */
  train: readonly number[];
  spec: TTabularClassifierSpec;
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  seed: number;
  signal?: AbortSignal;
  onProgress?: (progress: TrainingProgress) => void;
}

export interface TFittedTabularClassifier {
  model: tf.LayersModel;
  standardiser: Standardiser;
  record: TrainingRecord;
  /** P(label = 1) for raw (unscaled) rows. */
  predict: (options: { rows: readonly (readonly number[])[] }) => number[];
  /** The preprocessing to store beside the model so serving scales rows identically. */
  preprocessing: TStandardiserJson;
}

const pick = <T>(items: readonly T[], idx: readonly number[]): T[] =>
  idx.map((i) => {
    const v = items[i];
    if (v === undefined) throw new Error(`fitTabularClassifier: row index ${i} is out of range`);
    return v;
  });

/**
 * Standardises (fitted on the training rows only) and trains a logistic regression or MLP with ml-core's
 * seeded `trainModel` on whatever backend is active (call `initBackend` first).
 * @example
 * const fitted = await fitTabularClassifier({ rows, labels, train: fold.train, spec: { kind: 'logistic', l2: 1e-3 }, epochs: 30, seed: 1 });
 * const p = fitted.predict({ rows: fold.test.map((i) => rows[i]) });
 */
export async function fitTabularClassifier(options: TFitTabularOptions): Promise<TFittedTabularClassifier> {
  const { rows, labels, train, spec, epochs, batchSize = 32, learningRate = 1e-2, seed, signal, onProgress } = options;
  if (rows.length !== labels.length) throw new Error(`fitTabularClassifier: ${rows.length} rows but ${labels.length} labels`);
  const trainRows = pick(rows, train);
  const standardiser = Standardiser.fit({ rows: trainRows });
  const inputDim = trainRows[0]?.length ?? 0;
  const model =
    spec.kind === 'logistic'
      ? buildLogisticRegression({ inputDim, l2: spec.l2, seed })
      : buildMlp({ inputDim, hidden: spec.hidden, dropout: spec.dropout, l2: spec.l2, seed });
  const x = tf.tensor2d(standardiser.transform({ rows: trainRows }), [trainRows.length, inputDim], 'float32');
  const y = tf.tensor2d(pick(labels, train), [train.length, 1], 'float32');
  let record: TrainingRecord;
  try {
    record = await trainModel({
      model,
      data: { x, y },
      loss: { kind: 'binaryCrossentropy' },
      epochs,
      batchSize,
      seed,
      optimizer: { kind: 'adam', learningRate },
      signal,
      onProgress,
      hyperParameters: { classifier: spec, learningRate, preprocessing: 'standardise (fitted on training rows)' },
    });
  } finally {
    x.dispose();
    y.dispose();
  }
  const predict = ({ rows: input }: { rows: readonly (readonly number[])[] }): number[] => {
    if (input.length === 0) return [];
    const out = tf.tidy(() => model.predict(tf.tensor2d(standardiser.transform({ rows: input }), [input.length, inputDim], 'float32')) as tf.Tensor);
    const values = Array.from(out.dataSync());
    out.dispose();
    return values;
  };
  return { model, standardiser, record, predict, preprocessing: standardiser.toJSON() };
}

/**
 * Parses a whitespace-separated numeric table (UCI `.data-numeric` style) into rows of numbers.
 * @example parseNumericTable({ text: '1 2 3\n4 5 6\n' }); // [[1,2,3],[4,5,6]]
 */
export function parseNumericTable({ text }: { text: string }): number[][] {
  const rows: number[][] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const cells = line.trim().split(/\s+/).filter((c) => c.length > 0);
    if (cells.length === 0) return;
    const row = cells.map(Number);
    const bad = row.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`parseNumericTable: line ${i + 1} column ${bad + 1} is not a number (${cells[bad]})`);
    if (rows[0] !== undefined && row.length !== rows[0].length) throw new Error(`parseNumericTable: line ${i + 1} has ${row.length} values, expected ${rows[0].length}`);
    rows.push(row);
  });
  return rows;
}
