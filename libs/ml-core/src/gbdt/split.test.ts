import { describe, expect, it } from 'vitest';
import { createRng } from '../data/prng';
import { fitGbdt } from './fit';
import type { TGbdtNumericSplit } from './types';

// Independent of the histogram learner: every threshold between two distinct raw values of every feature,
// both sides for the missing values, gradients written from the losses' definitions, and the split gain
// G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) (XGBoost/LightGBM without L1).
interface TBrute {
  feature: number;
  gain: number;
  left: Set<number>;
}

function bruteForceSplit(options: { rows: number[][]; grad: number[]; hess: number[]; lambda: number; minChild: number }): TBrute {
  const { rows, grad, hess, lambda, minChild } = options;
  const sum = (idx: number[], v: number[]) => idx.reduce((s, i) => s + (v[i] ?? 0), 0);
  const all = rows.map((_, i) => i);
  const G = sum(all, grad);
  const H = sum(all, hess);
  const score = (g: number, h: number) => (g * g) / (h + lambda);
  let best: TBrute = { feature: -1, gain: -Infinity, left: new Set() };
  const numFeatures = rows[0]?.length ?? 0;
  for (let f = 0; f < numFeatures; f++) {
    const value = (i: number) => rows[i]?.[f] ?? NaN;
    const missing = all.filter((i) => Number.isNaN(value(i)));
    const present = all.filter((i) => !Number.isNaN(value(i)));
    const distinct = [...new Set(present.map(value))].sort((a, b) => a - b);
    const partitions: number[][] = [];
    for (const t of distinct) {
      const below = present.filter((i) => value(i) <= t);
      if (below.length < present.length) {
        partitions.push(below);
        if (missing.length > 0) partitions.push([...below, ...missing]);
      } else if (missing.length > 0) {
        partitions.push(below); // every present value left, the missing ones right
      }
    }
    for (const left of partitions) {
      const right = all.filter((i) => !left.includes(i));
      if (left.length < minChild || right.length < minChild) continue;
      const gl = sum(left, grad);
      const hl = sum(left, hess);
      const gain = score(gl, hl) + score(G - gl, H - hl) - score(G, H);
      if (gain > best.gain) best = { feature: f, gain, left: new Set(left) };
    }
  }
  return best;
}

// The partition the learned root split makes, read from the model's own stored rule (x ≤ threshold, NaN by flag).
const leftRows = (rows: number[][], split: TGbdtNumericSplit): Set<number> =>
  new Set(
    rows
      .map((row, i) => ({ x: row[split.feature] ?? NaN, i }))
      .filter(({ x }) => (Number.isNaN(x) ? split.missingGoesLeft : Math.fround(x) <= split.threshold))
      .map(({ i }) => i),
  );

function table(seed: number, n: number, withMissing: boolean): { rows: number[][]; y: number[] } {
  const rng = createRng({ seed });
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    // Values on a coarse grid (ties within a feature), so every distinct value is its own bin.
    const x = [Math.round(rng.normal() * 8) / 4, Math.round(rng.next() * 40) / 8, rng.int(6)];
    if (withMissing && rng.next() < 0.25) x[1] = NaN;
    rows.push(x);
    const x0 = x[0] ?? 0;
    const x1 = Number.isNaN(x[1] ?? NaN) ? 0.5 : (x[1] ?? 0); // missing behaves like a low value: it must learn to go left
    y.push(Math.sin(x0) + x1 + 0.3 * rng.normal());
  }
  return { rows, y };
}

describe('histogram learner, first split', () => {
  for (const withMissing of [false, true]) {
    it(`equals the exhaustive search on raw values (L2 loss${withMissing ? ', with missing values' : ''})`, async () => {
      const { rows, y } = table(withMissing ? 11 : 5, 60, withMissing);
      const lambda = 1;
      const minChild = 3;
      const mean = y.reduce((a, b) => a + b, 0) / y.length;
      const brute = bruteForceSplit({ rows, grad: y.map((v) => mean - v), hess: y.map(() => 1), lambda, minChild });
      const { model } = await fitGbdt({ rows, labels: y, params: { objective: { kind: 'l2' }, numTrees: 1, maxLeaves: 2, learningRate: 1, l2: lambda, minChildSamples: minChild }, threads: 1 });
      const root = model.trees[0]?.nodes[0];
      if (root?.kind !== 'numeric') throw new Error('expected a numeric root split');
      expect(root.feature).toBe(brute.feature);
      expect(root.gain).toBeCloseTo(brute.gain, 9);
      expect([...leftRows(rows, root)].sort((a, b) => a - b)).toEqual([...brute.left].sort((a, b) => a - b));
    });
  }

  it('equals the exhaustive search for log-loss gradients (p − y, p(1 − p))', async () => {
    const rng = createRng({ seed: 3 });
    const { rows } = table(8, 50, true);
    const labels: number[] = rows.map((r) => (rng.next() < 1 / (1 + Math.exp(-(r[0] ?? 0) + (Number.isNaN(r[1] ?? NaN) ? 1 : 0))) ? 1 : 0));
    const p = labels.reduce((a, b) => a + b, 0) / labels.length;
    const lambda = 0.5;
    const brute = bruteForceSplit({ rows, grad: labels.map((l) => p - l), hess: labels.map(() => p * (1 - p)), lambda, minChild: 2 });
    const { model } = await fitGbdt({
      rows,
      labels,
      params: { objective: { kind: 'binary' }, numTrees: 1, maxLeaves: 2, learningRate: 1, l2: lambda, minChildSamples: 2, minChildHessian: 0 },
      threads: 1,
    });
    const root = model.trees[0]?.nodes[0];
    if (root?.kind !== 'numeric') throw new Error('expected a numeric root split');
    expect(root.feature).toBe(brute.feature);
    expect(root.gain).toBeCloseTo(brute.gain, 9);
    expect([...leftRows(rows, root)].sort((a, b) => a - b)).toEqual([...brute.left].sort((a, b) => a - b));
  });
});
