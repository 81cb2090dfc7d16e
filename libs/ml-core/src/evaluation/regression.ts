import { checkFinite, checkNonEmpty, checkSameLength } from './validate';

type Num = ArrayLike<number>;

function checkPair(fn: string, actual: Num, predicted: Num, predictedName = 'predicted'): void {
  checkNonEmpty(fn, 'actual', actual);
  checkSameLength(fn, ['actual', actual], [predictedName, predicted]);
  checkFinite(fn, 'actual', actual);
  checkFinite(fn, predictedName, predicted);
}

/** Mean absolute error. @example mae({ actual: [1, 2], predicted: [2, 4] }); // 1.5 */
export function mae({ actual, predicted }: { actual: Num; predicted: Num }): number {
  checkPair('mae', actual, predicted);
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs((actual[i] ?? 0) - (predicted[i] ?? 0));
  return s / actual.length;
}

/** Root mean squared error. @example rmse({ actual: [1, 2], predicted: [2, 4] }); // √2.5 */
export function rmse({ actual, predicted }: { actual: Num; predicted: Num }): number {
  checkPair('rmse', actual, predicted);
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += ((actual[i] ?? 0) - (predicted[i] ?? 0)) ** 2;
  return Math.sqrt(s / actual.length);
}

/**
 * Mean absolute percentage error as a fraction (0.1 = 10%). Undefined when an actual is 0 — intermittent
 * retail demand often is — so that throws, naming the index; use WAPE or MASE there.
 * @example mape({ actual: [100, 200], predicted: [110, 150] }); // (0.1 + 0.25) / 2 = 0.175
 */
export function mape({ actual, predicted }: { actual: Num; predicted: Num }): number {
  checkPair('mape', actual, predicted);
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] ?? 0;
    if (a === 0) throw new Error(`mape: actual[${i}] is 0, MAPE is undefined; use wape or mase`);
    s += Math.abs((a - (predicted[i] ?? 0)) / a);
  }
  return s / actual.length;
}

/**
 * Symmetric MAPE as a fraction in [0, 2]: mean of 2|F − A| / (|A| + |F|), a term being 0 when A = F = 0.
 * @example smape({ actual: [100], predicted: [150] }); // 2·50/250 = 0.4
 */
export function smape({ actual, predicted }: { actual: Num; predicted: Num }): number {
  checkPair('smape', actual, predicted);
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] ?? 0;
    const f = predicted[i] ?? 0;
    const d = Math.abs(a) + Math.abs(f);
    if (d > 0) s += (2 * Math.abs(f - a)) / d;
  }
  return s / actual.length;
}

/**
 * Mean absolute scaled error (Hyndman & Koehler 2006): forecast MAE divided by the in-sample MAE of the
 * seasonal naive forecast y[t − period] on the training series. < 1 beats seasonal naive.
 * @example mase({ actual: [5], predicted: [4], training: [1, 2, 4], period: 1 }); // 1 / 1.5
 */
export function mase({ actual, predicted, training, period = 1 }: { actual: Num; predicted: Num; training: Num; period?: number }): number {
  const fn = 'mase';
  checkPair(fn, actual, predicted);
  checkFinite(fn, 'training', training);
  if (!Number.isInteger(period) || period < 1) throw new Error(`${fn}: period must be a positive integer, got ${period}`);
  if (training.length <= period) throw new Error(`${fn}: training needs more than period=${period} values, got ${training.length}`);
  let scale = 0;
  for (let t = period; t < training.length; t++) scale += Math.abs((training[t] ?? 0) - (training[t - period] ?? 0));
  scale /= training.length - period;
  if (scale === 0) throw new Error(`${fn}: training series is constant at lag ${period}; MASE is undefined`);
  return mae({ actual, predicted }) / scale;
}

/**
 * Weighted absolute percentage error: Σ|A − F| / Σ|A| (a fraction), robust to zero actuals.
 * @example wape({ actual: [0, 10], predicted: [2, 8] }); // 4 / 10 = 0.4
 */
export function wape({ actual, predicted }: { actual: Num; predicted: Num }): number {
  checkPair('wape', actual, predicted);
  let num = 0;
  let den = 0;
  for (let i = 0; i < actual.length; i++) {
    num += Math.abs((actual[i] ?? 0) - (predicted[i] ?? 0));
    den += Math.abs(actual[i] ?? 0);
  }
  if (den === 0) throw new Error('wape: every actual is 0; WAPE is undefined');
  return num / den;
}

/**
 * Pinball (quantile) loss of a forecast of the q-quantile: mean of max(q·(A − F), (q − 1)·(A − F)).
 * @example pinballLoss({ actual: [10], predicted: [8], quantile: 0.9 }); // 0.9·2 = 1.8
 */
export function pinballLoss({ actual, predicted, quantile }: { actual: Num; predicted: Num; quantile: number }): number {
  checkPair('pinballLoss', actual, predicted);
  if (!(quantile > 0 && quantile < 1)) throw new Error(`pinballLoss: quantile must lie in (0, 1), got ${quantile}`);
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = (actual[i] ?? 0) - (predicted[i] ?? 0);
    s += Math.max(quantile * d, (quantile - 1) * d);
  }
  return s / actual.length;
}

/**
 * Fraction of actuals inside [lower, upper] (inclusive) and the mean width — coverage alone rewards
 * absurdly wide intervals.
 * @example intervalCoverage({ actual: [1, 5], lower: [0, 0], upper: [2, 4] }); // { coverage: 0.5, meanWidth: 3 }
 */
export function intervalCoverage({ actual, lower, upper }: { actual: Num; lower: Num; upper: Num }): { coverage: number; meanWidth: number } {
  const fn = 'intervalCoverage';
  checkPair(fn, actual, lower, 'lower');
  checkPair(fn, actual, upper, 'upper');
  let inside = 0;
  let width = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] ?? 0, lo = lower[i] ?? 0, hi = upper[i] ?? 0;
    if (lo > hi) throw new Error(`${fn}: lower[${i}]=${lo} is above upper[${i}]=${hi}`);
    if (a >= lo && a <= hi) inside++;
    width += hi - lo;
  }
  return { coverage: inside / actual.length, meanWidth: width / actual.length };
}
