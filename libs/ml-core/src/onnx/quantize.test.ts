import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportToOnnx } from './export-to-onnx';
import { createResidualCnnFixture, createTabularMlpFixture, seededUniform } from './fixture-models';
import { decodeModel, int64ToNumber, onnx } from './onnx-proto';
import { quantizeOnnxWeights } from './quantize';
import { clearOnnxSessionCache, createOnnxSession, runBatch } from './session';

const T = onnx.TensorProto.DataType;

/** y = x · W for a 3×2 W, written directly with onnx-proto so the quantizer sees a graph it did not produce. */
const tinyMatMul = (w: number[]): Uint8Array =>
  onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 13 }],
      graph: {
        name: 'tiny',
        node: [{ opType: 'MatMul', name: 'mm', input: ['x', 'W'], output: ['y'] }],
        initializer: [{ name: 'W', dims: [3, 2], dataType: T.FLOAT, floatData: w }],
        input: [{ name: 'x', type: { tensorType: { elemType: T.FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: 3 }] } } } }],
        output: [{ name: 'y', type: { tensorType: { elemType: T.FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: 2 }] } } } }],
      },
    }),
  ).finish();

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let worst = 0;
  for (let i = 0; i < a.length; i += 1) worst = Math.max(worst, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
  return worst;
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await clearOnnxSessionCache();
});

describe('quantizeOnnxWeights', () => {
  it('matches a hand-computed per-channel symmetric int8 quantization of a 3×2 weight', async () => {
    // Columns are output channels of MatMul's B. Column 0: max|w| = 0.5 → scale 0.5/127; column 1: 2.0 → 2/127.
    // 0.3/(0.5/127) = 76.2 → 76, −0.1/(0.5/127) = −25.4 → −25, −0.9/(2/127) = −57.15 → −57, 0.05/(2/127) = 3.175 → 3.
    const w = [0.5, -0.9, 0.3, 2.0, -0.1, 0.05];
    const { bytes, report } = quantizeOnnxWeights({ bytes: tinyMatMul(w), minElements: 1 });
    expect(report.tensors).toHaveLength(1);
    expect(report.tensors[0]?.axis).toBe(1);

    const graph = decodeModel(bytes).graph;
    const q = graph?.initializer?.find((t) => t.dataType === T.INT8 && (t.dims ?? []).length === 2);
    expect(q?.dims?.map((d) => int64ToNumber(d))).toEqual([3, 2]);
    expect(Array.from(new Int8Array(Uint8Array.from(q?.rawData ?? []).buffer))).toEqual([127, -57, 76, 127, -25, 3]);
    const scale = graph?.initializer?.find((t) => t.dataType === T.FLOAT);
    const scales = Array.from(new Float32Array(Uint8Array.from(scale?.rawData ?? []).buffer));
    expect(scales[0]).toBeCloseTo(0.5 / 127, 7);
    expect(scales[1]).toBeCloseTo(2 / 127, 7);
    expect(graph?.node?.map((n) => n.opType)).toEqual(['DequantizeLinear', 'MatMul']);

    // ORT output = x · dequantized W, with dequantized W computed here by hand.
    const deq = [127, -57, 76, 127, -25, 3].map((v, i) => v * (i % 2 === 0 ? 0.5 / 127 : 2 / 127));
    const session = await createOnnxSession({ bytes });
    const x = [1, 2, 3, -1, 0.5, 0.25];
    const { data } = await runBatch({ session, inputs: Float32Array.from(x), shape: [2, 3] });
    const expected = [0, 1].flatMap((r) => [0, 1].map((c) => [0, 1, 2].reduce((acc, k) => acc + (x[r * 3 + k] ?? 0) * (deq[k * 2 + c] ?? 0), 0)));
    expect(maxAbsDiff(data, expected)).toBeLessThan(1e-5);
    // ORT's optional int8 kernels also quantize x on the fly, so they only approximate the same product.
    const fused = await createOnnxSession({ bytes, int8Kernels: true });
    const approx = await runBatch({ session: fused, inputs: Float32Array.from(x), shape: [2, 3] });
    expect(maxAbsDiff(approx.data, expected)).toBeLessThan(5e-2);
    // Each weight moved by at most half a step (scale/2).
    expect(report.tensors[0]?.maxAbsError).toBeLessThanOrEqual(2 / 127 / 2 + 1e-7);
  });

  it('per-tensor mode uses one scale for the whole tensor', () => {
    const { bytes, report } = quantizeOnnxWeights({ bytes: tinyMatMul([0.5, -0.9, 0.3, 2.0, -0.1, 0.05]), minElements: 1, perChannel: false });
    expect(report.tensors[0]?.axis).toBeNull();
    const q = decodeModel(bytes).graph?.initializer?.find((t) => t.dataType === T.INT8 && (t.dims ?? []).length === 2);
    // Single scale 2/127: 0.5 → 31.75 → 32, −0.9 → −57, 0.3 → 19.05 → 19, 2 → 127, −0.1 → −6.35 → −6, 0.05 → 3.
    expect(Array.from(new Int8Array(Uint8Array.from(q?.rawData ?? []).buffer))).toEqual([32, -57, 19, 127, -6, 3]);
  });

  // Tolerance: per-channel int8 moves each weight by ≤ max|w_channel|/254 (≤ 0.4 % of the channel's range).
  // These errors are independent and partly cancel in each dot product; through 3 layers to a sigmoid/softmax
  // output in [0, 1] they stay around 1e-3. 1e-2 absolute leaves margin while still catching a wrong scale,
  // axis or sign (those give errors ≥ 0.1). fp32 export parity itself is 1e-4 (export-to-onnx.test.ts).
  const QUANT_TOLERANCE = 1e-2;

  it('keeps the MLP and residual CNN within 1e-2 of fp32 and shrinks the files', async () => {
    // Weights shrink 4×; the file less, because graph structure, names, biases and scales stay as they are:
    // about 1.4 kB of the MLP's 6.6 kB is structure, so ~0.53 there and ~0.36 for the larger CNN.
    const cases = [
      { model: createTabularMlpFixture({ seed: 71 }), shape: [256, 24], low: -2, high: 2, maxRatio: 0.6 },
      { model: createResidualCnnFixture({ seed: 72, classes: 3, filters: 16 }), shape: [8, 28, 28, 1], low: 0, high: 1, maxRatio: 0.4 },
    ];
    for (const c of cases) {
      const fp32 = exportToOnnx({ model: c.model }).bytes;
      const { bytes: int8, report } = quantizeOnnxWeights({ bytes: fp32 });
      const x = seededUniform({ seed: 73, count: c.shape.reduce((a, d) => a * d, 1), low: c.low, high: c.high });
      const ref = await runBatch({ session: await createOnnxSession({ bytes: fp32 }), inputs: x, shape: c.shape });
      const quant = await runBatch({ session: await createOnnxSession({ bytes: int8 }), inputs: x, shape: c.shape });
      const err = maxAbsDiff(quant.data, ref.data);
      expect(err).toBeLessThanOrEqual(QUANT_TOLERANCE);
      expect(err).toBeGreaterThan(0); // the weights really changed
      expect(report.quantizedBytes).toBe(int8.length);
      expect(report.ratio).toBeLessThan(c.maxRatio);
      expect(report.tensors.length).toBeGreaterThan(0);
      c.model.dispose();
    }
  });

  it('quantized models still load in a plain ORT CPU session', async () => {
    const model = createTabularMlpFixture({ seed: 74 });
    const { bytes } = quantizeOnnxWeights({ bytes: exportToOnnx({ model }).bytes });
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], logSeverityLevel: 3 });
    expect(session.inputNames).toEqual(['input']);
    await session.release();
    model.dispose();
  });
});
