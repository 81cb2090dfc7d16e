import { z } from 'zod';
import { decodeModel, elementTypeName, int64ToNumber, type OnnxElementType, type OnnxModelProto, type OnnxValueInfoProto } from './onnx-proto';
import { InvalidOnnxModelError } from './errors';
import { createOnnxSession } from './session';

/** A declared dimension: a number is fixed, a string is symbolic (e.g. 'N', 'batch'), '?' is unnamed-unknown. */
export type DeclaredDim = number | string;

export interface OnnxValueSignature {
  name: string;
  dtype: OnnxElementType;
  /** null when the model declares no shape at all (rank unknown). */
  shape: DeclaredDim[] | null;
}

export interface OnnxModelInfo {
  irVersion: number;
  opsets: Array<{ domain: string; version: number }>;
  producer: string;
  inputs: OnnxValueSignature[];
  outputs: OnnxValueSignature[];
  initializerCount: number;
  nodeCount: number;
}

const describeValue = (v: OnnxValueInfoProto): OnnxValueSignature => {
  const tensor = v.type?.tensorType;
  const dims = tensor?.shape?.dim;
  return {
    name: v.name ?? '',
    dtype: elementTypeName(tensor?.elemType),
    shape:
      tensor?.shape === null || tensor?.shape === undefined
        ? null
        : (dims ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue !== null && d.dimValue !== undefined ? int64ToNumber(d.dimValue) : '?')),
  };
};

const parse = (bytes: Uint8Array): OnnxModelProto => {
  let model: OnnxModelProto;
  try {
    model = decodeModel(bytes);
  } catch (e) {
    throw new InvalidOnnxModelError(`Not a valid ONNX model: protobuf decoding failed (${e instanceof Error ? e.message : String(e)})`);
  }
  // Random bytes occasionally decode as an almost-empty message; a usable model has an IR version and a graph.
  if (!model.graph || int64ToNumber(model.irVersion) <= 0) {
    throw new InvalidOnnxModelError('Not a valid ONNX model: no graph or IR version found');
  }
  if ((model.graph.output ?? []).length === 0) throw new InvalidOnnxModelError('Not a valid ONNX model: the graph declares no outputs');
  return model;
};

/**
 * Reads an ONNX model's signature (inputs/outputs with element types and shapes; symbolic dims as strings)
 * from its protobuf, then (by default) loads it in onnxruntime to prove it is runnable here.
 *
 * @example
 * const info = await inspectOnnx({ bytes: await readFile('hospital.onnx') });
 * info.inputs; // [{ name: 'x', dtype: 'float32', shape: ['batch', 20] }]
 */
export async function inspectOnnx(options: { bytes: Uint8Array; runtimeCheck?: boolean }): Promise<OnnxModelInfo> {
  const model = parse(options.bytes);
  const graph = model.graph ?? {};
  // IR ≥ 4 lets initializers also appear as graph inputs (overridable defaults); callers feed only the rest.
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  const info: OnnxModelInfo = {
    irVersion: int64ToNumber(model.irVersion),
    opsets: (model.opsetImport ?? []).map((o) => ({ domain: o.domain ?? '', version: int64ToNumber(o.version) })),
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    inputs: (graph.input ?? []).filter((i) => !initializers.has(i.name ?? '')).map(describeValue),
    outputs: (graph.output ?? []).map(describeValue),
    initializerCount: initializers.size,
    nodeCount: (graph.node ?? []).length,
  };
  if (options.runtimeCheck !== false) {
    try {
      await createOnnxSession({ bytes: options.bytes, cache: false }).then((s) => s.session.release());
    } catch (e) {
      throw new InvalidOnnxModelError(`ONNX model does not load in onnxruntime: ${(e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''}`);
    }
  }
  return info;
}

/** Expected dimension: a number must match exactly, a string asks for a dynamic (symbolic) dim, null accepts anything. */
export const ZExpectedTensor = z.object({
  name: z.string().optional(),
  dtype: z.enum(['float32', 'float64', 'float16', 'int8', 'uint8', 'int16', 'int32', 'int64', 'bool', 'string']),
  shape: z.array(z.union([z.number().int().nonnegative(), z.string(), z.null()])),
});
export const ZExpectedSignature = z.object({ inputs: z.array(ZExpectedTensor), outputs: z.array(ZExpectedTensor) });
export type TExpectedTensor = z.infer<typeof ZExpectedTensor>;
export type TExpectedSignature = z.infer<typeof ZExpectedSignature>;

export interface OnnxSignatureCheck {
  ok: boolean;
  errors: string[];
  model: OnnxModelInfo;
}

const formatShape = (shape: ReadonlyArray<DeclaredDim | null> | null): string =>
  shape === null ? '[unknown rank]' : `[${shape.map((d) => (d === null ? '?' : String(d))).join(',')}]`;

const dimFits = (expected: number | string | null, declared: DeclaredDim): boolean => {
  if (expected === null) return true;
  // A fixed expected size fits a symbolic dim (the model accepts any size) or the same fixed size.
  if (typeof expected === 'number') return typeof declared === 'string' || declared === expected;
  // A symbolic expected dim (e.g. the batch) needs the model to accept any size: a fixed size does not fit.
  return typeof declared === 'string';
};

const compare = (kind: 'input' | 'output', expected: TExpectedTensor[], declared: OnnxValueSignature[]): string[] => {
  const errors: string[] = [];
  const plural = (n: number) => `${n} ${kind}${n === 1 ? '' : 's'}`;
  if (expected.length !== declared.length) {
    errors.push(`expected ${plural(expected.length)} but the model declares ${plural(declared.length)} (${declared.map((d) => `'${d.name}'`).join(', ')})`);
  }
  expected.forEach((e, i) => {
    const d = e.name === undefined ? declared[i] : declared.find((x) => x.name === e.name);
    const label = `${kind} '${e.name ?? d?.name ?? i}'`;
    if (!d) {
      errors.push(`${label} not found; the model's ${kind}s are ${declared.map((x) => `'${x.name}'`).join(', ') || 'none'}`);
      return;
    }
    if (d.dtype !== e.dtype) errors.push(`${label} expects element type ${e.dtype} but the model declares ${d.dtype}`);
    const fits = d.shape === null || (d.shape.length === e.shape.length && e.shape.every((x, j) => dimFits(x, d.shape?.[j] ?? '?')));
    if (!fits) errors.push(`${label} expects shape ${formatShape(e.shape)} but the model declares ${formatShape(d.shape)}`);
  });
  return errors;
};

/**
 * Checks an external ONNX model (e.g. a partner's PyTorch export) against the signature a service will feed
 * and read, returning every mismatch as a readable sentence. Throws InvalidOnnxModelError for corrupt files.
 *
 * @example
 * const check = await validateOnnxSignature({ bytes, expected: {
 *   inputs: [{ name: 'x', dtype: 'float32', shape: ['N', 24] }],
 *   outputs: [{ dtype: 'float32', shape: ['N', 1] }] } });
 * if (!check.ok) throw new AppError('MODEL_SIGNATURE', check.errors.join('; '));
 */
export async function validateOnnxSignature(options: {
  bytes: Uint8Array;
  expected: TExpectedSignature;
  runtimeCheck?: boolean;
}): Promise<OnnxSignatureCheck> {
  const expected = ZExpectedSignature.parse(options.expected);
  const model = await inspectOnnx({ bytes: options.bytes, runtimeCheck: options.runtimeCheck ?? true });
  const errors = [...compare('input', expected.inputs, model.inputs), ...compare('output', expected.outputs, model.outputs)];
  return { ok: errors.length === 0, errors, model };
}
