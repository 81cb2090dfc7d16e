import { describe, expect, it } from 'vitest';
import { fitLogistic } from './logistic';

describe('fitLogistic', () => {
  it('recovers the closed-form MLE of one binary feature', () => {
    // x = 0: 30 of 100 bad; x = 1: 60 of 80 bad. MLE: b0 = logit(0.3), b1 = logit(0.75) − logit(0.3).
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 100; i++) {
        x.push([0]);
        y.push(i < 30 ? 1 : 0);
      }
    for (let i = 0; i < 80; i++) {
        x.push([1]);
        y.push(i < 60 ? 1 : 0);
      }
    const logit = (p: number) => Math.log(p / (1 - p));
    const fit = fitLogistic({ x, y });
    expect(fit.intercept).toBeCloseTo(logit(0.3), 8);
    expect(fit.coefficients[0]).toBeCloseTo(logit(0.75) - logit(0.3), 8);
  });

  it('says so when a column is duplicated', () => {
    expect(() => fitLogistic({ x: [[0, 0], [1, 1], [0, 0], [1, 1]], y: [0, 1, 1, 0] })).toThrow(/singular/);
  });
});
