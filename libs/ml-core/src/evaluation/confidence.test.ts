import { describe, expect, it } from 'vitest';
import { createRng } from '../data/prng';
import { bootstrapCi, meanCi, quantileSorted, studentTCdf, studentTQuantile } from './confidence';

describe('studentTQuantile', () => {
  it('matches printed t tables', () => {
    // Two-sided 95% critical values (any statistics textbook table): df 1 → 12.706, 4 → 2.776,
    // 9 → 2.262, 30 → 2.042; one-sided 95% with df 10 → 1.812.
    expect(studentTQuantile({ p: 0.975, df: 1 })).toBeCloseTo(12.706, 3);
    expect(studentTQuantile({ p: 0.975, df: 4 })).toBeCloseTo(2.776, 3);
    expect(studentTQuantile({ p: 0.975, df: 9 })).toBeCloseTo(2.262, 3);
    expect(studentTQuantile({ p: 0.975, df: 30 })).toBeCloseTo(2.042, 3);
    expect(studentTQuantile({ p: 0.95, df: 10 })).toBeCloseTo(1.812, 3);
    expect(studentTQuantile({ p: 0.025, df: 4 })).toBeCloseTo(-2.776, 3);
  });
});

describe('quantileSorted and studentTCdf', () => {
  it('numpy linear quantiles and the t CDF at a table value', () => {
    // np.quantile([1,2,3,4], [.25, .5, 1]) = [1.75, 2.5, 4]: position (n − 1)·q = 0.75 → 1 + 0.75·(2 − 1)
    expect([0.25, 0.5, 1].map((q) => quantileSorted({ sorted: [1, 2, 3, 4], q }))).toEqual([1.75, 2.5, 4]);
    expect(() => quantileSorted({ sorted: [], q: 0.5 })).toThrow(/sorted is empty/);
    // t table: P(T ≤ 2.228) = 0.975 for df = 10; df = 1 is Cauchy: P(T ≤ 1) = 0.75 exactly
    expect(studentTCdf({ t: 2.228, df: 10 })).toBeCloseTo(0.975, 4);
    expect(studentTCdf({ t: 1, df: 1 })).toBeCloseTo(0.75, 12);
  });
});

describe('meanCi', () => {
  it('by hand for [1..5]', () => {
    // mean 3, sample sd √2.5 = 1.5811, se = 0.70711, t(0.975, 4) = 2.7764 → half-width 1.9632
    const r = meanCi({ values: [1, 2, 3, 4, 5] });
    expect(r.mean).toBe(3);
    expect(r.std).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(r.lower).toBeCloseTo(3 - 1.9632, 3);
    expect(r.upper).toBeCloseTo(3 + 1.9632, 3);
  });
  it('names empty input', () => {
    expect(() => meanCi({ values: [] })).toThrow(/meanCi: values is empty/);
  });
});

describe('bootstrapCi', () => {
  it('for a mean agrees with the normal-theory interval mean ± 1.96·s/√n', () => {
    const rng = createRng({ seed: 21 });
    const x = Array.from({ length: 400 }, () => 10 + 2 * rng.normal());
    const m = x.reduce((a, b) => a + b, 0) / x.length;
    const s = Math.sqrt(x.reduce((a, v) => a + (v - m) ** 2, 0) / (x.length - 1));
    const half = (1.96 * s) / Math.sqrt(x.length);
    const r = bootstrapCi({
      n: x.length,
      seed: 3,
      iterations: 2000,
      statistic: (idx) => idx.reduce((a, i) => a + (x[i] ?? 0), 0) / idx.length,
    });
    expect(r.estimate).toBeCloseTo(m, 12);
    expect(Math.abs(r.lower - (m - half))).toBeLessThan(0.15 * half);
    expect(Math.abs(r.upper - (m + half))).toBeLessThan(0.15 * half);
  });
  it('with strata keeps the class counts in every replicate', () => {
    const labels = [0, 0, 0, 1, 1, 0, 1, 0, 0, 0];
    const r = bootstrapCi({ n: labels.length, strata: labels, seed: 1, iterations: 50, statistic: (idx) => idx.filter((i) => labels[i] === 1).length });
    expect(new Set(r.replicates)).toEqual(new Set([3]));
  });
  it('rejects an empty sample', () => {
    expect(() => bootstrapCi({ n: 0, seed: 1, statistic: () => 0 })).toThrow(/n must be a positive integer \(sample is empty\?\)/);
  });
});
