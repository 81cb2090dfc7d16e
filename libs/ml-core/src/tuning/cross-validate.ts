import { kFold, stratifiedKFold } from '../data/split';
import { meanCi } from '../evaluation/confidence';

export interface FoldContext {
  fold: number;
  /** Row indices to fit on. */
  train: number[];
  /** Row indices to score. */
  test: number[];
}

export interface MetricSummary {
  values: number[];
  mean: number;
  /** Sample standard deviation across folds. */
  std: number;
  /** Student-t 95% interval of the mean (optimistic: folds share training rows). */
  ci95: [number, number];
}

export interface CrossValidationResult {
  folds: { fold: number; trainSize: number; testSize: number; metrics: Record<string, number> }[];
  metrics: Record<string, MetricSummary>;
}

/**
 * k-fold cross-validation around a user-supplied fit-and-score step. Folds run one after another:
 * training is the heavy part and already uses the machine's cores. Use it as a tuning objective, e.g.
 * `objective: async (p) => (await crossValidate({ ..., fitPredict: (f) => fitAndScore(p, f) })).metrics.auc.mean`.
 * @example
 * const cv = await crossValidate({ labels, k: 5, stratified: true, seed: 1,
 *   fitPredict: async ({ train, test }) => ({ auc: rocAuc(fitAndPredict(train, test)) }) });
 * cv.metrics.auc; // { mean, std, ci95, values }
 */
export async function crossValidate({
  n,
  labels,
  k,
  stratified,
  seed,
  fitPredict,
}: {
  /** Row count; may be omitted when labels are given. */
  n?: number;
  /** Needed for stratified folds. */
  labels?: readonly (number | string)[];
  k: number;
  stratified: boolean;
  seed: number;
  fitPredict: (context: FoldContext) => Promise<Record<string, number>>;
}): Promise<CrossValidationResult> {
  const fn = 'crossValidate';
  if (stratified && !labels) throw new Error(`${fn}: stratified folds need labels`);
  const rows = n ?? labels?.length;
  if (rows === undefined) throw new Error(`${fn}: give n or labels`);
  if (labels && labels.length !== rows) throw new Error(`${fn}: n=${rows} but labels has ${labels.length} values`);
  const folds = stratified && labels ? stratifiedKFold({ labels, k, seed }) : kFold({ n: rows, k, seed });

  const results: CrossValidationResult['folds'] = [];
  for (const f of folds) {
    const metrics = await fitPredict({ fold: f.fold, train: f.train, test: f.test });
    for (const [name, value] of Object.entries(metrics)) {
      if (!Number.isFinite(value)) throw new Error(`${fn}: metric "${name}" on fold ${f.fold} is ${value}`);
    }
    results.push({ fold: f.fold, trainSize: f.train.length, testSize: f.test.length, metrics });
  }
  const names = Object.keys(results[0]?.metrics ?? {});
  const summary: Record<string, MetricSummary> = {};
  for (const name of names) {
    const values = results.map((r, i) => {
      const v = r.metrics[name];
      if (v === undefined) throw new Error(`${fn}: fold ${i} did not report metric "${name}"`);
      return v;
    });
    const ci = meanCi({ values, level: 0.95 });
    summary[name] = { values, mean: ci.mean, std: ci.std, ci95: [ci.lower, ci.upper] };
  }
  return { folds: results, metrics: summary };
}
