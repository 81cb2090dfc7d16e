import type * as tf from '@tensorflow/tfjs';
import { UnsupportedLayerError } from './errors';
import { GraphBuilder } from './graph-builder';
import { encodeModel, ONNX_IR_VERSION, valueInfo, type OnnxDim, type OnnxElementType } from './onnx-proto';

type Layer = tf.layers.Layer;
type SymbolicTensor = tf.SymbolicTensor;
type LayerNode = Layer['inboundNodes'][number];

/** Opsets the exporter writes; every op it emits has the same semantics in both. */
export type OnnxOpset = 13 | 17;

export interface ExportToOnnxOptions {
  model: tf.LayersModel;
  /** Graph input name when the model has one input (default 'input'); multi-input models keep tfjs names. */
  inputName?: string;
  /** Graph output name when the model has one output (default 'output'). */
  outputName?: string;
  opset?: OnnxOpset;
  /** Symbolic name of the batch dimension in the declared shapes (default 'N'). */
  batchDimName?: string;
}

export interface OnnxTensorSignature {
  name: string;
  dtype: OnnxElementType;
  shape: OnnxDim[];
}

export interface ExportToOnnxResult {
  bytes: Uint8Array;
  opset: OnnxOpset;
  inputs: OnnxTensorSignature[];
  outputs: OnnxTensorSignature[];
  /** BatchNormalization layers folded into the preceding Conv2D/Dense weights (the rest became Mul+Add). */
  foldedBatchNorms: number;
}

/**
 * Layout of a value inside the ONNX graph. tfjs is NHWC; ONNX Conv/Pool are NCHW, so rank-4 values that feed
 * spatial ops live as 'nchw' and are transposed back to 'plain' (tfjs order) only where tfjs order matters
 * (Flatten, Dense, Reshape, graph outputs).
 */
type Layout = 'plain' | 'nchw';

interface Value {
  name: string;
  layout: Layout;
  /** tfjs shape (NHWC order), batch first. */
  shape: Array<number | null>;
}

/** A Conv2D/Dense with linear activation whose output a following BatchNormalization may fold into. */
interface FoldTarget {
  kernel: string;
  bias: string;
  /** Axis of the ONNX kernel that indexes output channels (Conv W: 0; Dense MatMul B: 1). */
  outAxis: number;
}

const SUPPORTED =
  'InputLayer, Dense, Conv2D, DepthwiseConv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, ' +
  'GlobalMaxPooling2D, BatchNormalization, Activation, ReLU, LeakyReLU, ELU, Softmax, Flatten, Reshape, ' +
  'Dropout, Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Embedding, Dot';

const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];

// tfjs 'same' padding is TensorFlow's: the odd pixel goes at the end. Explicit pads reproduce it exactly,
// including with dilation, where some runtimes' SAME_UPPER handling differs.
const samePads = (options: { size: number; kernel: number; stride: number; dilation: number }): [number, number] => {
  const { size, kernel, stride, dilation } = options;
  const effective = (kernel - 1) * dilation + 1;
  const total = Math.max((Math.ceil(size / stride) - 1) * stride + effective - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
};

const pair = (v: unknown, fallback: number): [number, number] => {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'number') return [v[0], v[1]];
  return [fallback, fallback];
};

const normaliseAxis = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

/** tfjs NHWC axis → ONNX axis for an 'nchw' value. */
const nchwAxis = (axis: number): number => [0, 2, 3, 1][axis] ?? axis;

/**
 * Converts a trained tfjs LayersModel (Sequential or functional) into an ONNX model (opset 13 by default).
 * The ONNX graph takes the same NHWC tensors as tfjs and returns the same outputs; BatchNormalization uses
 * the moving statistics (inference mode) and Dropout is the identity.
 *
 * @example
 * const { bytes } = exportToOnnx({ model, inputName: 'features', outputName: 'score' });
 * await writeFile('model.onnx', bytes);
 */
export function exportToOnnx(options: ExportToOnnxOptions): ExportToOnnxResult {
  const { model } = options;
  const opset = options.opset ?? 13;
  const batchDim = options.batchDimName ?? 'N';
  const g = new GraphBuilder();
  const values = new Map<number, Value>();
  const foldTargets = new Map<number, FoldTarget>();
  const nchwCache = new Map<string, string>();
  const plainCache = new Map<string, string>();
  let foldedBatchNorms = 0;

  const declaredShape = (shape: Array<number | null>, name: string): OnnxDim[] =>
    shape.map((d, i) => (i === 0 ? batchDim : (d ?? `${name}_dim${i}`)));

  // Graph inputs keep tfjs's NHWC order so callers feed identical tensors to both runtimes.
  const inputs: OnnxTensorSignature[] = model.inputs.map((t) => {
    const name = model.inputs.length === 1 ? (options.inputName ?? 'input') : g.uniqueName(t.name);
    if (model.inputs.length === 1) g.reserve(name);
    const dtype: OnnxElementType = t.dtype === 'int32' ? 'int32' : 'float32';
    values.set(t.id, { name, layout: 'plain', shape: [...t.shape] });
    return { name, dtype, shape: declaredShape([...t.shape], name) };
  });

  // How many times each symbolic tensor is read: BatchNorm may only fold into a conv whose output it alone reads.
  const consumers = new Map<number, number>();
  const modelNodes: Array<{ layer: Layer; node: LayerNode }> = [];
  for (const layer of model.layers) {
    for (const node of layer.inboundNodes) {
      modelNodes.push({ layer, node });
      for (const t of node.inputTensors) consumers.set(t.id, (consumers.get(t.id) ?? 0) + 1);
    }
  }
  for (const t of model.outputs) consumers.set(t.id, (consumers.get(t.id) ?? 0) + 1);

  const toNchw = (v: Value): string => {
    if (v.layout === 'nchw') return v.name;
    const cached = nchwCache.get(v.name);
    if (cached) return cached;
    const out = g.addNode({ opType: 'Transpose', inputs: [v.name], name: `${v.name}_to_nchw`, attributes: { perm: NHWC_TO_NCHW } });
    nchwCache.set(v.name, out);
    return out;
  };
  const toPlain = (v: Value): string => {
    if (v.layout === 'plain') return v.name;
    const cached = plainCache.get(v.name);
    if (cached) return cached;
    const out = g.addNode({ opType: 'Transpose', inputs: [v.name], name: `${v.name}_to_nhwc`, attributes: { perm: NCHW_TO_NHWC } });
    plainCache.set(v.name, out);
    return out;
  };
  const scalar = (name: string, x: number): string => g.addFloat({ name, dims: [], data: Float32Array.of(x) });

  const activation = (options: { kind: string; x: Value; layerName: string; layerClass: string }): Value => {
    const { kind, x, layerName, layerClass } = options;
    const unary = (opType: string, attributes?: Record<string, { float: number } | number>): Value => ({
      ...x,
      name: g.addNode({ opType, inputs: [x.name], name: `${layerName}_${opType.toLowerCase()}`, attributes }),
    });
    switch (kind) {
      case 'linear':
        return x;
      case 'relu':
        return unary('Relu');
      case 'sigmoid':
        return unary('Sigmoid');
      case 'tanh':
        return unary('Tanh');
      case 'elu':
        return unary('Elu', { alpha: { float: 1 } });
      case 'selu':
        return unary('Selu');
      case 'softplus':
        return unary('Softplus');
      case 'softsign':
        return unary('Softsign');
      case 'hardSigmoid':
        // tfjs: clip(0.2x + 0.5, 0, 1), ONNX HardSigmoid's defaults
        return unary('HardSigmoid', { alpha: { float: 0.2 }, beta: { float: 0.5 } });
      case 'relu6':
        return {
          ...x,
          name: g.addNode({ opType: 'Clip', inputs: [x.name, scalar(`${layerName}_min`, 0), scalar(`${layerName}_max`, 6)], name: `${layerName}_relu6` }),
        };
      case 'swish': {
        const s = g.addNode({ opType: 'Sigmoid', inputs: [x.name], name: `${layerName}_swish_sigmoid` });
        return { ...x, name: g.addNode({ opType: 'Mul', inputs: [x.name, s], name: `${layerName}_swish` }) };
      }
      case 'softmax': {
        // tfjs softmax is over the last (tfjs) axis, which is ONNX axis 1 when the value is held as NCHW.
        const axis = x.layout === 'nchw' ? 1 : -1;
        return unary('Softmax', { axis });
      }
      default:
        throw new UnsupportedLayerError(layerClass, layerName, `activation '${kind}' is not supported`);
    }
  };

  const weightsOf = (layer: Layer): Map<string, tf.Tensor> => {
    const tensors = layer.getWeights();
    const byName = new Map<string, tf.Tensor>();
    layer.weights.forEach((w, i) => {
      const t = tensors[i];
      const short = w.originalName.split('/').pop();
      if (t && short) byName.set(short, t);
    });
    return byName;
  };
  const requireWeight = (layer: Layer, weights: Map<string, tf.Tensor>, name: string): tf.Tensor => {
    const w = weights.get(name);
    if (!w) throw new UnsupportedLayerError(layer.getClassName(), layer.name, `weight '${name}' not found`);
    return w;
  };
  const floatData = (t: tf.Tensor): Float32Array => Float32Array.from(t.dataSync());

  const convert = (layer: Layer, node: LayerNode): Value[] => {
    const cls = layer.getClassName();
    const name = layer.name;
    const config = layer.getConfig();
    const ins = node.inputTensors.map((t) => {
      const v = values.get(t.id);
      if (!v) throw new Error(`internal: input '${t.name}' of layer '${name}' was not converted`);
      return v;
    });
    const x = ins[0];
    if (!x) throw new UnsupportedLayerError(cls, name, 'layer has no inputs');
    const outShape = [...(node.outputTensors[0]?.shape ?? [])];
    const fail = (reason: string): never => {
      throw new UnsupportedLayerError(cls, name, reason);
    };
    if (typeof config.dataFormat === 'string' && config.dataFormat !== 'channelsLast') fail(`dataFormat '${config.dataFormat}' is not supported (channelsLast only)`);

    switch (cls) {
      case 'Dropout':
      case 'SpatialDropout1D':
      case 'GaussianNoise':
      case 'GaussianDropout':
      case 'AlphaDropout':
        // Inference-time identity: no node at all.
        return [x];

      case 'Dense': {
        const w = weightsOf(layer);
        const kernel = requireWeight(layer, w, 'kernel');
        const [inDim = 0, units = 0] = kernel.shape;
        const biasTensor = w.get('bias');
        // Dense acts on the last tfjs axis, so the input must be in tfjs order.
        const xin = toPlain(x);
        const kName = g.addFloat({ name: `${name}_kernel`, dims: [inDim, units], data: floatData(kernel) });
        // A zero bias is still emitted so a following BatchNormalization can fold its shift into it.
        const bName = g.addFloat({ name: `${name}_bias`, dims: [units], data: biasTensor ? floatData(biasTensor) : new Float32Array(units) });
        const mm = g.addNode({ opType: 'MatMul', inputs: [xin, kName], name: `${name}_matmul` });
        const y = g.addNode({ opType: 'Add', inputs: [mm, bName], name: `${name}_bias_add` });
        const kind = String(config.activation ?? 'linear');
        const out = activation({ kind, x: { name: y, layout: 'plain', shape: outShape }, layerName: name, layerClass: cls });
        if (kind === 'linear') for (const t of node.outputTensors) foldTargets.set(t.id, { kernel: kName, bias: bName, outAxis: 1 });
        return [out];
      }

      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const w = weightsOf(layer);
        const depthwise = cls === 'DepthwiseConv2D';
        const kernel = requireWeight(layer, w, depthwise ? 'depthwise_kernel' : 'kernel');
        const [kh = 1, kw = 1, cin = 1, last = 1] = kernel.shape;
        const cout = depthwise ? cin * last : last;
        const src = kernel.dataSync();
        // tfjs [kh, kw, cin, cout] → ONNX [cout, cin/group, kh, kw]. Depthwise [kh, kw, cin, mult] → [cin*mult, 1, kh, kw]
        // with group = cin: tfjs output channel c*mult+m is ONNX group c's m-th filter, so the order matches.
        const dst = new Float32Array(src.length);
        for (let i = 0; i < kh; i += 1)
          for (let j = 0; j < kw; j += 1)
            for (let c = 0; c < cin; c += 1)
              for (let o = 0; o < last; o += 1) {
                const from = ((i * kw + j) * cin + c) * last + o;
                const to = depthwise ? ((c * last + o) * kh + i) * kw + j : ((o * cin + c) * kh + i) * kw + j;
                dst[to] = src[from] ?? 0;
              }
        const kName = g.addFloat({ name: `${name}_W`, dims: depthwise ? [cout, 1, kh, kw] : [cout, cin, kh, kw], data: dst });
        const biasTensor = w.get('bias');
        const bName = g.addFloat({ name: `${name}_B`, dims: [cout], data: biasTensor ? floatData(biasTensor) : new Float32Array(cout) });
        const strides = pair(config.strides, 1);
        const dilations = pair(config.dilationRate, 1);
        const attributes: Record<string, readonly number[] | number | string> = {
          kernel_shape: [kh, kw],
          strides,
          dilations,
          group: depthwise ? cin : 1,
        };
        const padding = String(config.padding ?? 'valid');
        const [, h, wd] = x.shape;
        if (padding === 'same') {
          if (typeof h === 'number' && typeof wd === 'number') {
            const [t, b] = samePads({ size: h, kernel: kh, stride: strides[0], dilation: dilations[0] });
            const [l, r] = samePads({ size: wd, kernel: kw, stride: strides[1], dilation: dilations[1] });
            attributes.pads = [t, l, b, r];
          } else {
            attributes.auto_pad = 'SAME_UPPER';
          }
        } else if (padding !== 'valid') {
          fail(`padding '${padding}' is not supported`);
        }
        const y = g.addNode({ opType: 'Conv', inputs: [toNchw(x), kName, bName], name: `${name}_conv`, attributes });
        const kind = String(config.activation ?? 'linear');
        const out = activation({ kind, x: { name: y, layout: 'nchw', shape: outShape }, layerName: name, layerClass: cls });
        if (kind === 'linear') for (const t of node.outputTensors) foldTargets.set(t.id, { kernel: kName, bias: bName, outAxis: 0 });
        return [out];
      }

      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        const [ph, pw] = pair(config.poolSize, 2);
        const strides = config.strides == null ? [ph, pw] : pair(config.strides, 1);
        const attributes: Record<string, readonly number[] | number> = { kernel_shape: [ph, pw], strides };
        const padding = String(config.padding ?? 'valid');
        const [, h, wd] = x.shape;
        if (padding === 'same') {
          if (typeof h !== 'number' || typeof wd !== 'number') fail(`'same' pooling needs static spatial dims`);
          const [t, b] = samePads({ size: Number(h), kernel: ph, stride: strides[0] ?? 1, dilation: 1 });
          const [l, r] = samePads({ size: Number(wd), kernel: pw, stride: strides[1] ?? 1, dilation: 1 });
          attributes.pads = [t, l, b, r];
        } else if (padding !== 'valid') {
          fail(`padding '${padding}' is not supported`);
        }
        // TensorFlow averages over the valid (unpadded) pixels only: count_include_pad = 0.
        if (cls === 'AveragePooling2D') attributes.count_include_pad = 0;
        const opType = cls === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool';
        return [{ name: g.addNode({ opType, inputs: [toNchw(x)], name: `${name}_pool`, attributes }), layout: 'nchw', shape: outShape }];
      }

      case 'GlobalAveragePooling2D':
      case 'GlobalMaxPooling2D': {
        const opType = cls === 'GlobalAveragePooling2D' ? 'GlobalAveragePool' : 'GlobalMaxPool';
        const pooled = g.addNode({ opType, inputs: [toNchw(x)], name: `${name}_pool` });
        if (outShape.length === 4) return [{ name: pooled, layout: 'nchw', shape: outShape }]; // keepDims
        return [{ name: g.addNode({ opType: 'Flatten', inputs: [pooled], name: `${name}_flatten`, attributes: { axis: 1 } }), layout: 'plain', shape: outShape }];
      }

      case 'Flatten':
        // tfjs flattens NHWC row-major; flattening an NCHW value would scramble the features for the next Dense.
        return [{ name: g.addNode({ opType: 'Flatten', inputs: [toPlain(x)], name: `${name}_flatten`, attributes: { axis: 1 } }), layout: 'plain', shape: outShape }];

      case 'Reshape': {
        const target = Array.isArray(config.targetShape) ? config.targetShape.map(Number) : fail('missing targetShape');
        const shape = g.addInt64({ name: `${name}_shape`, dims: [target.length + 1], data: [0, ...target] });
        return [{ name: g.addNode({ opType: 'Reshape', inputs: [toPlain(x), shape], name: `${name}_reshape` }), layout: 'plain', shape: outShape }];
      }

      case 'Activation':
        return [activation({ kind: String(config.activation), x, layerName: name, layerClass: cls })];

      case 'ReLU': {
        const maxValue = typeof config.maxValue === 'number' ? config.maxValue : null;
        if (maxValue === null) return [activation({ kind: 'relu', x, layerName: name, layerClass: cls })];
        const y = g.addNode({ opType: 'Clip', inputs: [x.name, scalar(`${name}_min`, 0), scalar(`${name}_max`, maxValue)], name: `${name}_clip` });
        return [{ ...x, name: y }];
      }
      case 'LeakyReLU': {
        const alpha = typeof config.alpha === 'number' ? config.alpha : 0.3;
        return [{ ...x, name: g.addNode({ opType: 'LeakyRelu', inputs: [x.name], name: `${name}_leaky`, attributes: { alpha: { float: alpha } } }) }];
      }
      case 'ELU': {
        const alpha = typeof config.alpha === 'number' ? config.alpha : 1;
        return [{ ...x, name: g.addNode({ opType: 'Elu', inputs: [x.name], name: `${name}_elu`, attributes: { alpha: { float: alpha } } }) }];
      }
      case 'Softmax': {
        const rank = x.shape.length;
        const tfAxis = normaliseAxis(typeof config.axis === 'number' ? config.axis : -1, rank);
        const axis = x.layout === 'nchw' ? nchwAxis(tfAxis) : tfAxis;
        return [{ ...x, name: g.addNode({ opType: 'Softmax', inputs: [x.name], name: `${name}_softmax`, attributes: { axis } }) }];
      }

      case 'BatchNormalization': {
        const w = weightsOf(layer);
        const mean = requireWeight(layer, w, 'moving_mean').dataSync();
        const variance = requireWeight(layer, w, 'moving_variance').dataSync();
        const gamma = w.get('gamma')?.dataSync();
        const beta = w.get('beta')?.dataSync();
        const epsilon = typeof config.epsilon === 'number' ? config.epsilon : 1e-3;
        const rank = x.shape.length;
        const tfAxis = normaliseAxis(typeof config.axis === 'number' ? config.axis : -1, rank);
        if (tfAxis === 0) fail('normalising over the batch axis is not supported');
        const channels = mean.length;
        // Inference BN is an affine map per channel; computed in float64 to keep the folded weights within
        // float32 rounding of what tfjs computes step by step.
        const scale = new Float64Array(channels);
        const shift = new Float64Array(channels);
        for (let c = 0; c < channels; c += 1) {
          scale[c] = (gamma?.[c] ?? 1) / Math.sqrt((variance[c] ?? 0) + epsilon);
          shift[c] = (beta?.[c] ?? 0) - (mean[c] ?? 0) * (scale[c] ?? 0);
        }
        const onnxAxis = x.layout === 'nchw' ? nchwAxis(tfAxis) : tfAxis;
        const sourceId = node.inputTensors[0]?.id;
        const target = sourceId === undefined ? undefined : foldTargets.get(sourceId);
        const channelAxisOfTarget = target ? (target.outAxis === 0 ? 1 : rank - 1) : -1;
        if (target && sourceId !== undefined && consumers.get(sourceId) === 1 && onnxAxis === channelAxisOfTarget) {
          // Fold: W' = W * scale (per output channel), b' = b * scale + shift. The conv output now *is* the BN output.
          const k = g.floats.get(target.kernel);
          const b = g.floats.get(target.bias);
          if (k && b) {
            const dims = k.dims;
            const outCount = dims[target.outAxis] ?? 0;
            const inner = dims.slice(target.outAxis + 1).reduce((a, d) => a * d, 1);
            for (let i = 0; i < k.data.length; i += 1) {
              const c = Math.floor(i / inner) % outCount;
              k.data[i] = (k.data[i] ?? 0) * (scale[c] ?? 1);
            }
            for (let c = 0; c < outCount; c += 1) b.data[c] = (b.data[c] ?? 0) * (scale[c] ?? 1) + (shift[c] ?? 0);
            foldedBatchNorms += 1;
            for (const t of node.outputTensors) foldTargets.set(t.id, target);
            return [{ ...x, shape: outShape }];
          }
        }
        // Not foldable (e.g. BN right after an input or an Add): an explicit per-channel Mul + Add that
        // broadcasts along the channel axis of the value's current layout.
        const bdims = [channels, ...Array<number>(rank - 1 - onnxAxis).fill(1)];
        const s = g.addFloat({ name: `${name}_scale`, dims: bdims, data: Float32Array.from(scale) });
        const sh = g.addFloat({ name: `${name}_shift`, dims: bdims, data: Float32Array.from(shift) });
        const m = g.addNode({ opType: 'Mul', inputs: [x.name, s], name: `${name}_mul` });
        return [{ ...x, name: g.addNode({ opType: 'Add', inputs: [m, sh], name: `${name}_add` }) }];
      }

      case 'Add':
      case 'Subtract':
      case 'Multiply':
      case 'Average':
      case 'Maximum':
      case 'Minimum':
      case 'Concatenate': {
        // Keep NCHW when every input already is (residual blocks); otherwise fall back to tfjs order.
        const layout: Layout = ins.every((v) => v.layout === 'nchw') ? 'nchw' : 'plain';
        const names = ins.map((v) => (layout === 'nchw' ? v.name : toPlain(v)));
        if (cls === 'Concatenate') {
          const tfAxis = normaliseAxis(typeof config.axis === 'number' ? config.axis : -1, x.shape.length);
          const axis = layout === 'nchw' ? nchwAxis(tfAxis) : tfAxis;
          return [{ name: g.addNode({ opType: 'Concat', inputs: names, name: `${name}_concat`, attributes: { axis } }), layout, shape: outShape }];
        }
        if (cls === 'Subtract') {
          if (names.length !== 2) fail('Subtract needs exactly two inputs');
          return [{ name: g.addNode({ opType: 'Sub', inputs: names, name: `${name}_sub` }), layout, shape: outShape }];
        }
        // ONNX Sum/Mul-style variadic ops: Sum, Max, Min are variadic; Mul is binary, so chain it.
        const opType = { Add: 'Sum', Average: 'Sum', Maximum: 'Max', Minimum: 'Min', Multiply: 'Mul' }[cls] ?? 'Sum';
        let y: string;
        if (opType === 'Mul') {
          y = names.reduce((acc, n, i) => (i === 0 ? n : g.addNode({ opType: 'Mul', inputs: [acc, n], name: `${name}_mul` })));
        } else {
          y = g.addNode({ opType, inputs: names, name: `${name}_${opType.toLowerCase()}` });
        }
        if (cls === 'Average') y = g.addNode({ opType: 'Mul', inputs: [y, scalar(`${name}_inv_n`, 1 / names.length)], name: `${name}_mean` });
        return [{ name: y, layout, shape: outShape }];
      }

      case 'Embedding': {
        if (config.maskZero === true) fail('maskZero is not supported (ONNX has no mask propagation)');
        const w = weightsOf(layer);
        const table = requireWeight(layer, w, 'embeddings');
        const tName = g.addFloat({ name: `${name}_embeddings`, dims: table.shape, data: floatData(table) });
        // tfjs casts float ids to int32; ONNX Gather needs integer indices.
        const idx = g.addNode({ opType: 'Cast', inputs: [toPlain(x)], name: `${name}_ids`, attributes: { to: 7 } });
        return [{ name: g.addNode({ opType: 'Gather', inputs: [tName, idx], name: `${name}_gather`, attributes: { axis: 0 } }), layout: 'plain', shape: outShape }];
      }

      case 'Dot': {
        const [a, b] = ins;
        if (!a || !b || ins.length !== 2) return fail('Dot needs exactly two inputs');
        const ra = a.shape.length;
        const rb = b.shape.length;
        if (ra !== rb || ra < 2 || ra > 3) fail('Dot is supported for two inputs of equal rank 2 or 3');
        const raw = Array.isArray(config.axes) ? config.axes.map(Number) : [Number(config.axes), Number(config.axes)];
        const axA = normaliseAxis(raw[0] ?? -1, ra);
        const axB = normaliseAxis(raw[1] ?? -1, rb);
        if (axA === 0 || axB === 0) fail('Dot over the batch axis is not supported');
        let an = toPlain(a);
        let bn = toPlain(b);
        if (config.normalize === true) {
          // tfjs l2Normalize: x / sqrt(max(sum(x²), epsilon)) with the float32 backend epsilon 1e-7.
          const l2 = (v: string, axis: number, tag: string): string => {
            const ss = g.addNode({ opType: 'ReduceSumSquare', inputs: [v], name: `${name}_${tag}_ss`, attributes: { axes: [axis], keepdims: 1 } });
            const mx = g.addNode({ opType: 'Max', inputs: [ss, scalar(`${name}_${tag}_eps`, 1e-7)], name: `${name}_${tag}_max` });
            const nrm = g.addNode({ opType: 'Sqrt', inputs: [mx], name: `${name}_${tag}_sqrt` });
            return g.addNode({ opType: 'Div', inputs: [v, nrm], name: `${name}_${tag}_l2` });
          };
          an = l2(an, axA, 'a');
          bn = l2(bn, axB, 'b');
        }
        // batchDot contracts axis axA of a with axB of b, batch shared; remaining a dims then b dims.
        const la = ['n', 'i', 'j'].slice(0, ra);
        const lb = ['n', 'k', 'l'].slice(0, rb);
        lb[axB] = la[axA] ?? 'i';
        const out = ['n', ...la.filter((_, i) => i !== 0 && i !== axA), ...lb.filter((_, i) => i !== 0 && i !== axB)];
        const equation = `${la.join('')},${lb.join('')}->${out.join('')}`;
        let y = g.addNode({ opType: 'Einsum', inputs: [an, bn], name: `${name}_einsum`, attributes: { equation } });
        if (out.length === 1) {
          // tfjs returns [N, 1] rather than [N] for a rank-2 dot.
          const axes = g.addInt64({ name: `${name}_unsq_axes`, dims: [1], data: [1] });
          y = g.addNode({ opType: 'Unsqueeze', inputs: [y, axes], name: `${name}_unsqueeze` });
        }
        return [{ name: y, layout: 'plain', shape: outShape }];
      }

      default:
        return fail(
          cls === 'Sequential' || cls === 'Model' || cls === 'Functional'
            ? 'nested models are not supported; rebuild the model with the inner layers inline'
            : `layer class is not supported (supported: ${SUPPORTED})`,
        );
    }
  };

  // Convert each (layer, call) once all its inputs exist. tfjs lists layers topologically, but looping until no
  // progress also covers shared layers called at several depths.
  let pending = modelNodes.filter(({ layer }) => layer.getClassName() !== 'InputLayer');
  while (pending.length > 0) {
    const ready = pending.filter(({ node }) => node.inputTensors.every((t) => values.has(t.id)));
    if (ready.length === 0) break; // the rest belong to other models sharing these layers
    for (const { layer, node } of ready) {
      const outs = convert(layer, node);
      node.outputTensors.forEach((t: SymbolicTensor, i) => {
        const v = outs[i];
        if (v) values.set(t.id, v);
      });
    }
    pending = pending.filter((p) => !ready.includes(p));
  }

  const outputs: OnnxTensorSignature[] = model.outputs.map((t, i) => {
    const v = values.get(t.id);
    if (!v) throw new Error(`Model output '${t.name}' is not reachable from the model inputs`);
    const name = model.outputs.length === 1 ? (options.outputName ?? 'output') : g.uniqueName(`output_${i}`);
    if (model.outputs.length === 1) g.reserve(name);
    g.addNode({ opType: 'Identity', inputs: [toPlain(v)], name: `${name}_identity`, output: name });
    return { name, dtype: t.dtype === 'int32' ? 'int32' : 'float32', shape: declaredShape([...t.shape], name) };
  });

  const graph = g.toGraph({
    name: model.name,
    inputs: inputs.map((s) => valueInfo({ name: s.name, elementType: s.dtype, shape: s.shape })),
    outputs: outputs.map((s) => valueInfo({ name: s.name, elementType: s.dtype, shape: s.shape })),
  });
  const bytes = encodeModel({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: opset }],
    producerName: '@platform/ml-core',
    producerVersion: '1',
    docString: `Exported from tfjs model '${model.name}'`,
    graph,
  });
  return { bytes, opset, inputs, outputs, foldedBatchNorms };
}
