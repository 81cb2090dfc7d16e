import { describe, expect, it } from 'vitest';
import { createRng } from '../data/prng';
import { driftBand, driftReport, kolmogorovQ, ksTwoSample, psi, psiCategorical } from './drift';

describe('psi', () => {
  const reference = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  it('by hand with 2 quantile bins', () => {
    // median of 1..10 = 5.5 → bins (−∞, 5.5], (5.5, ∞): reference 0.5 / 0.5
    // current has 8 values ≤ 5.5 and 2 above → 0.8 / 0.2
    // PSI = (0.8 − 0.5)·ln(0.8/0.5) + (0.2 − 0.5)·ln(0.2/0.5) = 0.141001 + 0.274887 = 0.415888
    const r = psi({ reference, current: [1, 2, 3, 4, 5, 1, 2, 3, 9, 10], bins: 2 });
    expect(r.bins.map((b) => [b.upper, b.referenceFraction, b.currentFraction])).toEqual([
      [5.5, 0.5, 0.8],
      [Infinity, 0.5, 0.2],
    ]);
    expect(r.psi).toBeCloseTo(0.3 * Math.log(1.6) + -0.3 * Math.log(0.4), 12);
    expect(r.psi).toBeCloseTo(0.415888, 5);
    expect(r.band).toBe('act');
  });
  it('uses epsilon for an empty bin', () => {
    // current all ≤ 5.5 → (1 − .5)·ln(1/.5) + (1e-4 − .5)·ln(1e-4/.5) = 0.346574 + 4.257745
    const r = psi({ reference, current: [1, 2, 3], bins: 2 });
    expect(r.psi).toBeCloseTo(0.5 * Math.log(2) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5), 12);
  });
  it('is 0 for identical samples and merges repeated quantiles', () => {
    expect(psi({ reference, current: reference }).psi).toBe(0);
    const r = psi({ reference: [0, 0, 0, 0, 0, 0, 0, 0, 1, 2], current: [0, 1, 2], bins: 10 });
    expect(r.bins.length).toBeLessThan(10);
    expect(r.bins.reduce((s, b) => s + b.referenceFraction, 0)).toBeCloseTo(1, 12);
  });
  it('bands follow 0.1 / 0.25', () => {
    expect([0.05, 0.1, 0.25, 0.26].map((v) => driftBand({ psi: v }))).toEqual(['stable', 'watch', 'watch', 'act']);
  });
  it('categorical by hand', () => {
    // ref a 2/3, b 1/3; cur a 1/3, b 2/3 → 2 · (1/3)·ln 2 = 0.462098
    expect(psiCategorical({ reference: ['a', 'a', 'b'], current: ['a', 'b', 'b'] }).psi).toBeCloseTo((2 / 3) * Math.log(2), 12);
  });
  it('names empty input', () => {
    expect(() => psi({ reference: [], current: [1] })).toThrow(/psi: reference is empty/);
    expect(() => psi({ reference: [1], current: [] })).toThrow(/psi: current is empty/);
  });
});

describe('ksTwoSample', () => {
  /** Brute force: D = max over every observed value v of |#a≤v / n − #b≤v / m|. */
  function bruteD(a: number[], b: number[]): number {
    let d = 0;
    for (const v of [...a, ...b]) {
      const fa = a.filter((x) => x <= v).length / a.length;
      const fb = b.filter((x) => x <= v).length / b.length;
      d = Math.max(d, Math.abs(fa - fb));
    }
    return d;
  }
  it('statistic equals the brute-force definition, with ties', () => {
    const rng = createRng({ seed: 2 });
    for (let rep = 0; rep < 5; rep++) {
      const a = Array.from({ length: 80 }, () => Math.round(rng.normal() * 3));
      const b = Array.from({ length: 60 }, () => Math.round(rng.normal() * 3 + 1));
      expect(ksTwoSample({ a, b }).statistic).toBeCloseTo(bruteD(a, b), 12);
    }
  });
  it('Kolmogorov survival function matches published critical values', () => {
    // Asymptotic critical values of √n·D: 1.224 (10%), 1.358 (5%), 1.628 (1%); P(K ≤ 1) = 0.7300
    expect(kolmogorovQ({ lambda: 1.224 })).toBeCloseTo(0.1, 3);
    expect(kolmogorovQ({ lambda: 1.358 })).toBeCloseTo(0.05, 3);
    expect(kolmogorovQ({ lambda: 1.628 })).toBeCloseTo(0.01, 3);
    expect(kolmogorovQ({ lambda: 1.0 })).toBeCloseTo(0.27, 3);
    // The implementation switches series at λ = 1.18; the two forms must agree there.
    expect(kolmogorovQ({ lambda: 1.18 - 1e-9 })).toBeCloseTo(kolmogorovQ({ lambda: 1.18 + 1e-9 }), 8);
  });
  it('p-value is large for the same distribution and tiny for a shift', () => {
    const rng = createRng({ seed: 4 });
    const a = Array.from({ length: 500 }, () => rng.normal());
    const same = Array.from({ length: 500 }, () => rng.normal());
    const shifted = Array.from({ length: 500 }, () => rng.normal() + 0.5);
    expect(ksTwoSample({ a, b: same }).pValue).toBeGreaterThan(0.01);
    expect(ksTwoSample({ a, b: shifted }).pValue).toBeLessThan(1e-6);
  });
});

describe('driftReport', () => {
  it('flags a shifted numeric feature and leaves a stable one alone', () => {
    const rng = createRng({ seed: 9 });
    const purposes = ['car', 'tv', 'education'];
    const make = (n: number, shift: number): Record<string, unknown>[] =>
      Array.from({ length: n }, () => ({
        age: 40 + 10 * rng.normal(),
        amount: 3000 + 1000 * (rng.normal() + shift),
        purpose: purposes[rng.int(3)],
        note: null,
      }));
    const report = driftReport({ reference: make(2000, 0), current: make(2000, 1), features: ['age', 'amount', 'purpose'] });
    const by = Object.fromEntries(report.features.map((f) => [f.feature, f]));
    expect(by['age']?.band).toBe('stable');
    expect(by['amount']?.band).toBe('act');
    expect(by['amount']?.ks?.pValue).toBeLessThan(1e-6);
    expect(by['purpose']?.kind).toBe('categorical');
    expect(by['purpose']?.band).toBe('stable');
    expect(report.worstBand).toBe('act');
    expect(() => driftReport({ reference: make(10, 0), current: make(10, 0), features: ['note'] })).toThrow(/"note" has no values in reference/);
    expect(() => driftReport({ reference: [], current: make(10, 0), features: ['age'] })).toThrow(/driftReport: reference is empty/);
  });
});
