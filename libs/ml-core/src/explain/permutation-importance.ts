import type { PredictFn } from './types';
import { createRng, shuffled } from './random';

/** Two-sided 97.5% Student-t quantiles for df = 1…30 (standard tables). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t_{0.975, df}: table up to 30, then the Cornish–Fisher expansion around z = 1.96 (error < 1e-3). */
export function tQuantile975(df: number): number {
  if (df < 1) return NaN;
  if (df <= 30) return T975[Math.floor(df) - 1] as number;
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

export interface FeatureImportance {
  feature: string;
  index: number;
  /** Mean loss of score when the feature is permuted (positive = the model relies on it). */
  mean: number;
  std: number;
  /** 95% t-interval for the mean over repeats. */
  ci95: [number, number];
  /** One score drop per repeat. */
  drops: number[];
}

export interface PermutationImportanceOptions {
  predict: PredictFn;
  rows: number[][];
  yTrue: readonly number[];
  /** Score of predictions, e.g. AUC or −MSE; see higherIsBetter. */
  metric: (yTrue: readonly number[], yPred: readonly number[]) => number;
  /** Default true (AUC, accuracy). Set false for losses (MSE, log-loss). */
  higherIsBetter?: boolean;
  /** Permutations per feature. Default 5. */
  repeats?: number;
  seed?: number;
  featureNames?: readonly string[];
}

/**
 * Permutation importance (Breiman 2001; Fisher et al. 2019): how much the score drops when one column
 * is shuffled, breaking its link to the target while keeping its marginal distribution.
 *
 * @example
 * const r = permutationImportance({ predict, rows, yTrue, metric: auc, repeats: 10, seed: 1 });
 * r.features.sort((a, b) => b.mean - a.mean)[0]?.feature;
 */
export function permutationImportance(opts: PermutationImportanceOptions): { baseline: number; features: FeatureImportance[] } {
  const { predict, rows, yTrue, metric } = opts;
  if (rows.length !== yTrue.length) throw new Error('permutationImportance: rows and yTrue differ in length');
  if (rows.length < 2) throw new Error('permutationImportance: need at least 2 rows');
  const m = (rows[0] as number[]).length;
  const repeats = opts.repeats ?? 5;
  const sign = (opts.higherIsBetter ?? true) ? 1 : -1;
  const rng = createRng({ seed: opts.seed ?? 0 });
  const baseline = metric(yTrue, predict(rows));
  const order = rows.map((_, i) => i);
  const features: FeatureImportance[] = [];
  for (let j = 0; j < m; j++) {
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const perm = shuffled(order, rng);
      const permuted = rows.map((row, i) => {
        const copy = row.slice();
        copy[j] = (rows[perm[i] as number] as number[])[j] as number;
        return copy;
      });
      drops.push(sign * (baseline - metric(yTrue, predict(permuted))));
    }
    const mean = drops.reduce((a, b) => a + b, 0) / repeats;
    const std = repeats > 1 ? Math.sqrt(drops.reduce((s, d) => s + (d - mean) ** 2, 0) / (repeats - 1)) : NaN;
    const half = repeats > 1 ? (tQuantile975(repeats - 1) * std) / Math.sqrt(repeats) : NaN;
    features.push({ feature: opts.featureNames?.[j] ?? `x${j}`, index: j, mean, std, ci95: [mean - half, mean + half], drops });
  }
  return { baseline, features };
}
