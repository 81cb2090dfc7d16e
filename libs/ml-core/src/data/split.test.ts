import { describe, expect, it } from 'vitest';
import { createRng } from './prng';
import { kFold, stratifiedKFold, stratifiedSplit, timeSplit } from './split';

// 1000 labels, 300 of class 1, like German Credit.
const labels = Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 1 : 0));

describe('stratifiedSplit', () => {
  it('partitions every row once and keeps the class rate in each part', () => {
    const s = stratifiedSplit({ labels, fractions: { train: 0.7, val: 0.15, test: 0.15 }, seed: 3 });
    const all = [...s.train, ...s.val, ...s.test].sort((a, b) => a - b);
    expect(all).toEqual(labels.map((_, i) => i));
    // class 1: 300 → 210 / 45 / 45; class 0: 700 → 490 / 105 / 105
    expect(s.train.filter((i) => labels[i] === 1)).toHaveLength(210);
    expect(s.val.filter((i) => labels[i] === 1)).toHaveLength(45);
    expect(s.test).toHaveLength(150);
  });
  it('is reproducible for a seed and differs across seeds', () => {
    const f = { train: 0.6, val: 0.2, test: 0.2 };
    expect(stratifiedSplit({ labels, fractions: f, seed: 1 })).toEqual(stratifiedSplit({ labels, fractions: f, seed: 1 }));
    expect(stratifiedSplit({ labels, fractions: f, seed: 1 }).test).not.toEqual(stratifiedSplit({ labels, fractions: f, seed: 2 }).test);
  });
  it('rejects bad input clearly', () => {
    expect(() => stratifiedSplit({ labels: [], fractions: { train: 1, val: 0, test: 0 }, seed: 1 })).toThrow(/labels is empty/);
    expect(() => stratifiedSplit({ labels, fractions: { train: 0.7, val: 0.2, test: 0.2 }, seed: 1 })).toThrow(/sum to 1/);
  });
});

describe('timeSplit', () => {
  it('puts earlier rows in train and never splits a timestamp', () => {
    // times: row i has day [5,1,3,3,2,4,6,8,7,9]; sorted rows by day: 1,4,2,3,5,0,6,8,7,9
    const times = [5, 1, 3, 3, 2, 4, 6, 8, 7, 9];
    const s = timeSplit({ times, fractions: { train: 0.3, val: 0.3, test: 0.4 } });
    // first 3 by time are days 1,2,3 — but day 3 also has a second row, so train takes 4 rows (days 1,2,3,3)
    expect(s.train).toEqual([1, 2, 3, 4]);
    expect(s.val).toEqual([0, 5]); // val ends at position 6 → days 4,5 (positions 4..5)
    expect(s.test).toEqual([6, 7, 8, 9]);
    const maxTrain = Math.max(...s.train.map((i) => times[i] ?? 0));
    expect(Math.min(...s.val.map((i) => times[i] ?? 0))).toBeGreaterThan(maxTrain);
  });
  it('splits at explicit cutoffs', () => {
    const times = [new Date('2011-01-05'), new Date('2011-03-01'), new Date('2011-02-01'), new Date('2011-04-01')];
    const s = timeSplit({ times, cutoffs: { valFrom: new Date('2011-02-01'), testFrom: new Date('2011-03-15') } });
    expect(s).toEqual({ train: [0], val: [1, 2], test: [3] });
  });
});

describe('kFold and stratifiedKFold', () => {
  it('kFold: each row tested exactly once, sizes differ by at most one', () => {
    const folds = kFold({ n: 23, k: 5, seed: 9 });
    const tested = folds.flatMap((f) => f.test).sort((a, b) => a - b);
    expect(tested).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(folds.map((f) => f.test.length).sort()).toEqual([4, 4, 5, 5, 5]);
    for (const f of folds) expect(f.train.length + f.test.length).toBe(23);
  });
  it('stratifiedKFold: each fold has the class rate (300/1000 → 60 of 200)', () => {
    const folds = stratifiedKFold({ labels, k: 5, seed: 4 });
    for (const f of folds) {
      expect(f.test).toHaveLength(200);
      expect(f.test.filter((i) => labels[i] === 1)).toHaveLength(60);
      expect(new Set([...f.train, ...f.test]).size).toBe(1000);
    }
  });
  it('rejects k larger than n', () => {
    expect(() => kFold({ n: 3, k: 5, seed: 1 })).toThrow(/at least k=5 rows, got 3/);
    expect(() => stratifiedKFold({ labels: [0, 1], k: 1, seed: 1 })).toThrow(/k must be an integer >= 2/);
  });
});

describe('createRng', () => {
  it('is reproducible, uniform in mean/variance and normal in mean/variance', () => {
    const a = createRng({ seed: 123 });
    const b = createRng({ seed: 123 });
    const xs = Array.from({ length: 20000 }, () => a.next());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.next()));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    // Uniform(0,1): mean 1/2, variance 1/12 ≈ 0.0833; standard error of the mean ≈ 0.002
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
    const ns = Array.from({ length: 20000 }, () => a.normal());
    const nMean = ns.reduce((s, x) => s + x, 0) / ns.length;
    expect(Math.abs(nMean)).toBeLessThan(0.03);
    expect(ns.reduce((s, x) => s + x * x, 0) / ns.length).toBeCloseTo(1, 1);
    expect(createRng({ seed: 1 }).next()).not.toBe(createRng({ seed: 2 }).next());
  });
});
