// Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent Individualized Feature Attribution
// for Tree Ensembles", Algorithm 2): per-row Shapley values of the raw score in O(leaves · depth²) per tree,
// where a feature outside the coalition is integrated out along the tree with the training covers.
import { childOf, compileGbdt, isLeaf, rawScore, type TCompiledGbdt } from './predict';
import type { TGbdtModel, TGbdtRows } from './types';

export interface TGbdtExplanation {
  /** E[raw] under the path-dependent distribution (training covers): the SHAP base value. */
  expectedValue: number;
  /** Raw score of each row; expectedValue + Σ contributions[i] equals raw[i]. */
  raw: Float64Array;
  /** One Float64Array per row, one entry per feature, in raw-score units (log-odds for binary). */
  contributions: Float64Array[];
}

/** Scratch for the unique path: one segment per recursion level, at most depth + 2 elements each. */
interface TPath {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  weight: Float64Array;
}

const newPath = (maxDepth: number): TPath => {
  const size = ((maxDepth + 3) * (maxDepth + 4)) / 2;
  return { feature: new Int32Array(size), zero: new Float64Array(size), one: new Float64Array(size), weight: new Float64Array(size) };
};

// EXTEND: add a feature with zero-fraction pz and one-fraction po to the path at offset s of length ud.
function extend(p: TPath, s: number, ud: number, pz: number, po: number, pi: number): void {
  const { zero, one, weight, feature } = p;
  feature[s + ud] = pi;
  zero[s + ud] = pz;
  one[s + ud] = po;
  weight[s + ud] = ud === 0 ? 1 : 0;
  for (let i = ud - 1; i >= 0; i--) {
    weight[s + i + 1] = (weight[s + i + 1] ?? 0) + (po * (weight[s + i] ?? 0) * (i + 1)) / (ud + 1);
    weight[s + i] = (pz * (weight[s + i] ?? 0) * (ud - i)) / (ud + 1);
  }
}

// UNWIND: undo the extension of path element k (so a feature met again is counted once).
function unwind(p: TPath, s: number, ud: number, k: number): void {
  const { zero, one, weight, feature } = p;
  const o = one[s + k] ?? 0;
  const z = zero[s + k] ?? 0;
  let next = weight[s + ud] ?? 0;
  for (let i = ud - 1; i >= 0; i--) {
    if (o !== 0) {
      const t = weight[s + i] ?? 0;
      weight[s + i] = (next * (ud + 1)) / ((i + 1) * o);
      next = t - ((weight[s + i] ?? 0) * z * (ud - i)) / (ud + 1);
    } else {
      weight[s + i] = ((weight[s + i] ?? 0) * (ud + 1)) / (z * (ud - i));
    }
  }
  for (let i = k; i < ud; i++) {
    feature[s + i] = feature[s + i + 1] ?? 0;
    zero[s + i] = zero[s + i + 1] ?? 0;
    one[s + i] = one[s + i + 1] ?? 0;
  }
}

// Σ of the weights the path would have with element k unwound, without changing the path.
function unwoundSum(p: TPath, s: number, ud: number, k: number): number {
  const { zero, one, weight } = p;
  const o = one[s + k] ?? 0;
  const z = zero[s + k] ?? 0;
  let next = weight[s + ud] ?? 0;
  let total = 0;
  for (let i = ud - 1; i >= 0; i--) {
    if (o !== 0) {
      const t = (next * (ud + 1)) / ((i + 1) * o);
      total += t;
      next = (weight[s + i] ?? 0) - t * z * ((ud - i) / (ud + 1));
    } else if (z !== 0) {
      total += (weight[s + i] ?? 0) / z / ((ud - i) / (ud + 1));
    }
  }
  return total;
}

function recurse(c: TCompiledGbdt, row: ArrayLike<number>, phi: Float64Array, p: TPath, node: number, parent: number, ud: number, pz: number, po: number, pi: number): void {
  const s = parent + ud + 1;
  // The parent's path (a dozen elements at most): a plain loop, as four copyWithin calls per node cost more
  // than the copying itself.
  for (let i = 0; i <= ud; i++) {
    p.feature[s + i] = p.feature[parent + i] ?? 0;
    p.zero[s + i] = p.zero[parent + i] ?? 0;
    p.one[s + i] = p.one[parent + i] ?? 0;
    p.weight[s + i] = p.weight[parent + i] ?? 0;
  }
  extend(p, s, ud, pz, po, pi);
  if (isLeaf(c, node)) {
    const v = c.value[node] ?? 0;
    for (let i = 1; i <= ud; i++) {
      const w = unwoundSum(p, s, ud, i);
      const f = p.feature[s + i] ?? 0;
      phi[f] = (phi[f] ?? 0) + w * ((p.one[s + i] ?? 0) - (p.zero[s + i] ?? 0)) * v;
    }
    return;
  }
  const hot = childOf(c, node, row);
  const cold = hot === c.left[node] ? (c.right[node] ?? 0) : (c.left[node] ?? 0);
  const cover = c.cover[node] ?? 0;
  if (!(cover > 0)) throw new Error('explainGbdt: a split node has no training cover; path-dependent TreeSHAP needs covers');
  const hotZero = (c.cover[hot] ?? 0) / cover;
  const coldZero = (c.cover[cold] ?? 0) / cover;
  const f = c.feature[node] ?? 0;
  let incomingZero = 1;
  let incomingOne = 1;
  let depth = ud;
  for (let k = 0; k <= ud; k++) {
    if (p.feature[s + k] === f) {
      incomingZero = p.zero[s + k] ?? 0;
      incomingOne = p.one[s + k] ?? 0;
      unwind(p, s, ud, k);
      depth -= 1;
      break;
    }
  }
  recurse(c, row, phi, p, hot, s, depth + 1, hotZero * incomingZero, incomingOne, f);
  recurse(c, row, phi, p, cold, s, depth + 1, coldZero * incomingZero, 0, f);
}

/** E[tree output] with children weighted by cover[child] / cover[node], the distribution TreeSHAP integrates over. */
function expectedTreeValue(c: TCompiledGbdt, node: number): number {
  if (isLeaf(c, node)) return c.value[node] ?? 0;
  const cover = c.cover[node] ?? 0;
  const l = c.left[node] ?? 0;
  const r = c.right[node] ?? 0;
  return ((c.cover[l] ?? 0) * expectedTreeValue(c, l) + (c.cover[r] ?? 0) * expectedTreeValue(c, r)) / cover;
}

/**
 * The SHAP base value of a model: baseScore + Σ trees' cover-weighted mean leaf value.
 *
 * @example
 * const e = gbdtExpectedValue({ model }); // ≈ mean raw score on the training rows
 */
export function gbdtExpectedValue({ model }: { model: TGbdtModel }): number {
  const c = compileGbdt({ model });
  let e = c.baseScore;
  for (let t = 0; t < c.roots.length; t++) e += expectedTreeValue(c, c.roots[t] ?? 0);
  return e;
}

/**
 * Exact path-dependent TreeSHAP contributions of every feature to each row's raw score; they add up, with
 * the expected value, to the raw score (local accuracy). Missing values and categories follow the branch
 * the model takes for them; the other branch is weighted by its training cover.
 *
 * @example
 * const { expectedValue, contributions, raw } = explainGbdt({ model, rows: [row] });
 * // expectedValue + Σ contributions[0] === raw[0] (to rounding)
 */
export function explainGbdt({ model, rows }: { model: TGbdtModel; rows: TGbdtRows }): TGbdtExplanation {
  const c = compileGbdt({ model });
  const maxDepth = c.depths.reduce((m, d) => Math.max(m, d), 0);
  const path = newPath(maxDepth);
  const expectedValue = gbdtExpectedValue({ model });
  const raw = new Float64Array(rows.length);
  const contributions = rows.map((row, i) => {
    if (row.length !== c.numFeatures) throw new Error(`explainGbdt: row ${i} has ${row.length} features, the model reads ${c.numFeatures}`);
    const phi = new Float64Array(c.numFeatures);
    for (let t = 0; t < c.roots.length; t++) recurse(c, row, phi, path, c.roots[t] ?? 0, 0, 0, 1, 1, -1);
    raw[i] = rawScore(c, row);
    return phi;
  });
  return { expectedValue, raw, contributions };
}

export interface TGbdtFeatureImportance {
  feature: string;
  index: number;
  /** Σ split gain of the feature's splits. */
  gain: number;
  /** Number of splits on the feature. */
  splits: number;
  /** Mean |TreeSHAP contribution| over the given rows (null when no rows were given). */
  meanAbsShap: number | null;
}

/**
 * Global importance per feature: total split gain, split count and, given rows, mean |SHAP|.
 *
 * @example
 * gbdtImportance({ model, rows: sample }).sort((a, b) => (b.meanAbsShap ?? 0) - (a.meanAbsShap ?? 0));
 */
export function gbdtImportance({ model, rows }: { model: TGbdtModel; rows?: TGbdtRows }): TGbdtFeatureImportance[] {
  const out = model.features.map((f, index): TGbdtFeatureImportance => ({ feature: f.name, index, gain: 0, splits: 0, meanAbsShap: null }));
  for (const tree of model.trees) {
    for (const node of tree.nodes) {
      if (node.kind === 'leaf') continue;
      const entry = out[node.feature];
      if (!entry) continue;
      entry.gain += node.gain;
      entry.splits += 1;
    }
  }
  if (rows && rows.length > 0) {
    const { contributions } = explainGbdt({ model, rows });
    out.forEach((entry, f) => {
      entry.meanAbsShap = contributions.reduce((s, phi) => s + Math.abs(phi[f] ?? 0), 0) / contributions.length;
    });
  }
  return out;
}
