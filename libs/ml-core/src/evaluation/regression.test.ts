import { describe, expect, it } from 'vitest';
import { intervalCoverage, mae, mape, mase, pinballLoss, rmse, smape, wape } from './regression';

describe('regression / forecast metrics', () => {
  // sklearn documentation example: y_true [3, -0.5, 2, 7], y_pred [2.5, 0.0, 2, 8]
  // → MAE 0.5, MSE 0.375, MAPE 0.3273809523809524 (|.5/3| + |.5/−.5| + 0 + |1/7|) / 4
  const actual = [3, -0.5, 2, 7];
  const predicted = [2.5, 0.0, 2, 8];
  it('MAE, RMSE, MAPE match the sklearn documentation example', () => {
    expect(mae({ actual, predicted })).toBeCloseTo(0.5, 12);
    expect(rmse({ actual, predicted })).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(mape({ actual, predicted })).toBeCloseTo(0.3273809523809524, 12);
  });
  it('sMAPE by hand, with a 0/0 term counted as 0', () => {
    // 2·50/250 = 0.4, 0 (both zero), 2·10/90 = 0.2222… → mean 0.62222/3 = 0.207407…
    expect(smape({ actual: [100, 0, 50], predicted: [150, 0, 40] })).toBeCloseTo((0.4 + 0 + 20 / 90) / 3, 12);
  });
  it('MASE by hand, non-seasonal and seasonal', () => {
    // training [1,3,2,5,4], lag-1 |diffs| 2,1,3,1 → 1.75; forecast MAE (1 + 2)/2 = 1.5 → 1.5/1.75
    expect(mase({ actual: [6, 5], predicted: [5, 7], training: [1, 3, 2, 5, 4] })).toBeCloseTo(1.5 / 1.75, 12);
    // period 2 on [1,3,2,5,4,6]: |2−1|, |5−3|, |4−2|, |6−5| → 1.5 → MASE = 1.5 / 1.5 = 1
    expect(mase({ actual: [6, 5], predicted: [5, 7], training: [1, 3, 2, 5, 4, 6], period: 2 })).toBeCloseTo(1, 12);
    expect(() => mase({ actual: [1], predicted: [1], training: [2, 2, 2] })).toThrow(/constant at lag 1/);
  });
  it('WAPE, pinball loss and interval coverage by hand', () => {
    // (2 + 2 + 5) / (0 + 10 + 20) = 0.3
    expect(wape({ actual: [0, 10, 20], predicted: [2, 8, 25] })).toBeCloseTo(0.3, 12);
    // q = .9: d = 2 → 1.8; d = −3 → 0.1·3 = 0.3; mean 1.05
    expect(pinballLoss({ actual: [10, 10], predicted: [8, 13], quantile: 0.9 })).toBeCloseTo(1.05, 12);
    // q = .5 pinball is half the absolute error (identity)
    expect(pinballLoss({ actual, predicted, quantile: 0.5 })).toBeCloseTo(0.5 * mae({ actual, predicted }), 12);
    // 1 ∈ [0,2] yes, 5 ∈ [0,4] no, 3 ∈ [3,4] yes (inclusive) → 2/3; widths 2, 4, 1 → 7/3
    const c = intervalCoverage({ actual: [1, 5, 3], lower: [0, 0, 3], upper: [2, 4, 4] });
    expect(c.coverage).toBeCloseTo(2 / 3, 12);
    expect(c.meanWidth).toBeCloseTo(7 / 3, 12);
  });
  it('errors name the input', () => {
    expect(() => mae({ actual: [], predicted: [] })).toThrow(/mae: actual is empty/);
    expect(() => mape({ actual: [1, 0], predicted: [1, 1] })).toThrow(/actual\[1\] is 0/);
    expect(() => wape({ actual: [0, 0], predicted: [1, 1] })).toThrow(/every actual is 0/);
    expect(() => rmse({ actual: [1, 2], predicted: [1] })).toThrow(/actual has 2 values but predicted has 1/);
    expect(() => intervalCoverage({ actual: [1], lower: [2], upper: [1] })).toThrow(/lower\[0\]=2 is above upper\[0\]=1/);
  });
});
