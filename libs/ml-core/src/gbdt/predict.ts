// Scoring a model: trees compiled once into typed arrays (cached per model object), rows walked root to leaf.
import { objectiveImpl } from './objectives';
import type { TGbdtModel, TGbdtRows } from './types';

const LEAF = 0;
const NUMERIC = 1;
const CATEGORICAL = 2;

/** All trees' nodes in flat arrays; tree t's nodes start at roots[t]. */
export interface TCompiledGbdt {
  numFeatures: number;
  baseScore: number;
  roots: Int32Array;
  /** Deepest leaf of each tree (root = 0). */
  depths: Int32Array;
  kind: Uint8Array;
  feature: Int32Array;
  threshold: Float64Array;
  /** Numeric: missing goes left. Categorical: listed categories go left. */
  flag: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  cover: Float64Array;
  sets: (Set<number> | null)[];
}

const compiled = new WeakMap<TGbdtModel, TCompiledGbdt>();

/**
 * The model's trees as flat typed arrays (built once per model object). Checks that every child comes after
 * its parent, so a walk always ends at a leaf.
 *
 * @example
 * const c = compileGbdt({ model }); c.roots.length === model.trees.length;
 */
export function compileGbdt({ model }: { model: TGbdtModel }): TCompiledGbdt {
  const cached = compiled.get(model);
  if (cached) return cached;
  const total = model.trees.reduce((s, t) => s + t.nodes.length, 0);
  const c: TCompiledGbdt = {
    numFeatures: model.features.length,
    baseScore: model.baseScore,
    roots: new Int32Array(model.trees.length),
    depths: new Int32Array(model.trees.length),
    kind: new Uint8Array(total),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    flag: new Uint8Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total),
    cover: new Float64Array(total),
    sets: new Array<Set<number> | null>(total).fill(null),
  };
  let offset = 0;
  model.trees.forEach((tree, t) => {
    c.roots[t] = offset;
    if (tree.nodes.length === 0) throw new Error(`gbdt model: tree ${t} has no nodes`);
    const depth = new Int32Array(tree.nodes.length);
    let maxDepth = 0;
    tree.nodes.forEach((node, j) => {
      const g = offset + j;
      c.cover[g] = node.cover;
      maxDepth = Math.max(maxDepth, depth[j] ?? 0);
      if (node.kind === 'leaf') {
        c.kind[g] = LEAF;
        c.value[g] = node.value;
        return;
      }
      if (!(node.left > j && node.right > j && node.left < tree.nodes.length && node.right < tree.nodes.length && node.left !== node.right)) {
        throw new Error(`gbdt model: tree ${t} node ${j} has children ${node.left}, ${node.right}; children must follow their parent`);
      }
      if (!(node.feature >= 0 && node.feature < c.numFeatures)) throw new Error(`gbdt model: tree ${t} node ${j} splits on feature ${node.feature}`);
      depth[node.left] = (depth[j] ?? 0) + 1;
      depth[node.right] = (depth[j] ?? 0) + 1;
      c.feature[g] = node.feature;
      c.left[g] = offset + node.left;
      c.right[g] = offset + node.right;
      if (node.kind === 'numeric') {
        c.kind[g] = NUMERIC;
        c.threshold[g] = node.threshold;
        c.flag[g] = node.missingGoesLeft ? 1 : 0;
      } else {
        c.kind[g] = CATEGORICAL;
        c.sets[g] = new Set(node.categories);
        c.flag[g] = node.categoriesGoLeft ? 1 : 0;
      }
    });
    c.depths[t] = maxDepth;
    offset += tree.nodes.length;
  });
  compiled.set(model, c);
  return c;
}

/**
 * The child a row takes at split node `node` (global index). Hot path (once per node per row), hence
 * positional arguments. Values are read as float32, as ONNX Runtime
 * reads them: numeric `x <= threshold` goes left, NaN goes where the split sent missing values; a categorical
 * code in the node's list goes that list's way, anything else the other way.
 */
export function childOf(c: TCompiledGbdt, node: number, row: ArrayLike<number>): number {
  const x = row[c.feature[node] ?? 0] ?? NaN;
  const kind = c.kind[node];
  let left: boolean;
  if (kind === NUMERIC) left = x !== x ? c.flag[node] === 1 : Math.fround(x) <= (c.threshold[node] ?? 0);
  else {
    const listed = x === x && (c.sets[node]?.has(Math.fround(x)) ?? false);
    left = listed === (c.flag[node] === 1);
  }
  return left ? (c.left[node] ?? 0) : (c.right[node] ?? 0);
}

export const isLeaf = (c: TCompiledGbdt, node: number): boolean => c.kind[node] === LEAF;

/** Raw score of one row: base score plus the leaf value of every tree, summed in tree order. */
export function rawScore(c: TCompiledGbdt, row: ArrayLike<number>): number {
  let s = c.baseScore;
  for (let t = 0; t < c.roots.length; t++) {
    let node = c.roots[t] ?? 0;
    while (c.kind[node] !== LEAF) node = childOf(c, node, row);
    s += c.value[node] ?? 0;
  }
  return s;
}

export interface TGbdtPrediction {
  /** baseScore + Σ leaf values (log-odds for binary, log-mean for poisson/tweedie). */
  raw: Float64Array;
  /** The objective's inverse link of raw: probability, mean, or the value itself. */
  prediction: Float64Array;
}

/**
 * Scores rows.
 *
 * @example
 * const { raw, prediction } = predictGbdt({ model, rows: [[0.3, 2, NaN]] });
 */
export function predictGbdt({ model, rows }: { model: TGbdtModel; rows: TGbdtRows }): TGbdtPrediction {
  const c = compileGbdt({ model });
  const transform = objectiveImpl({ objective: model.objective }).transform;
  const raw = new Float64Array(rows.length);
  const prediction = new Float64Array(rows.length);
  rows.forEach((row, i) => {
    if (row.length !== c.numFeatures) throw new Error(`predictGbdt: row ${i} has ${row.length} features, the model reads ${c.numFeatures}`);
    const r = rawScore(c, row);
    raw[i] = r;
    prediction[i] = transform(r);
  });
  return { raw, prediction };
}
