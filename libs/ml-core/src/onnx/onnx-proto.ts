import { createRequire } from 'node:module';
import type * as OnnxProtoModule from 'onnx-proto';

// onnx-proto is a CommonJS bundle that assigns `module.exports = root`, so Node's ESM loader cannot see a
// named `onnx` export and a default import is untyped; createRequire gives the real object with its typings.
const require = createRequire(import.meta.url);
const { onnx } = require('onnx-proto') as typeof OnnxProtoModule;

export { onnx };
export type OnnxModelProto = OnnxProtoModule.onnx.IModelProto;
export type OnnxGraphProto = OnnxProtoModule.onnx.IGraphProto;
export type OnnxNodeProto = OnnxProtoModule.onnx.INodeProto;
export type OnnxTensorProto = OnnxProtoModule.onnx.ITensorProto;
export type OnnxAttributeProto = OnnxProtoModule.onnx.IAttributeProto;
export type OnnxValueInfoProto = OnnxProtoModule.onnx.IValueInfoProto;

/** protobufjs decodes int64 fields to a Long when the `long` package is present, else to a number. */
export type Int64Like = number | { toNumber(): number };

export const int64ToNumber = (value: Int64Like | null | undefined): number =>
  value === null || value === undefined ? 0 : typeof value === 'number' ? value : value.toNumber();

/** ONNX IR version written by the exporter: IR 8 is the newest onnx-proto 8.0.1 knows and ORT 1.30 reads. */
export const ONNX_IR_VERSION = 8;

/** Element types this package reads or writes, named like onnxruntime's tensor types. */
export type OnnxElementType =
  | 'float32'
  | 'float64'
  | 'float16'
  | 'bfloat16'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'bool'
  | 'string'
  | 'complex64'
  | 'complex128'
  | 'undefined';

const DataType = onnx.TensorProto.DataType;

const ELEMENT_TYPES: ReadonlyArray<readonly [number, OnnxElementType]> = [
  [DataType.FLOAT, 'float32'],
  [DataType.DOUBLE, 'float64'],
  [DataType.FLOAT16, 'float16'],
  [DataType.BFLOAT16, 'bfloat16'],
  [DataType.INT8, 'int8'],
  [DataType.UINT8, 'uint8'],
  [DataType.INT16, 'int16'],
  [DataType.UINT16, 'uint16'],
  [DataType.INT32, 'int32'],
  [DataType.UINT32, 'uint32'],
  [DataType.INT64, 'int64'],
  [DataType.UINT64, 'uint64'],
  [DataType.BOOL, 'bool'],
  [DataType.STRING, 'string'],
  [DataType.COMPLEX64, 'complex64'],
  [DataType.COMPLEX128, 'complex128'],
];

export const elementTypeName = (code: number | null | undefined): OnnxElementType =>
  ELEMENT_TYPES.find(([c]) => c === code)?.[1] ?? 'undefined';

export const elementTypeCode = (name: OnnxElementType): number =>
  ELEMENT_TYPES.find(([, n]) => n === name)?.[0] ?? DataType.UNDEFINED;

/** Bytes of a typed array as little-endian raw_data (x64 and arm64 are little-endian, as ONNX requires). */
const rawBytes = (data: Float32Array | Float64Array | Int8Array | BigInt64Array | Int32Array): Uint8Array =>
  new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));

export const floatTensor = (options: { name: string; dims: readonly number[]; data: Float32Array }): OnnxTensorProto => ({
  name: options.name,
  dims: [...options.dims],
  dataType: DataType.FLOAT,
  rawData: rawBytes(options.data),
});

export const doubleTensor = (options: { name: string; dims: readonly number[]; data: Float64Array }): OnnxTensorProto => ({
  name: options.name,
  dims: [...options.dims],
  dataType: DataType.DOUBLE,
  rawData: rawBytes(options.data),
});

export const int8Tensor = (options: { name: string; dims: readonly number[]; data: Int8Array }): OnnxTensorProto => ({
  name: options.name,
  dims: [...options.dims],
  dataType: DataType.INT8,
  rawData: rawBytes(options.data),
});

export const int64Tensor = (options: { name: string; dims: readonly number[]; data: readonly number[] }): OnnxTensorProto => ({
  name: options.name,
  dims: [...options.dims],
  dataType: DataType.INT64,
  rawData: rawBytes(BigInt64Array.from(options.data, (v) => BigInt(v))),
});

/**
 * Reads a FLOAT initializer into a Float32Array whether it was written as raw_data (our exporter, PyTorch)
 * or as the repeated float_data field (some hand-written or older exporters).
 */
export const readFloatTensor = (tensor: OnnxTensorProto): Float32Array => {
  const count = (tensor.dims ?? []).reduce<number>((acc, d) => acc * int64ToNumber(d), 1);
  if (tensor.rawData && tensor.rawData.length > 0) {
    // Copy: the decoded raw_data view may be unaligned inside the file buffer.
    const copy = new Uint8Array(tensor.rawData);
    return new Float32Array(copy.buffer, 0, count);
  }
  return Float32Array.from(tensor.floatData ?? []);
};

export type AttributeValue =
  | number
  | string
  | readonly number[]
  | { float: number }
  | { floats: readonly number[] }
  | { strings: readonly string[] }
  | { tensor: OnnxTensorProto };

/**
 * Builds an attribute. Plain numbers are INT (ONNX ints are the common case: axes, pads, strides);
 * wrap with `{ float }` / `{ floats }` for FLOAT attributes such as alpha or epsilon, `{ strings }` for
 * STRINGS (ONNX-ML's nodes_modes) and `{ tensor }` for TENSOR (ONNX-ML's double `*_as_tensor` attributes).
 */
export const attribute = (name: string, value: AttributeValue): OnnxAttributeProto => {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') return { name, type: T.INT, i: value };
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if ('float' in value) return { name, type: T.FLOAT, f: value.float };
  if ('floats' in value) return { name, type: T.FLOATS, floats: [...value.floats] };
  if ('strings' in value) return { name, type: T.STRINGS, strings: value.strings.map((v) => new TextEncoder().encode(v)) };
  if ('tensor' in value) return { name, type: T.TENSOR, t: value.tensor };
  return { name, type: T.INTS, ints: [...value] };
};

/** A dimension: a number is fixed, a string is symbolic (dim_param), null is unknown. */
export type OnnxDim = number | string | null;

export const valueInfo = (options: { name: string; elementType: OnnxElementType; shape: readonly OnnxDim[] }): OnnxValueInfoProto => ({
  name: options.name,
  type: {
    tensorType: {
      elemType: elementTypeCode(options.elementType),
      shape: {
        dim: options.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : typeof d === 'string' ? { dimParam: d } : {})),
      },
    },
  },
});

export const encodeModel = (model: OnnxModelProto): Uint8Array => onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();

export const decodeModel = (bytes: Uint8Array): OnnxModelProto => onnx.ModelProto.decode(bytes);
