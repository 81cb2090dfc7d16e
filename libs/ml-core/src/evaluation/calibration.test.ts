import { describe, expect, it } from 'vitest';
import { createRng } from '../data/prng';
import { calibrate, expectedCalibrationError, fitIsotonic, fitPlatt, reliabilityCurve } from './calibration';

describe('fitPlatt', () => {
  // Two score values make the logistic model saturated: the MLE reproduces each group's target mean.
  // score 0: labels [1,0,0,0]; score 1: labels [1,1,1,0]
  const scores = [0, 0, 0, 0, 1, 1, 1, 1];
  const labels = [1, 0, 0, 0, 1, 1, 1, 0];
  it('without smoothing: p(0) = 1/4, p(1) = 3/4 → b = ln(1/3), a = 2·ln 3', () => {
    const c = fitPlatt({ scores, labels, smoothTargets: false });
    expect(c.b).toBeCloseTo(-Math.log(3), 8);
    expect(c.a).toBeCloseTo(2 * Math.log(3), 8);
  });
  it("with Platt's targets (5/6 and 1/6): group means 1/3 and 2/3 → b = −ln 2, a = 2·ln 2", () => {
    // score 0 targets: (5/6 + 3·1/6)/4 = 1/3; score 1: (3·5/6 + 1/6)/4 = 2/3
    const c = fitPlatt({ scores, labels });
    expect(c.b).toBeCloseTo(-Math.log(2), 8);
    expect(c.a).toBeCloseTo(2 * Math.log(2), 8);
    expect(calibrate({ calibrator: c, scores: [0, 1] })).toEqual([expect.closeTo(1 / 3, 8), expect.closeTo(2 / 3, 8)]);
  });
  it('satisfies the score equations Σ(p − t) = 0 and Σ(p − t)·s = 0 on noisy data', () => {
    const rng = createRng({ seed: 5 });
    const s = Array.from({ length: 5000 }, () => rng.normal() * 2);
    const y = s.map((v) => (rng.next() < 1 / (1 + Math.exp(-(1.5 * v - 0.5))) ? 1 : 0));
    const c = fitPlatt({ scores: s, labels: y, smoothTargets: false });
    const p = calibrate({ calibrator: c, scores: s });
    const g0 = p.reduce((acc, pi, i) => acc + pi - (y[i] ?? 0), 0);
    const g1 = p.reduce((acc, pi, i) => acc + (pi - (y[i] ?? 0)) * (s[i] ?? 0), 0);
    expect(Math.abs(g0)).toBeLessThan(1e-6 * s.length);
    expect(Math.abs(g1)).toBeLessThan(1e-6 * s.length);
    // Data were generated with a = 1.5, b = −0.5; with n = 5000 the standard errors are ~0.05.
    expect(Math.abs(c.a - 1.5)).toBeLessThan(0.15);
    expect(Math.abs(c.b + 0.5)).toBeLessThan(0.15);
  });
  it('stays finite on perfectly separated scores (smoothing) and rejects single-row nonsense', () => {
    const c = fitPlatt({ scores: [-2, -1, 1, 2], labels: [0, 0, 1, 1] });
    expect(Number.isFinite(c.a) && Number.isFinite(c.b)).toBe(true);
    expect(() => fitPlatt({ scores: [], labels: [] })).toThrow(/fitPlatt: labels is empty/);
  });
});

describe('fitIsotonic', () => {
  it('pools adjacent violators (hand example)', () => {
    // y = [1,3,2,4,3,5] → pool (3,2) → 2.5, pool (4,3) → 3.5
    const c = fitIsotonic({ scores: [1, 2, 3, 4, 5, 6], labels: [1, 3, 2, 4, 3, 5] });
    expect(c.x).toEqual([1, 2, 3, 4, 5, 6]);
    expect(c.y).toEqual([1, 2.5, 2.5, 3.5, 3.5, 5]);
    // interpolation between knots and flat extrapolation: 1.5 → 1 + 0.5·1.5 = 1.75
    expect(calibrate({ calibrator: c, scores: [1.5, 0, 10] })).toEqual([1.75, 1, 5]);
  });
  it('pools equal scores first, then violators', () => {
    // x=1 has labels {0,1} → 0.5 (weight 2); x=2 has 0 → violates → (0.5·2 + 0)/3 = 1/3 for both
    const c = fitIsotonic({ scores: [1, 2, 1], labels: [0, 0, 1] });
    expect(c.x).toEqual([1, 2]);
    expect(c.y[0]).toBeCloseTo(1 / 3, 12);
    expect(c.y[1]).toBeCloseTo(1 / 3, 12);
  });
  it('result is non-decreasing and no worse in squared error than any constant fit', () => {
    const rng = createRng({ seed: 8 });
    const s = Array.from({ length: 200 }, () => rng.next());
    const y = s.map((v) => (rng.next() < v ? 1 : 0));
    const c = fitIsotonic({ scores: s, labels: y });
    for (let i = 1; i < c.y.length; i++) expect(c.y[i] ?? 0).toBeGreaterThanOrEqual(c.y[i - 1] ?? 0);
    const fitted = calibrate({ calibrator: c, scores: s });
    const sse = fitted.reduce((a, f, i) => a + (f - (y[i] ?? 0)) ** 2, 0);
    const m = y.reduce<number>((a, b) => a + b, 0) / y.length;
    expect(sse).toBeLessThanOrEqual(y.reduce<number>((a, v) => a + (v - m) ** 2, 0));
  });
});

describe('reliability and ECE', () => {
  it('by hand with 2 bins', () => {
    // bin [0, .5): p = .1, .3 → mean .2, observed (0 + 1)/2 = .5 → |.3| · 2/4 = .15
    // bin [.5, 1]: p = .9, .75 → mean .825, observed 1 → |.175| · 2/4 = .0875 → ECE = .2375
    const labels = [1, 0, 1, 1];
    const probabilities = [0.9, 0.1, 0.75, 0.3];
    expect(expectedCalibrationError({ labels, probabilities, bins: 2 })).toBeCloseTo(0.2375, 12);
    const curve = reliabilityCurve({ labels, probabilities, bins: 2 });
    expect(curve.map((b) => b.count)).toEqual([2, 2]);
    expect(curve[0]?.meanPredicted).toBeCloseTo(0.2, 12);
    expect(curve[1]?.fractionPositive).toBe(1);
  });
  it('p = 1 falls in the last bin; empty bins are reported as null', () => {
    const curve = reliabilityCurve({ labels: [1], probabilities: [1], bins: 4 });
    expect(curve.map((b) => b.count)).toEqual([0, 0, 0, 1]);
    expect(curve[0]?.meanPredicted).toBeNull();
  });
});
