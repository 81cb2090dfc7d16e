// GBDT in the tuning module: a search space over the hyper-parameters that matter most, k-fold CV of one
// setting, and the objective adapter that grid / random / TPE search call per trial.
import { logLoss, rocAuc } from '../evaluation/classification';
import { rmse } from '../evaluation/regression';
import { crossValidate, type CrossValidationResult } from '../tuning/cross-validate';
import type { Objective } from '../tuning/search';
import type { Direction, ParamSpec, ParamsOf, SearchSpace } from '../tuning/space';
import { fitGbdt } from './fit';
import { objectiveImpl } from './objectives';
import { predictGbdt } from './predict';
import type { TGbdtParams, TGbdtRows, TMonotone } from './types';

/** Ranges that suit tabular data of a few hundred to a few hundred thousand rows. */
export const GBDT_SEARCH_SPACE = {
  numTrees: { type: 'int', low: 50, high: 600, log: true },
  learningRate: { type: 'log-uniform', low: 0.01, high: 0.3 },
  maxLeaves: { type: 'int', low: 4, high: 63, log: true },
  minChildSamples: { type: 'int', low: 5, high: 100, log: true },
  featureFraction: { type: 'uniform', low: 0.4, high: 1 },
  baggingFraction: { type: 'uniform', low: 0.5, high: 1 },
  l2: { type: 'log-uniform', low: 1e-3, high: 30 },
} as const satisfies SearchSpace;

export type TGbdtSearchSpace = typeof GBDT_SEARCH_SPACE;
/** Any space over the same parameters (narrower ranges, a fixed value): what the CV objective accepts. */
export type TGbdtSpaceLike = Record<keyof TGbdtSearchSpace, Exclude<ParamSpec, { type: 'choice' }>>;
export type TGbdtTrial = ParamsOf<TGbdtSpaceLike>;

/**
 * The fit parameters of one trial: the trial's values over `base` (objective, seed, anything not searched).
 *
 * @example
 * gbdtParamsFromTrial({ base: { objective: { kind: 'binary' } }, trial }).maxLeaves; // trial.maxLeaves
 */
export function gbdtParamsFromTrial({ base, trial }: { base: TGbdtParams; trial: TGbdtTrial }): TGbdtParams {
  return { ...base, ...trial };
}

export interface CrossValidateGbdtOptions {
  rows: TGbdtRows;
  labels: ArrayLike<number>;
  params: TGbdtParams;
  k: number;
  seed: number;
  /** Stratify folds by label (default: true for binary, false otherwise). */
  stratified?: boolean;
  categorical?: readonly number[];
  monotone?: readonly TMonotone[];
  threads?: number;
}

/**
 * k-fold CV of one GBDT setting. Binary: `auc` and `logloss` per fold; other objectives: `rmse` of the
 * prediction and `loss`, the objective's own loss (deviance, pinball) on the held-out rows.
 *
 * @example
 * const cv = await crossValidateGbdt({ rows, labels, params: { objective: { kind: 'binary' }, numTrees: 200 }, k: 5, seed: 1 });
 * cv.metrics.auc; // { mean, std, ci95, values }
 */
export async function crossValidateGbdt(options: CrossValidateGbdtOptions): Promise<CrossValidationResult> {
  const { rows, params, k, seed } = options;
  const labels = Array.from(options.labels);
  const binary = params.objective.kind === 'binary';
  const impl = objectiveImpl({ objective: params.objective });
  const pick = <T>(items: readonly T[], idx: readonly number[]): T[] =>
    idx.map((i) => {
      const v = items[i];
      if (v === undefined) throw new Error(`crossValidateGbdt: row ${i} is out of range`);
      return v;
    });
  return crossValidate({
    labels,
    k,
    seed,
    stratified: options.stratified ?? binary,
    fitPredict: async ({ train, test }): Promise<Record<string, number>> => {
      const { model } = await fitGbdt({
        rows: pick(rows, train),
        labels: pick(labels, train),
        params,
        ...(options.categorical ? { categorical: options.categorical } : {}),
        ...(options.monotone ? { monotone: options.monotone } : {}),
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
      });
      const testLabels = pick(labels, test);
      const { raw, prediction } = predictGbdt({ model, rows: pick(rows, test) });
      if (binary) return { auc: rocAuc({ labels: testLabels, scores: prediction }), logloss: logLoss({ labels: testLabels, probabilities: prediction }) };
      return { rmse: rmse({ actual: testLabels, predicted: prediction }), loss: impl.loss({ labels: Float64Array.from(testLabels), scores: raw }) };
    },
  });
}

export type TGbdtCvMetric = 'auc' | 'logloss' | 'rmse' | 'loss';

/**
 * The tuning objective for GBDT: each trial's parameters over `base`, scored by the k-fold CV mean of
 * `metric` (default auc for binary, loss otherwise). Hand `space`, `objective` and `direction` to
 * gridSearch, randomSearch or tpeSearch (or a narrower space over the same parameters).
 *
 * @example
 * const { space, objective, direction } = createGbdtCvObjective({ rows, labels, base: { objective: { kind: 'binary' } }, k: 5, seed: 1 });
 * const best = await tpeSearch({ space, objective, direction, budget: 30, seed: 1 });
 */
export function createGbdtCvObjective(
  options: Omit<CrossValidateGbdtOptions, 'params'> & { base: TGbdtParams; metric?: TGbdtCvMetric },
): { space: TGbdtSearchSpace; objective: Objective<TGbdtSpaceLike>; direction: Direction; metric: TGbdtCvMetric } {
  const metric = options.metric ?? (options.base.objective.kind === 'binary' ? 'auc' : 'loss');
  const direction: Direction = metric === 'auc' ? 'maximize' : 'minimize';
  const { base, metric: _metric, ...cv } = options;
  const objective: Objective<TGbdtSpaceLike> = async (trial) => {
    const result = await crossValidateGbdt({ ...cv, params: gbdtParamsFromTrial({ base, trial }) });
    const summary = result.metrics[metric];
    if (!summary) throw new Error(`createGbdtCvObjective: cross-validation reported no "${metric}" (binary gives auc/logloss, regression rmse/loss)`);
    return summary.mean;
  };
  return { space: GBDT_SEARCH_SPACE, objective, direction, metric };
}
