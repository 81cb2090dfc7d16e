import {
  attribute,
  decodeModel,
  encodeModel,
  floatTensor,
  int64ToNumber,
  int8Tensor,
  onnx,
  readFloatTensor,
  type OnnxNodeProto,
  type OnnxTensorProto,
} from './onnx-proto';
import { InvalidOnnxModelError } from './errors';

export interface QuantizedTensorReport {
  name: string;
  elements: number;
  /** Channel axis of the per-channel scales, or null for one scale per tensor. */
  axis: number | null;
  /** Largest |w − dequantize(quantize(w))| over the tensor: at most half a quantization step. */
  maxAbsError: number;
}

export interface QuantizeOnnxWeightsResult {
  bytes: Uint8Array;
  report: {
    originalBytes: number;
    quantizedBytes: number;
    /** quantizedBytes / originalBytes */
    ratio: number;
    tensors: QuantizedTensorReport[];
    /** Float initializers left in float32, with the reason (biases, small or shared tensors). */
    skipped: Array<{ name: string; reason: string }>;
  };
}

export interface QuantizeOnnxWeightsOptions {
  bytes: Uint8Array;
  /** One scale per output channel (default true; needs opset ≥ 13) instead of one per tensor. */
  perChannel?: boolean;
  /** Leave tensors smaller than this in float32: biases and tiny tensors save nothing and cost accuracy. */
  minElements?: number;
}

/** Symmetric int8 uses ±127 (not −128) so zero maps to zero and the range is symmetric. */
const QMAX = 127;

/**
 * Quantizes one tensor symmetrically to int8, per channel along `axis` (null: per tensor). Rounds half away
 * from zero. The scale is rounded to float32 *before* quantizing so q·scale is what ORT will compute.
 *
 * @example
 * quantizeSymmetricInt8({ data: Float32Array.of(0.5, -0.25), dims: [2], axis: null }).q; // Int8Array [127, -64]
 */
export function quantizeSymmetricInt8(options: { data: Float32Array; dims: readonly number[]; axis: number | null }): {
  q: Int8Array;
  scales: Float32Array;
  maxAbsError: number;
} {
  const { data, dims, axis } = options;
  const channels = axis === null ? 1 : (dims[axis] ?? 1);
  const inner = axis === null ? data.length : dims.slice(axis + 1).reduce((a, d) => a * d, 1);
  const channelOf = (i: number) => (axis === null ? 0 : Math.floor(i / inner) % channels);
  const maxAbs = new Float64Array(channels);
  data.forEach((v, i) => {
    const c = channelOf(i);
    maxAbs[c] = Math.max(maxAbs[c] ?? 0, Math.abs(v));
  });
  // An all-zero channel gets scale 1 (any scale dequantizes zeros exactly) rather than a division by zero.
  const scales = Float32Array.from(maxAbs, (m) => (m > 0 ? m / QMAX : 1));
  const q = new Int8Array(data.length);
  let maxAbsError = 0;
  data.forEach((v, i) => {
    const s = scales[channelOf(i)] ?? 1;
    const r = Math.sign(v) * Math.round(Math.abs(v) / s);
    const qi = Math.max(-QMAX, Math.min(QMAX, r));
    q[i] = qi;
    maxAbsError = Math.max(maxAbsError, Math.abs(v - Math.fround(qi * s)));
  });
  return { q, scales, maxAbsError };
}

/** Which input of which op is a weight worth quantizing, and its output-channel axis for a given rank. */
const weightRole = (node: OnnxNodeProto, inputIndex: number, rank: number): number | null | undefined => {
  const op = node.opType ?? '';
  if (op === 'Conv' && inputIndex === 1) return 0; // W [M, C/group, kH, kW]
  if (op === 'MatMul' && inputIndex === 1) return rank === 2 ? 1 : null; // B [K, N]: per output column
  if (op === 'Gemm' && inputIndex === 1) {
    const transB = int64ToNumber(node.attribute?.find((a) => a.name === 'transB')?.i);
    return transB ? 0 : 1;
  }
  if (op === 'Gather' && inputIndex === 0) return 0; // embedding table: one scale per row
  return undefined; // not a weight input (bias, shape, etc.)
};

/**
 * Weight-only int8 quantization: large float weights become INT8 initializers with a DequantizeLinear in front,
 * so the graph computes in float32 and runs on ORT's CPU provider unchanged, at about a quarter of the size.
 *
 * @example
 * const { bytes: small, report } = quantizeOnnxWeights({ bytes });
 * console.log(`${report.originalBytes} → ${report.quantizedBytes} bytes`);
 */
export function quantizeOnnxWeights(options: QuantizeOnnxWeightsOptions): QuantizeOnnxWeightsResult {
  let model;
  try {
    model = decodeModel(options.bytes);
  } catch (e) {
    throw new InvalidOnnxModelError(`Not a valid ONNX model: ${e instanceof Error ? e.message : String(e)}`);
  }
  const graph = model.graph;
  if (!graph) throw new InvalidOnnxModelError('Not a valid ONNX model: no graph');
  const opset = int64ToNumber((model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx')?.version);
  if (opset < 10) throw new Error(`DequantizeLinear needs opset ≥ 10; the model uses opset ${opset}`);
  // Per-axis DequantizeLinear arrived in opset 13.
  const perChannel = (options.perChannel ?? true) && opset >= 13;
  const minElements = options.minElements ?? 64;
  const nodes = graph.node ?? [];

  const uses = new Map<string, Array<{ node: OnnxNodeProto; index: number }>>();
  for (const node of nodes) (node.input ?? []).forEach((name, index) => uses.set(name, [...(uses.get(name) ?? []), { node, index }]));

  const taken = new Set<string>([
    ...nodes.flatMap((n) => [...(n.input ?? []), ...(n.output ?? [])]),
    ...(graph.initializer ?? []).map((t) => t.name ?? ''),
    ...(graph.input ?? []).map((t) => t.name ?? ''),
  ]);
  const fresh = (base: string) => {
    let name = base;
    for (let i = 2; taken.has(name); i += 1) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };

  const tensors: QuantizedTensorReport[] = [];
  const skipped: Array<{ name: string; reason: string }> = [];
  const initializers: OnnxTensorProto[] = [];
  const dequantizeNodes: OnnxNodeProto[] = [];
  const quantizedNames = new Set<string>();

  for (const init of graph.initializer ?? []) {
    const name = init.name ?? '';
    const dims = (init.dims ?? []).map((d) => int64ToNumber(d));
    const elements = dims.reduce((a, d) => a * d, 1);
    const skip = (reason: string) => {
      skipped.push({ name, reason });
      initializers.push(init);
    };
    if (init.dataType !== onnx.TensorProto.DataType.FLOAT) {
      initializers.push(init);
      continue;
    }
    if (init.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
      skip('stored as external data');
      continue;
    }
    const roles = (uses.get(name) ?? []).map((u) => weightRole(u.node, u.index, dims.length));
    if (roles.length === 0 || roles.some((r) => r === undefined)) {
      skip('not only used as a MatMul/Gemm/Conv weight or Gather table');
      continue;
    }
    if (elements < minElements) {
      skip(`fewer than ${minElements} elements`);
      continue;
    }
    // Per-channel only when every consumer agrees on the channel axis.
    const axes = new Set(roles);
    const first = roles[0];
    const axis = perChannel && axes.size === 1 && typeof first === 'number' ? first : null;
    const { q, scales, maxAbsError } = quantizeSymmetricInt8({ data: readFloatTensor(init), dims, axis });
    const qName = fresh(`${name}_quantized`);
    const sName = fresh(`${name}_scale`);
    const zName = fresh(`${name}_zero_point`);
    const scaleDims = axis === null ? [] : [scales.length];
    initializers.push(
      int8Tensor({ name: qName, dims, data: q }),
      floatTensor({ name: sName, dims: scaleDims, data: scales }),
      // Symmetric: zero point 0. An INT8 zero point also tells DequantizeLinear the input is int8.
      int8Tensor({ name: zName, dims: scaleDims, data: new Int8Array(scales.length) }),
    );
    dequantizeNodes.push({
      opType: 'DequantizeLinear',
      name: fresh(`${name}_dequantize`),
      input: [qName, sName, zName],
      output: [name],
      attribute: axis === null ? [] : [attribute('axis', axis)],
    });
    quantizedNames.add(name);
    tensors.push({ name, elements, axis, maxAbsError });
  }

  const out = {
    ...model,
    graph: {
      ...graph,
      // Dequantize nodes read only initializers, so putting them first keeps the node list topologically sorted.
      node: [...dequantizeNodes, ...nodes],
      initializer: initializers,
      // Old exporters list initializers as graph inputs; a quantized one is now a node output, not an input.
      input: (graph.input ?? []).filter((i) => !quantizedNames.has(i.name ?? '')),
    },
  };
  const bytes = encodeModel(out);
  return {
    bytes,
    report: {
      originalBytes: options.bytes.length,
      quantizedBytes: bytes.length,
      ratio: bytes.length / options.bytes.length,
      tensors,
      skipped,
    },
  };
}
