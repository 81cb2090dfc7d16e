// ONNX export of a binned additive model (a scorecard, or any GAM whose shape functions are step functions):
// each feature is looked up in its own table of per-bin terms, the terms are summed with an intercept and,
// for a logistic link, passed through a sigmoid. The graph returns every term as well as the total, so the
// runtime that scores also hands back the additive explanation of the score — nothing is recomputed in JS.
import { GraphBuilder } from './graph-builder';
import { encodeModel, ONNX_IR_VERSION, valueInfo } from './onnx-proto';
import type { OnnxTensorSignature } from './export-to-onnx';

/**
 * A numeric feature: bin i covers (upperEdges[i-1], upperEdges[i]] with the first bin open below and the last
 * open above, so `values` has one more entry than `upperEdges`. NaN and ±Infinity take `missing`.
 */
export interface TBinnedNumericFeature {
  name: string;
  kind: 'numeric';
  upperEdges: readonly number[];
  values: readonly number[];
  missing: number;
}

/**
 * A categorical feature: the input carries the category's index into `values` (callers keep the vocabulary).
 * NaN, a negative, fractional or out-of-range index — an unseen category — takes `missing`.
 */
export interface TBinnedCategoricalFeature {
  name: string;
  kind: 'categorical';
  values: readonly number[];
  missing: number;
}

export type TBinnedFeature = TBinnedNumericFeature | TBinnedCategoricalFeature;

export interface ExportBinnedAdditiveOptions {
  features: readonly TBinnedFeature[];
  intercept: number;
  /** 'logit' adds a `probability` output = sigmoid(total); 'identity' returns the total only. */
  link: 'logit' | 'identity';
  /** Graph input name (default 'features'): float32 [N, features.length]. */
  inputName?: string;
  /** Free text stored as the model's doc string (what the model is, where it came from). */
  docString?: string;
}

export interface ExportBinnedAdditiveResult {
  bytes: Uint8Array;
  inputs: OnnxTensorSignature[];
  /** `terms` [N, F] per-feature terms, `total` [N, 1] = intercept + Σ terms, and `probability` [N, 1] for a logit link. */
  outputs: OnnxTensorSignature[];
}

function checkFeature(feature: TBinnedFeature): void {
  const where = `exportBinnedAdditiveModel: feature '${feature.name}'`;
  const finite = (v: number) => Number.isFinite(v);
  if (!finite(feature.missing)) throw new Error(`${where}: the missing term must be finite`);
  if (feature.values.length === 0 || !feature.values.every(finite)) throw new Error(`${where}: needs at least one finite term per bin`);
  if (feature.kind === 'numeric') {
    if (feature.values.length !== feature.upperEdges.length + 1) {
      throw new Error(`${where}: ${feature.upperEdges.length} edges need ${feature.upperEdges.length + 1} terms, got ${feature.values.length}`);
    }
    feature.upperEdges.forEach((edge, i) => {
      if (!finite(edge)) throw new Error(`${where}: edge ${i} is not finite`);
      const previous = feature.upperEdges[i - 1];
      if (previous !== undefined && !(Math.fround(edge) > Math.fround(previous))) throw new Error(`${where}: edges must increase (in float32), edge ${i} does not`);
    });
  }
}

/**
 * Writes a binned additive model as ONNX (opset 13; ops every runtime's CPU provider has: Gather, Greater,
 * Less, IsNaN, IsInf, Where, Cast, ReduceSum, Concat, Sigmoid). Inputs are float32: numeric edges and values
 * are compared after rounding to float32, exactly as the runtime sees them.
 *
 * @example
 * const { bytes } = exportBinnedAdditiveModel({
 *   features: [{ name: 'age', kind: 'numeric', upperEdges: [25, 40], values: [0.4, 0, -0.3], missing: 0.1 }],
 *   intercept: -1.2,
 *   link: 'logit',
 * });
 */
export function exportBinnedAdditiveModel(options: ExportBinnedAdditiveOptions): ExportBinnedAdditiveResult {
  const { features } = options;
  if (features.length === 0) throw new Error('exportBinnedAdditiveModel: no features');
  if (!Number.isFinite(options.intercept)) throw new Error('exportBinnedAdditiveModel: the intercept must be finite');
  features.forEach(checkFeature);
  const inputName = options.inputName ?? 'features';
  const g = new GraphBuilder();
  for (const reserved of [inputName, 'terms', 'total', 'probability']) g.reserve(reserved);

  const zero = g.addFloat({ name: 'zero', dims: [], data: new Float32Array([0]) });
  const axis1 = g.addInt64({ name: 'axis1', dims: [1], data: [1] });

  const termNames = features.map((feature, j) => {
    const id = `f${j}`;
    const column = g.addNode({ opType: 'Gather', name: `${id}_column`, inputs: [inputName, g.addInt64({ name: `${id}_index`, dims: [1], data: [j] })], attributes: { axis: 1 } });
    const table = g.addFloat({ name: `${id}_terms`, dims: [feature.values.length], data: Float32Array.from(feature.values) });
    const missing = g.addFloat({ name: `${id}_missing`, dims: [], data: new Float32Array([feature.missing]) });
    const isNaN = g.addNode({ opType: 'IsNaN', name: `${id}_isnan`, inputs: [column] });
    let valid: string;
    let binIndex: string;
    if (feature.kind === 'numeric') {
      const isInf = g.addNode({ opType: 'IsInf', name: `${id}_isinf`, inputs: [column] });
      valid = g.addNode({ opType: 'Not', name: `${id}_valid`, inputs: [g.addNode({ opType: 'Or', name: `${id}_bad`, inputs: [isNaN, isInf] })] });
      if (feature.upperEdges.length === 0) {
        // One bin: a scalar index, broadcast against the validity mask below.
        binIndex = g.addInt64({ name: `${id}_bin`, dims: [], data: [0] });
      } else {
        // Bin index = how many upper edges the value exceeds: (lower, upper] bins, NaN compares false.
        const edges = g.addFloat({ name: `${id}_edges`, dims: [1, feature.upperEdges.length], data: Float32Array.from(feature.upperEdges) });
        const above = g.addNode({ opType: 'Greater', name: `${id}_above`, inputs: [column, edges] });
        const counted = g.addNode({ opType: 'ReduceSum', name: `${id}_count`, inputs: [g.addNode({ opType: 'Cast', name: `${id}_above_f`, inputs: [above], attributes: { to: 1 } }), axis1], attributes: { keepdims: 1 } });
        binIndex = g.addNode({ opType: 'Cast', name: `${id}_bin`, inputs: [counted], attributes: { to: 7 } });
      }
    } else {
      // Valid = not NaN, 0 ≤ x < size and integral; invalid rows read entry 0 and are replaced by the missing term.
      const size = g.addFloat({ name: `${id}_size`, dims: [], data: new Float32Array([feature.values.length]) });
      const safe = g.addNode({ opType: 'Where', name: `${id}_safe`, inputs: [isNaN, zero, column] });
      const floor = g.addNode({ opType: 'Floor', name: `${id}_floor`, inputs: [safe] });
      const notNaN = g.addNode({ opType: 'Not', name: `${id}_notnan`, inputs: [isNaN] });
      const checks = [
        g.addNode({ opType: 'Not', name: `${id}_nonneg`, inputs: [g.addNode({ opType: 'Less', name: `${id}_neg`, inputs: [safe, zero] })] }),
        g.addNode({ opType: 'Less', name: `${id}_inrange`, inputs: [safe, size] }),
        g.addNode({ opType: 'Equal', name: `${id}_integral`, inputs: [safe, floor] }),
      ];
      valid = checks.reduce((acc, c, i) => g.addNode({ opType: 'And', name: `${id}_valid${i}`, inputs: [acc, c] }), notNaN);
      const index = g.addNode({ opType: 'Where', name: `${id}_index_f`, inputs: [valid, safe, zero] });
      binIndex = g.addNode({ opType: 'Cast', name: `${id}_bin`, inputs: [index], attributes: { to: 7 } });
    }
    const looked = g.addNode({ opType: 'Gather', name: `${id}_lookup`, inputs: [table, binIndex], attributes: { axis: 0 } });
    return g.addNode({ opType: 'Where', name: `${id}_term`, inputs: [valid, looked, missing] });
  });

  g.addNode({ opType: 'Concat', name: 'terms', inputs: termNames, output: 'terms', attributes: { axis: 1 } });
  const intercept = g.addFloat({ name: 'intercept', dims: [], data: new Float32Array([options.intercept]) });
  const summed = g.addNode({ opType: 'ReduceSum', name: 'sum_terms', inputs: ['terms', axis1], attributes: { keepdims: 1 } });
  g.addNode({ opType: 'Add', name: 'total', inputs: [summed, intercept], output: 'total' });
  const outputs: OnnxTensorSignature[] = [
    { name: 'terms', dtype: 'float32', shape: ['N', features.length] },
    { name: 'total', dtype: 'float32', shape: ['N', 1] },
  ];
  if (options.link === 'logit') {
    g.addNode({ opType: 'Sigmoid', name: 'probability', inputs: ['total'], output: 'probability' });
    outputs.push({ name: 'probability', dtype: 'float32', shape: ['N', 1] });
  }
  const inputs: OnnxTensorSignature[] = [{ name: inputName, dtype: 'float32', shape: ['N', features.length] }];
  const graph = g.toGraph({
    name: 'binned_additive_model',
    inputs: inputs.map((t) => valueInfo({ name: t.name, elementType: t.dtype, shape: t.shape })),
    outputs: outputs.map((t) => valueInfo({ name: t.name, elementType: t.dtype, shape: t.shape })),
  });
  const bytes = encodeModel({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: '@platform/ml-core',
    producerVersion: '1',
    docString: options.docString ?? `Binned additive model over ${features.map((f) => f.name).join(', ')}`,
    graph,
  });
  return { bytes, inputs, outputs };
}
