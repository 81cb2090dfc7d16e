// ONNX export of a GBDT model with ONNX-ML's TreeEnsembleClassifier (binary) or TreeEnsembleRegressor
// (ai.onnx.ml opset 3), written with onnx-proto like the other exporters.
//
// Choices, each checked against onnxruntime-node 1.30 in export-onnx.test.ts:
// - The float32 input is cast to double first, so ORT runs its double kernel: thresholds and leaf weights are
//   the `*_as_tensor` double attributes and the sum over trees is accumulated in double. Thresholds are
//   float32 values (or ±Infinity), so comparing the widened input decides exactly as the TypeScript predictor.
// - Categorical splits: TreeEnsembleClassifier/Regressor only compare numbers (BRANCH_LEQ … BRANCH_NEQ);
//   set membership (BRANCH_MEMBER) exists only in the newer ai.onnx.ml opset 5 TreeEnsemble operator. A split
//   "code ∈ {c1…cm} goes one way, anything else the other" is a chain of BRANCH_EQ nodes whose true branches
//   all point to the same child (the layout LightGBM converters use, and which ORT folds into a set test);
//   NaN fails every equality, so missing and unseen codes fall through to the default child.
// - Binary: ORT's two-class handling of base_values is inconsistent (see tree_ensemble_aggregator.h), so the
//   base score is folded into the first tree's leaf weights, the classifier runs with post_transform NONE
//   (column 1 of its scores is the raw margin) and a Sigmoid node gives the probability.
import { GraphBuilder } from '../onnx/graph-builder';
import { doubleTensor, encodeModel, ONNX_IR_VERSION, valueInfo } from '../onnx/onnx-proto';
import type { OnnxTensorSignature } from '../onnx/export-to-onnx';
import type { TGbdtModel, TGbdtTree } from './types';

export interface ExportGbdtToOnnxOptions {
  model: TGbdtModel;
  /** Graph input name (default 'features'): float32 [N, features]. */
  inputName?: string;
  docString?: string;
}

export interface ExportGbdtToOnnxResult {
  bytes: Uint8Array;
  inputs: OnnxTensorSignature[];
  /** Binary: `probability` [N, 1] then `raw` [N, 1] (log-odds). Regression: `prediction` [N, 1] then `raw` [N, 1]. */
  outputs: OnnxTensorSignature[];
  operator: 'TreeEnsembleClassifier' | 'TreeEnsembleRegressor';
  /** ONNX tree nodes written (categorical splits become one node per listed category). */
  onnxNodes: number;
}

interface TEnsembleArrays {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  modes: string[];
  values: number[];
  trueIds: number[];
  falseIds: number[];
  missingTrue: number[];
  leafTree: number[];
  leafNode: number[];
  leafWeight: number[];
}

function appendTree(a: TEnsembleArrays, tree: TGbdtTree, treeId: number, leafOffset: number): void {
  // ONNX ids in depth-first order; a categorical split takes one id per listed category (at least one).
  const ids = new Array<number>(tree.nodes.length).fill(-1);
  let next = 0;
  const stack = [0];
  while (stack.length > 0) {
    const j = stack.pop() ?? 0;
    const node = tree.nodes[j];
    if (!node) throw new Error(`exportGbdtToOnnx: tree ${treeId} references missing node ${j}`);
    ids[j] = next;
    next += node.kind === 'categorical' ? Math.max(1, node.categories.length) : 1;
    if (node.kind !== 'leaf') stack.push(node.right, node.left);
  }
  const rows: { id: number; feature: number; mode: string; value: number; t: number; f: number; missing: number; weight?: number }[] = [];
  tree.nodes.forEach((node, j) => {
    const id = ids[j] ?? -1;
    if (node.kind === 'leaf') {
      rows.push({ id, feature: 0, mode: 'LEAF', value: 0, t: 0, f: 0, missing: 0, weight: node.value + leafOffset });
      return;
    }
    const left = ids[node.left] ?? -1;
    const right = ids[node.right] ?? -1;
    if (node.kind === 'numeric') {
      rows.push({ id, feature: node.feature, mode: 'BRANCH_LEQ', value: node.threshold, t: left, f: right, missing: node.missingGoesLeft ? 1 : 0 });
      return;
    }
    const listedSide = node.categoriesGoLeft ? left : right;
    const otherSide = node.categoriesGoLeft ? right : left;
    if (node.categories.length === 0) {
      // An empty list sends everything the other way: x < −∞ is never true (NaN included).
      rows.push({ id, feature: node.feature, mode: 'BRANCH_LT', value: -Infinity, t: listedSide, f: otherSide, missing: 0 });
      return;
    }
    node.categories.forEach((code, k) => {
      rows.push({ id: id + k, feature: node.feature, mode: 'BRANCH_EQ', value: code, t: listedSide, f: k + 1 < node.categories.length ? id + k + 1 : otherSide, missing: 0 });
    });
  });
  rows.sort((x, y) => x.id - y.id);
  for (const r of rows) {
    a.treeIds.push(treeId);
    a.nodeIds.push(r.id);
    a.featureIds.push(r.feature);
    a.modes.push(r.mode);
    a.values.push(r.value);
    a.trueIds.push(r.t);
    a.falseIds.push(r.f);
    a.missingTrue.push(r.missing);
    if (r.weight !== undefined) {
      a.leafTree.push(treeId);
      a.leafNode.push(r.id);
      a.leafWeight.push(r.weight);
    }
  }
}

/**
 * Writes a GBDT model as ONNX (ONNX-ML TreeEnsembleClassifier for binary, TreeEnsembleRegressor otherwise;
 * ai.onnx.ml opset 3 + opset 13). Scores like `predictGbdt` on float32 inputs, NaN and unseen categories
 * included.
 *
 * @example
 * const { bytes } = exportGbdtToOnnx({ model });
 * const session = await createOnnxSession({ bytes });
 * const { outputs } = await runBatch({ session, inputs: Float32Array.from(rows.flat()), shape: [rows.length, model.features.length] });
 */
export function exportGbdtToOnnx(options: ExportGbdtToOnnxOptions): ExportGbdtToOnnxResult {
  const { model } = options;
  const numFeatures = model.features.length;
  if (numFeatures === 0) throw new Error('exportGbdtToOnnx: the model has no features');
  const binary = model.objective.kind === 'binary';
  const inputName = options.inputName ?? 'features';
  const a: TEnsembleArrays = { treeIds: [], nodeIds: [], featureIds: [], modes: [], values: [], trueIds: [], falseIds: [], missingTrue: [], leafTree: [], leafNode: [], leafWeight: [] };
  // A model without trees still needs one: a single leaf carrying the base score.
  const trees: TGbdtTree[] = model.trees.length > 0 ? model.trees : [{ nodes: [{ kind: 'leaf', value: 0, cover: 1 }] }];
  trees.forEach((tree, t) => appendTree(a, tree, t, binary && t === 0 ? model.baseScore : 0));

  const g = new GraphBuilder();
  const mainOutput = binary ? 'probability' : 'prediction';
  for (const reserved of [inputName, mainOutput, 'raw']) g.reserve(reserved);
  const widened = g.addNode({ opType: 'Cast', name: 'to_double', inputs: [inputName], attributes: { to: 11 } });
  const tensor = (name: string, values: readonly number[]) => ({ tensor: doubleTensor({ name, dims: [values.length], data: Float64Array.from(values) }) });
  const nodeAttributes = {
    nodes_treeids: a.treeIds,
    nodes_nodeids: a.nodeIds,
    nodes_featureids: a.featureIds,
    nodes_modes: { strings: a.modes },
    nodes_values_as_tensor: tensor('nodes_values', a.values),
    nodes_truenodeids: a.trueIds,
    nodes_falsenodeids: a.falseIds,
    nodes_missing_value_tracks_true: a.missingTrue,
    post_transform: 'NONE',
  };
  if (binary) {
    const scores = g.uniqueName('scores');
    g.addMultiOutputNode({
      opType: 'TreeEnsembleClassifier',
      domain: 'ai.onnx.ml',
      name: 'trees',
      inputs: [widened],
      outputs: [g.uniqueName('label'), scores],
      attributes: {
        ...nodeAttributes,
        class_treeids: a.leafTree,
        class_nodeids: a.leafNode,
        class_ids: a.leafTree.map(() => 1),
        class_weights_as_tensor: tensor('class_weights', a.leafWeight),
        classlabels_int64s: [0, 1],
      },
    });
    const one = g.addInt64({ name: 'positive_class', dims: [1], data: [1] });
    g.addNode({ opType: 'Gather', name: 'raw', inputs: [scores, one], output: 'raw', attributes: { axis: 1 } });
    g.addNode({ opType: 'Sigmoid', name: 'probability', inputs: ['raw'], output: 'probability' });
  } else {
    g.addNode({
      opType: 'TreeEnsembleRegressor',
      domain: 'ai.onnx.ml',
      name: 'trees',
      inputs: [widened],
      output: 'raw',
      attributes: {
        ...nodeAttributes,
        target_treeids: a.leafTree,
        target_nodeids: a.leafNode,
        target_ids: a.leafTree.map(() => 0),
        target_weights_as_tensor: tensor('target_weights', a.leafWeight),
        base_values_as_tensor: tensor('base_values', [model.baseScore]),
        n_targets: 1,
        aggregate_function: 'SUM',
      },
    });
    const logLink = model.objective.kind === 'poisson' || model.objective.kind === 'tweedie';
    g.addNode({ opType: logLink ? 'Exp' : 'Identity', name: 'prediction', inputs: ['raw'], output: 'prediction' });
  }
  const inputs: OnnxTensorSignature[] = [{ name: inputName, dtype: 'float32', shape: ['N', numFeatures] }];
  const outputs: OnnxTensorSignature[] = [
    { name: mainOutput, dtype: 'float32', shape: ['N', 1] },
    { name: 'raw', dtype: 'float32', shape: ['N', 1] },
  ];
  const graph = g.toGraph({
    name: 'gbdt',
    inputs: inputs.map((t) => valueInfo({ name: t.name, elementType: t.dtype, shape: t.shape })),
    outputs: outputs.map((t) => valueInfo({ name: t.name, elementType: t.dtype, shape: t.shape })),
  });
  const bytes = encodeModel({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [
      { domain: '', version: 13 },
      { domain: 'ai.onnx.ml', version: 3 },
    ],
    producerName: '@platform/ml-core',
    producerVersion: '1',
    docString: options.docString ?? `Gradient-boosted trees (${model.objective.kind}), ${model.trees.length} trees over ${model.features.map((f) => f.name).join(', ')}`,
    graph,
  });
  return { bytes, inputs, outputs, operator: binary ? 'TreeEnsembleClassifier' : 'TreeEnsembleRegressor', onnxNodes: a.nodeIds.length };
}
