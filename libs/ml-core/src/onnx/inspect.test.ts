import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidOnnxModelError } from './errors';
import { exportToOnnx } from './export-to-onnx';
import { createTabularMlpFixture, seededUniform } from './fixture-models';
import { inspectOnnx, validateOnnxSignature } from './inspect';
import { onnx } from './onnx-proto';

/**
 * Stand-in for a partner's PyTorch export, written field by field with onnx-proto rather than our exporter:
 * prob = sigmoid(x·W + b), x: [batch_size, 20]. Like older torch.onnx exports it lists the initializers as
 * graph inputs too and stores weights in float_data.
 */
const handBuiltLogistic = (options: { w: Float32Array; b: number; batch?: string | number }): Uint8Array => {
  const { w, b } = options;
  const batch = options.batch ?? 'batch_size';
  const T = onnx.TensorProto.DataType;
  const tensorType = (dims: Array<number | string>) => ({
    tensorType: { elemType: T.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'pytorch',
    producerVersion: '2.1.0',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'torch_jit',
      node: [
        { opType: 'MatMul', name: 'MatMul_0', input: ['x', 'fc.weight'], output: ['mm'] },
        { opType: 'Add', name: 'Add_1', input: ['mm', 'fc.bias'], output: ['logit'] },
        { opType: 'Sigmoid', name: 'Sigmoid_2', input: ['logit'], output: ['prob'] },
      ],
      initializer: [
        { name: 'fc.weight', dims: [20, 1], dataType: T.FLOAT, floatData: Array.from(w) },
        { name: 'fc.bias', dims: [1], dataType: T.FLOAT, floatData: [b] },
      ],
      input: [
        { name: 'x', type: tensorType([batch, 20]) },
        { name: 'fc.weight', type: tensorType([20, 1]) },
        { name: 'fc.bias', type: tensorType([1]) },
      ],
      output: [{ name: 'prob', type: tensorType([batch, 1]) }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
};

const weights = seededUniform({ seed: 5, count: 20 });
const bias = 0.25;
let mlpBytes: Uint8Array = new Uint8Array();

beforeAll(async () => {
  await tf.setBackend('cpu');
  const model = createTabularMlpFixture({ seed: 3 });
  mlpBytes = exportToOnnx({ model, inputName: 'features', outputName: 'score' }).bytes;
  model.dispose();
});

describe('inspectOnnx', () => {
  it('reads the signature of a model from our exporter', async () => {
    const info = await inspectOnnx({ bytes: mlpBytes });
    expect(info.inputs).toEqual([{ name: 'features', dtype: 'float32', shape: ['N', 24] }]);
    expect(info.outputs).toEqual([{ name: 'score', dtype: 'float32', shape: ['N', 1] }]);
    expect(info.opsets).toEqual([{ domain: '', version: 13 }]);
  });

  it('reads a hand-built (PyTorch-style) graph, hides initializers listed as inputs, and it runs in ORT', async () => {
    const bytes = handBuiltLogistic({ w: weights, b: bias });
    const info = await inspectOnnx({ bytes });
    expect(info.producer).toBe('pytorch 2.1.0');
    expect(info.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: ['batch_size', 20] }]);
    expect(info.outputs).toEqual([{ name: 'prob', dtype: 'float32', shape: ['batch_size', 1] }]);
    // Independent reader: onnxruntime's own session metadata agrees with our protobuf parse.
    const meta = (await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 })).inputMetadata.map((m) =>
      m.isTensor ? { name: m.name, dtype: m.type, shape: [...m.shape] } : { name: m.name },
    );
    expect(meta).toEqual(info.inputs);
    // The stand-in really is a model: ORT's output equals sigmoid(x·w + b) computed here in float64.
    const x = seededUniform({ seed: 6, count: 3 * 20 });
    const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
    const out = (await session.run({ x: new ort.Tensor('float32', x, [3, 20]) })).prob;
    for (let r = 0; r < 3; r += 1) {
      let z = bias;
      for (let k = 0; k < 20; k += 1) z += (x[r * 20 + k] ?? 0) * (weights[k] ?? 0);
      expect(Number(out?.data[r])).toBeCloseTo(1 / (1 + Math.exp(-z)), 6);
    }
    await session.release();
  });

  it('rejects corrupted and truncated files with a clear error', async () => {
    const garbage = Uint8Array.from({ length: 512 }, (_, i) => (i * 131 + 7) % 256);
    await expect(inspectOnnx({ bytes: garbage })).rejects.toThrowError(InvalidOnnxModelError);
    await expect(inspectOnnx({ bytes: garbage })).rejects.toThrowError(/Not a valid ONNX model/);
    await expect(inspectOnnx({ bytes: mlpBytes.subarray(0, Math.floor(mlpBytes.length / 2)) })).rejects.toThrowError(InvalidOnnxModelError);
    await expect(inspectOnnx({ bytes: new TextEncoder().encode('{"not": "onnx"}') })).rejects.toThrowError(InvalidOnnxModelError);
  });
});

describe('validateOnnxSignature', () => {
  it('accepts a matching signature (fixed expected dims fit symbolic declared ones)', async () => {
    const check = await validateOnnxSignature({
      bytes: mlpBytes,
      expected: {
        inputs: [{ name: 'features', dtype: 'float32', shape: ['N', 24] }],
        outputs: [{ dtype: 'float32', shape: [32, 1] }],
      },
    });
    expect(check.errors).toEqual([]);
    expect(check.ok).toBe(true);
  });

  it('explains a feature-count mismatch on the hand-built model', async () => {
    const check = await validateOnnxSignature({
      bytes: handBuiltLogistic({ w: weights, b: bias }),
      expected: { inputs: [{ name: 'x', dtype: 'float32', shape: ['N', 24] }], outputs: [{ name: 'prob', dtype: 'float32', shape: ['N', 1] }] },
    });
    expect(check.ok).toBe(false);
    expect(check.errors).toEqual(["input 'x' expects shape [N,24] but the model declares [batch_size,20]"]);
  });

  it('flags a model exported with a fixed batch of 1 when the service needs a dynamic batch', async () => {
    const check = await validateOnnxSignature({
      bytes: handBuiltLogistic({ w: weights, b: bias, batch: 1 }),
      expected: { inputs: [{ dtype: 'float32', shape: ['N', 20] }], outputs: [{ dtype: 'float32', shape: ['N', 1] }] },
    });
    expect(check.errors).toEqual([
      "input 'x' expects shape [N,20] but the model declares [1,20]",
      "output 'prob' expects shape [N,1] but the model declares [1,1]",
    ]);
  });

  it('reports wrong names, element types, fixed batch dims and counts', async () => {
    const check = await validateOnnxSignature({
      bytes: mlpBytes,
      expected: {
        inputs: [
          { name: 'features', dtype: 'int64', shape: ['N', 24] },
          { name: 'age', dtype: 'float32', shape: ['N', 1] },
        ],
        outputs: [{ name: 'score', dtype: 'float32', shape: ['N', 2] }],
      },
    });
    expect(check.errors).toEqual([
      "expected 2 inputs but the model declares 1 input ('features')",
      "input 'features' expects element type int64 but the model declares float32",
      "input 'age' not found; the model's inputs are 'features'",
      "output 'score' expects shape [N,2] but the model declares [N,1]",
    ]);
  });
});
