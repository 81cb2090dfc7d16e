// What the model registry needs to register a GBDT version and write its card: the backend string, the
// hyper-parameters as plain JSON, importance and training metrics. ml-core cannot import the registry
// (layering), so the shapes are the registry's JSON value and metric inputs, written out here.
import type { TGbdtFitRecord } from './fit';
import { gbdtImportance, type TGbdtFeatureImportance } from './tree-shap';
import type { TGbdtModel, TGbdtRows } from './types';

export type TGbdtJson = string | number | boolean | null | TGbdtJson[] | { [key: string]: TGbdtJson };

export interface TGbdtModelCardInfo {
  /** e.g. 'typescript (worker_threads × 2)'. */
  backend: string;
  hyperparameters: Record<string, TGbdtJson>;
  importance: TGbdtFeatureImportance[];
  metrics: { name: string; value: number; split: string }[];
}

const round = (v: number): number => Math.round(v * 1e6) / 1e6;

/**
 * Backend, hyper-parameters (JSON-safe), importance (gain, splits and, given rows, mean |SHAP|) and
 * training metrics of a fitted model, ready for `registerModelVersion` and the model card.
 *
 * @example
 * const info = describeGbdtForModelCard({ model, record, rows: sample });
 * await registerModelVersion({ db, version: { dataFingerprint: record.dataFingerprint, backend: info.backend, hyperparameters: info.hyperparameters }, ... });
 */
export function describeGbdtForModelCard({ model, record, rows }: { model: TGbdtModel; record: TGbdtFitRecord; rows?: TGbdtRows }): TGbdtModelCardInfo {
  const p = record.params;
  const objective: Record<string, TGbdtJson> = { ...p.objective };
  const hyperparameters: Record<string, TGbdtJson> = {
    algorithm: 'gradient-boosted decision trees (histogram, leaf-wise)',
    objective,
    numTrees: p.numTrees,
    treesKept: model.trees.length,
    treesGrown: record.treesGrown,
    earlyStopped: record.earlyStopped,
    earlyStoppingRounds: p.earlyStoppingRounds,
    learningRate: p.learningRate,
    maxLeaves: p.maxLeaves,
    maxDepth: p.maxDepth,
    minChildSamples: p.minChildSamples,
    minChildHessian: p.minChildHessian,
    minGain: p.minGain,
    l1: p.l1,
    l2: p.l2,
    baggingFraction: p.baggingFraction,
    baggingFreq: p.baggingFreq,
    featureFraction: p.featureFraction,
    maxBins: p.maxBins,
    maxCatThreshold: p.maxCatThreshold,
    catSmooth: p.catSmooth,
    catL2: p.catL2,
    maxCatToOnehot: p.maxCatToOnehot,
    seed: p.seed,
    threads: record.threads,
    features: model.features.map((f): TGbdtJson => (f.kind === 'numeric' ? { name: f.name, kind: f.kind, monotone: f.monotone } : { name: f.name, kind: f.kind, categories: f.categories.length })),
  };
  const last = record.history[record.history.length - 1];
  const metrics: TGbdtModelCardInfo['metrics'] = [];
  if (last) {
    if (last.trainLoss !== undefined) metrics.push({ name: `train_${record.lossName}`, value: round(last.trainLoss), split: 'train' });
    if (last.validLoss !== undefined) metrics.push({ name: `valid_${record.lossName}`, value: round(last.validLoss), split: 'validation' });
  }
  const times = [...record.treeTimesMs].sort((a, b) => a - b);
  if (times.length > 0) metrics.push({ name: 'train_ms_per_tree_p50', value: round(times[Math.floor(times.length / 2)] ?? 0), split: 'train' });
  metrics.push({ name: 'train_wall_ms', value: round(record.wallTimeMs), split: 'train' });
  return { backend: record.backend, hyperparameters, importance: gbdtImportance({ model, ...(rows ? { rows } : {}) }), metrics };
}
