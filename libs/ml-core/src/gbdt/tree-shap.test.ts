import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../data/prng';
import { fitGbdt } from './fit';
import { explainGbdt, gbdtExpectedValue, gbdtImportance } from './tree-shap';
import type { TGbdtModel, TGbdtNode, TGbdtTree } from './types';

const M = 5; // features: 0–2 numeric, 3–4 categorical (codes 0–4)
const CATEGORICAL = new Set([3, 4]);

/** A random tree with integer covers that add up, features repeated along paths, NaN and category rules. */
function randomTree(rng: Rng, maxDepth: number): TGbdtTree {
  const nodes: TGbdtNode[] = [];
  const grow = (depth: number, cover: number): number => {
    const index = nodes.length;
    if (depth >= maxDepth || cover < 2 || rng.next() < 0.2) {
      nodes.push({ kind: 'leaf', value: rng.normal(), cover });
      return index;
    }
    const feature = rng.int(M);
    const leftCover = 1 + rng.int(cover - 1);
    nodes.push({ kind: 'leaf', value: 0, cover }); // placeholder, replaced once the children exist
    const left = grow(depth + 1, leftCover);
    const right = grow(depth + 1, cover - leftCover);
    const common = { feature, left, right, gain: rng.next(), cover };
    nodes[index] = CATEGORICAL.has(feature)
      ? { kind: 'categorical', ...common, categories: [0, 1, 2, 3, 4].filter(() => rng.next() < 0.5), categoriesGoLeft: rng.next() < 0.5 }
      : { kind: 'numeric', ...common, threshold: Math.fround(rng.normal()), missingGoesLeft: rng.next() < 0.5 };
    return index;
  };
  grow(0, 20 + rng.int(200));
  return { nodes };
}

const modelOf = (trees: TGbdtTree[], baseScore: number): TGbdtModel => ({
  format: 'ml-core-gbdt',
  version: 1,
  objective: { kind: 'l2' },
  baseScore,
  features: Array.from({ length: M }, (_, f) => (CATEGORICAL.has(f) ? { name: `c${f}`, kind: 'categorical', categories: [0, 1, 2, 3, 4] } : { name: `x${f}`, kind: 'numeric', monotone: 0 })),
  trees,
  params: {
    objective: { kind: 'l2' },
    numTrees: trees.length,
    learningRate: 1,
    maxLeaves: 64,
    maxDepth: 0,
    minChildSamples: 1,
    minChildHessian: 0,
    minGain: 0,
    l1: 0,
    l2: 1,
    baggingFraction: 1,
    baggingFreq: 1,
    featureFraction: 1,
    maxBins: 255,
    maxCatThreshold: 32,
    catSmooth: 10,
    catL2: 10,
    maxCatToOnehot: 4,
    earlyStoppingRounds: null,
    seed: 0,
  },
});

// ---- The independent reference: the definition of path-dependent SHAP, by enumeration. ----

/** The branch the row takes, from the documented split rules (not from the predictor). */
function goesLeft(node: Exclude<TGbdtNode, { kind: 'leaf' }>, row: readonly number[]): boolean {
  const x = row[node.feature] ?? NaN;
  if (node.kind === 'numeric') return Number.isNaN(x) ? node.missingGoesLeft : Math.fround(x) <= node.threshold;
  const listed = !Number.isNaN(x) && node.categories.includes(Math.fround(x));
  return listed ? node.categoriesGoLeft : !node.categoriesGoLeft;
}

/** E[f(x) | x_S]: follow x on features in S, otherwise average the children by cover (Lundberg et al., Alg. 1). */
function conditionalExpectation(tree: TGbdtTree, j: number, row: readonly number[], inS: readonly boolean[]): number {
  const node = tree.nodes[j];
  if (!node) throw new Error('bad node');
  if (node.kind === 'leaf') return node.value;
  if (inS[node.feature]) return conditionalExpectation(tree, goesLeft(node, row) ? node.left : node.right, row, inS);
  const l = tree.nodes[node.left];
  const r = tree.nodes[node.right];
  if (!l || !r) throw new Error('bad child');
  return (l.cover * conditionalExpectation(tree, node.left, row, inS) + r.cover * conditionalExpectation(tree, node.right, row, inS)) / node.cover;
}

function bruteForceShapley(model: TGbdtModel, row: readonly number[]): { phi: number[]; base: number } {
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const v = (mask: number): number => {
    const inS = Array.from({ length: M }, (_, f) => (mask & (1 << f)) !== 0);
    return model.baseScore + model.trees.reduce((s, t) => s + conditionalExpectation(t, 0, row, inS), 0);
  };
  const phi = Array.from({ length: M }, () => 0);
  for (let mask = 0; mask < 1 << M; mask++) {
    const size = [...Array(M).keys()].filter((f) => mask & (1 << f)).length;
    const weight = (factorial(size) * factorial(M - size - 1)) / factorial(M);
    for (let i = 0; i < M; i++) {
      if (mask & (1 << i)) continue;
      phi[i] = (phi[i] ?? 0) + weight * (v(mask | (1 << i)) - v(mask));
    }
  }
  return { phi, base: v(0) };
}

function randomRow(rng: Rng): number[] {
  return Array.from({ length: M }, (_, f) => {
    const u = rng.next();
    if (u < 0.15) return NaN;
    if (CATEGORICAL.has(f)) return u < 0.25 ? 7 : rng.int(5); // 7: a code the model never saw
    return rng.normal();
  });
}

describe('explainGbdt (path-dependent TreeSHAP)', () => {
  it('equals brute-force Shapley values of the path-dependent expectation on random trees and ensembles', () => {
    const rng = createRng({ seed: 42 });
    for (let trial = 0; trial < 12; trial++) {
      const model = modelOf(
        Array.from({ length: 1 + rng.int(4) }, () => randomTree(rng, 2 + rng.int(5))),
        rng.normal(),
      );
      const rows = Array.from({ length: 6 }, () => randomRow(rng));
      const { contributions, expectedValue, raw } = explainGbdt({ model, rows });
      rows.forEach((row, i) => {
        const brute = bruteForceShapley(model, row);
        const phi = contributions[i];
        if (!phi) throw new Error('missing row');
        brute.phi.forEach((b, f) => expect(Math.abs((phi[f] ?? NaN) - b)).toBeLessThan(1e-9));
        expect(Math.abs(expectedValue - brute.base)).toBeLessThan(1e-9);
        // v(all features) is the model's output on the row.
        const full = brute.base + brute.phi.reduce((s, p) => s + p, 0);
        expect(Math.abs((raw[i] ?? NaN) - full)).toBeLessThan(1e-9);
      });
    }
  });

  it('equals brute force on a trained model, and the contributions add up to the raw score', async () => {
    const rng = createRng({ seed: 9 });
    const rows = Array.from({ length: 400 }, () => randomRow(rng));
    const known = (v: number | undefined, missing: number): number => (v === undefined || Number.isNaN(v) ? missing : v);
    const labels = rows.map((r) => 2 * known(r[0], 1) + (r[3] === 2 ? 1.5 : 0) + known(r[1], 0) * known(r[2], -1) + 0.1 * rng.normal());
    const { model } = await fitGbdt({ rows, labels, categorical: [3, 4], params: { objective: { kind: 'l2' }, numTrees: 15, maxLeaves: 8, minChildSamples: 5, maxCatToOnehot: 2, catSmooth: 1 }, threads: 1 });
    expect(model.trees.some((t) => t.nodes.some((n) => n.kind === 'categorical'))).toBe(true);
    const probe = rows.slice(0, 8);
    const { contributions, expectedValue, raw } = explainGbdt({ model, rows: probe });
    probe.forEach((row, i) => {
      const brute = bruteForceShapley(model, row);
      brute.phi.forEach((b, f) => expect(Math.abs((contributions[i]?.[f] ?? NaN) - b)).toBeLessThan(1e-9));
      const sum = expectedValue + Array.from(contributions[i] ?? []).reduce((s, p) => s + p, 0);
      expect(Math.abs(sum - (raw[i] ?? NaN))).toBeLessThan(1e-9);
    });
    // The base value is the cover-weighted mean output; with every row in every tree (no bagging) that is the
    // mean raw score over the training rows, computed here from the predictions.
    const all = explainGbdt({ model, rows });
    expect(gbdtExpectedValue({ model })).toBeCloseTo(all.raw.reduce((s, r) => s + r, 0) / rows.length, 9);
  });

  it('reports split gain and count per feature, and mean |SHAP| over rows', async () => {
    const rng = createRng({ seed: 2 });
    const rows = Array.from({ length: 300 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const labels = rows.map((r) => 3 * (r[0] ?? 0) + 0.2 * (r[1] ?? 0));
    const { model } = await fitGbdt({ rows, labels, featureNames: ['strong', 'weak', 'noise'], params: { objective: { kind: 'l2' }, numTrees: 20, maxLeaves: 4 }, threads: 1 });
    const imp = gbdtImportance({ model, rows });
    // Independent tally straight from the stored trees.
    const splits = [0, 1, 2].map((f) => model.trees.flatMap((t) => t.nodes).filter((n) => n.kind !== 'leaf' && n.feature === f).length);
    expect(imp.map((e) => e.splits)).toEqual(splits);
    expect(imp.map((e) => e.feature)).toEqual(['strong', 'weak', 'noise']);
    const [strong, weak] = imp;
    expect(strong && weak && strong.gain > weak.gain && (strong.meanAbsShap ?? 0) > (weak.meanAbsShap ?? 0)).toBe(true);
    expect(gbdtImportance({ model })[0]?.meanAbsShap).toBeNull();
  });
});
