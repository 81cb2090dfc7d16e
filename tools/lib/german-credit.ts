// German Credit (Statlog, UCI) for the registry's training tool and job. The modelling code is generic
// (libs/registry tabular classifier); only the data file, label mapping and the card's words live here.
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '@platform/db';
import { fingerprint } from '@platform/ml-core/data';
import { crossValidate, meanCi, rocAuc, type CrossValidationResult } from '@platform/ml-core';
import { crossValidateGbdt, type TGbdtParams } from '@platform/ml-core/gbdt';
import { exportToOnnx } from '@platform/ml-core/onnx';
import type { TrainingProgress } from '@platform/ml-core/train';
import { fitTabularClassifier, parseNumericTable, type TModelCardInput, type TTabularClassifierSpec, type TTrainingOutcome } from '@platform/registry';

export const GERMAN_CREDIT_FILE = 'german_credit/german.data-numeric';

export interface TGermanCredit {
  rows: number[][];
  /** 1 = bad credit (class 2 in the file), 0 = good (class 1). */
  labels: number[];
  fingerprint: string;
  file: string;
}

/** Reads the 1000 × 24 numeric version; the last column is the class (1 good, 2 bad), mapped bad → 1. */
export function readGermanCredit({ file = path.join(dataDir(), GERMAN_CREDIT_FILE) }: { file?: string } = {}): TGermanCredit {
  const bytes = fs.readFileSync(file);
  const table = parseNumericTable({ text: bytes.toString('utf8') });
  const rows: number[][] = [];
  const labels: number[] = [];
  table.forEach((row, i) => {
    if (row.length !== 25) throw new Error(`${file}: row ${i + 1} has ${row.length} values, expected 24 attributes + class`);
    const cls = row[24];
    if (cls !== 1 && cls !== 2) throw new Error(`${file}: row ${i + 1} class is ${cls}, expected 1 or 2`);
    rows.push(row.slice(0, 24));
    labels.push(cls === 2 ? 1 : 0);
  });
  return { rows, labels, fingerprint: fingerprint({ data: bytes }), file };
}

export interface TCandidate {
  name: string;
  spec: TTabularClassifierSpec;
  epochs: number;
  batchSize: number;
  learningRate: number;
}

// Chosen for a small data set (1000 rows): strong L2 and few epochs keep both from over-fitting.
export const CANDIDATES: TCandidate[] = [
  { name: 'logistic', spec: { kind: 'logistic', l2: 1e-2 }, epochs: 40, batchSize: 32, learningRate: 1e-2 },
  { name: 'mlp', spec: { kind: 'mlp', hidden: [16], dropout: 0.3, l2: 1e-2 }, epochs: 40, batchSize: 32, learningRate: 3e-3 },
];

/**
 * Gradient-boosted trees for the same CV. The small-data setting was fixed before the CV was run (slow
 * learning rate, small trees, row and feature subsampling, L2), not tuned on these folds; LightGBM's defaults
 * are printed beside it to show how much the setting matters. Trees need no standardisation.
 */
export const GBDT_CANDIDATES: { name: string; params: TGbdtParams }[] = [
  { name: 'gbdt', params: { objective: { kind: 'binary' }, numTrees: 300, learningRate: 0.02, maxLeaves: 8, minChildSamples: 20, featureFraction: 0.5, baggingFraction: 0.8, l2: 5, seed: 1 } },
  { name: 'gbdt-lightgbm-defaults', params: { objective: { kind: 'binary' }, numTrees: 100, learningRate: 0.1, maxLeaves: 31, minChildSamples: 20, seed: 1 } },
];

/** 5-fold stratified CV ROC AUC of a GBDT setting, on the same folds as `crossValidateCandidate` (same seed). */
export async function crossValidateGbdtCandidate({ data, params, seed, k = 5 }: { data: TGermanCredit; params: TGbdtParams; seed: number; k?: number }): Promise<CrossValidationResult> {
  return crossValidateGbdt({ rows: data.rows, labels: data.labels, params, k, seed, stratified: true });
}

/** 5-fold stratified CV ROC AUC; the standardiser is fitted inside each fold on its training rows only. */
export async function crossValidateCandidate({ data, candidate, seed, k = 5 }: { data: TGermanCredit; candidate: TCandidate; seed: number; k?: number }): Promise<CrossValidationResult> {
  return crossValidate({
    labels: data.labels,
    k,
    stratified: true,
    seed,
    fitPredict: async ({ train, test }) => {
      const fitted = await fitTabularClassifier({ rows: data.rows, labels: data.labels, train, spec: candidate.spec, epochs: candidate.epochs, batchSize: candidate.batchSize, learningRate: candidate.learningRate, seed });
      const scores = fitted.predict({ rows: test.map((i) => data.rows[i] ?? []) });
      fitted.model.dispose();
      return { auc: rocAuc({ labels: test.map((i) => data.labels[i] ?? 0), scores }) };
    },
  });
}

export const GERMAN_CREDIT_CARD: TModelCardInput = {
  intendedUse: 'Decision support for credit officers: ranks applications by estimated risk of default so a person reviews the riskiest first. A human makes every credit decision.',
  outOfScopeUse: ['Automated approval or rejection without human review.', 'Applicants or products unlike 1990s German consumer loans (the training population).', 'Setting prices or limits.'],
  trainingData: {
    description: 'Statlog German Credit, numeric version: 1000 applications, 24 numeric/indicator attributes, 300 bad (label 1) and 700 good. Attributes standardised with statistics of the training rows only.',
    source: 'UCI Machine Learning Repository, german.data-numeric',
    rows: 1000,
  },
  evaluation: '5-fold stratified cross-validation (seeded); ROC AUC per fold and mean with a Student-t 95% interval (optimistic: folds share training rows). The registered model is refitted on all 1000 rows.',
  limitations: ['Only 1000 rows from one lender and era: the metrics have wide uncertainty and may not transfer.', 'Scores are not calibrated probabilities for another population.', 'Attributes include proxies of age, sex and marital status.'],
  ethicalConsiderations: ['Attributes encode personal status/sex and age: check group metrics (fairness report) before any use.', 'Adverse-action reasons must be explained to applicants (reason codes).'],
};

/**
 * Fits a candidate on all rows and packages it for `registerModelVersion` / a training job's outcome:
 * ONNX model and the standardiser as artifacts, CV metrics, the card.
 */
export async function packageGermanCreditModel({
  data,
  candidate,
  cv,
  seed,
  backend,
  signal,
  onProgress,
  setChampion,
}: {
  data: TGermanCredit;
  candidate: TCandidate;
  cv: CrossValidationResult;
  seed: number;
  backend: string;
  signal?: AbortSignal;
  onProgress?: (progress: TrainingProgress) => void;
  setChampion: boolean;
}): Promise<TTrainingOutcome> {
  const all = data.rows.map((_, i) => i);
  const fitted = await fitTabularClassifier({ rows: data.rows, labels: data.labels, train: all, spec: candidate.spec, epochs: candidate.epochs, batchSize: candidate.batchSize, learningRate: candidate.learningRate, seed, signal, onProgress });
  const onnx = exportToOnnx({ model: fitted.model });
  fitted.model.dispose();
  const auc = cv.metrics.auc;
  if (auc === undefined) throw new Error('cross-validation reported no auc');
  const ci = meanCi({ values: auc.values });
  const hyperparameters = { classifier: candidate.spec, epochs: candidate.epochs, batchSize: candidate.batchSize, learningRate: candidate.learningRate, seed, preprocessing: 'standardise' };
  return {
    model: { name: `german-credit-${candidate.name}`, domain: 'finance', task: 'binary-classification', description: `Probability of bad credit (German Credit), ${candidate.name === 'mlp' ? 'multi-layer perceptron' : 'logistic regression'} on 24 standardised attributes.` },
    version: { dataFingerprint: data.fingerprint, backend, hyperparameters },
    metrics: [
      { name: 'roc_auc', value: ci.mean, split: 'cv' },
      { name: 'roc_auc_ci95_lower', value: ci.lower, split: 'cv' },
      { name: 'roc_auc_ci95_upper', value: ci.upper, split: 'cv' },
      ...auc.values.map((value, i) => ({ name: 'roc_auc', value, slice: `fold-${i + 1}`, split: 'cv' })),
      { name: 'train_loss', value: fitted.record.finalMetrics.loss, split: 'train' },
    ],
    artifacts: [
      { kind: 'onnx', mediaType: 'application/onnx', content: onnx.bytes },
      { kind: 'preprocessing', mediaType: 'application/json', content: new TextEncoder().encode(JSON.stringify(fitted.preprocessing)) },
    ],
    card: GERMAN_CREDIT_CARD,
    setChampion,
    run: { seed, history: fitted.record.history.map((e) => ({ epoch: e.epoch, loss: e.loss, metric: e.metric, seconds: e.seconds })), wallTimeMs: Math.round(fitted.record.wallTimeSeconds * 1000) },
  };
}
