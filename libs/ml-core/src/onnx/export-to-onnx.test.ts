import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedLayerError } from './errors';
import { exportToOnnx } from './export-to-onnx';
import { createResidualCnnFixture, createTabularMlpFixture, seededUniform, setSeededWeights } from './fixture-models';
import { clearOnnxSessionCache, createOnnxSession, runBatch } from './session';

// Parity is checked against tfjs itself (the independent implementation), per output element.
const TOLERANCE = 1e-4;

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i += 1) worst = Math.max(worst, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
  return worst;
};

/** Float data of an ORT output, failing the test (rather than casting) if it is missing or not float32. */
const floats = (t: ort.Tensor | undefined): Float32Array => {
  if (!t || !(t.data instanceof Float32Array)) throw new Error('expected a float32 output');
  return t.data;
};

const tfjsPredict = (model: tf.LayersModel, data: Float32Array, shape: number[]): Float32Array =>
  tf.tidy(() => {
    const y = model.predict(tf.tensor(data, shape));
    if (Array.isArray(y)) throw new Error('expected one output');
    return Float32Array.from(y.dataSync());
  });

const ortPredict = async (model: tf.LayersModel, data: Float32Array, shape: number[]) => {
  const exported = exportToOnnx({ model });
  const session = await createOnnxSession({ bytes: exported.bytes });
  const result = await runBatch({ session, inputs: data, shape });
  return { exported, result };
};

const symbolic = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor => {
  const y = layer.apply(x);
  if (Array.isArray(y) || !(y instanceof tf.SymbolicTensor)) throw new Error('expected one symbolic tensor');
  return y;
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await clearOnnxSessionCache();
});

describe('exportToOnnx parity with tfjs (max |tfjs − ORT| ≤ 1e-4)', () => {
  it('tabular MLP 24→32→16→1 with dropout and L2', async () => {
    const model = createTabularMlpFixture({ seed: 11 });
    const rows = 64;
    const x = seededUniform({ seed: 12, count: rows * 24, low: -2, high: 2 });
    const expected = tfjsPredict(model, x, [rows, 24]);
    const { result, exported } = await ortPredict(model, x, [rows, 24]);
    expect(result.shape).toEqual([rows, 1]);
    expect(exported.inputs).toEqual([{ name: 'input', dtype: 'float32', shape: ['N', 24] }]);
    // Sanity: the model is not degenerate (outputs vary), so parity means something.
    expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(0.05);
    expect(maxAbsDiff(result.data, expected)).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  it('28x28x1 residual CNN (Conv2D+BN+ReLU+Add+MaxPool+GAP+Dense softmax), BN folded', async () => {
    const model = createResidualCnnFixture({ seed: 21, classes: 4 });
    const n = 6;
    const x = seededUniform({ seed: 22, count: n * 28 * 28, low: 0, high: 1 });
    const expected = tfjsPredict(model, x, [n, 28, 28, 1]);
    const { result, exported } = await ortPredict(model, x, [n, 28, 28, 1]);
    expect(result.shape).toEqual([n, 4]);
    // All five BatchNorms follow a linear conv read only by them, so all fold into conv weights.
    expect(exported.foldedBatchNorms).toBe(5);
    expect(maxAbsDiff(result.data, expected)).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  it('residual CNN with a sigmoid head, written as opset 17', async () => {
    const model = createResidualCnnFixture({ seed: 31, classes: 1 });
    const x = seededUniform({ seed: 32, count: 3 * 28 * 28, low: 0, high: 1 });
    const expected = tfjsPredict(model, x, [3, 28, 28, 1]);
    const session = await createOnnxSession({ bytes: exportToOnnx({ model, opset: 17 }).bytes });
    const result = await runBatch({ session, inputs: x, shape: [3, 28, 28, 1] });
    expect(maxAbsDiff(result.data, expected)).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  it('Flatten after conv keeps NHWC order; strides, dilation, valid/same, avg pool, depthwise, BN on input, leaky/elu', async () => {
    const input = tf.input({ shape: [13, 11, 3] });
    let x = symbolic(tf.layers.batchNormalization({}), input); // not foldable: becomes Mul+Add on NHWC
    x = symbolic(tf.layers.conv2d({ filters: 5, kernelSize: [3, 2], strides: 2, padding: 'same', activation: 'elu' }), x);
    x = symbolic(tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' }), x);
    x = symbolic(tf.layers.leakyReLU({ alpha: 0.1 }), x);
    x = symbolic(tf.layers.conv2d({ filters: 4, kernelSize: 3, dilationRate: 2, padding: 'same', useBias: false, activation: 'tanh' }), x);
    x = symbolic(tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }), x);
    x = symbolic(tf.layers.conv2d({ filters: 3, kernelSize: 2, padding: 'valid', activation: 'relu' }), x);
    x = symbolic(tf.layers.flatten(), x);
    x = symbolic(tf.layers.dense({ units: 6 }), x);
    x = symbolic(tf.layers.batchNormalization({}), x); // foldable into the Dense
    x = symbolic(tf.layers.activation({ activation: 'softmax' }), x);
    const model = tf.model({ inputs: input, outputs: x });
    setSeededWeights({ model, seed: 41 });
    const data = seededUniform({ seed: 42, count: 4 * 13 * 11 * 3 });
    const expected = tfjsPredict(model, data, [4, 13, 11, 3]);
    const { result, exported } = await ortPredict(model, data, [4, 13, 11, 3]);
    expect(exported.foldedBatchNorms).toBe(1);
    expect(maxAbsDiff(result.data, expected)).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  it('two-input recommender: Embedding (Gather) + Flatten + Dot(normalize) + Dense', async () => {
    const user = tf.input({ shape: [1], name: 'user' });
    const item = tf.input({ shape: [1], name: 'item' });
    const ue = symbolic(tf.layers.flatten(), symbolic(tf.layers.embedding({ inputDim: 10, outputDim: 6 }), user));
    const ie = symbolic(tf.layers.flatten(), symbolic(tf.layers.embedding({ inputDim: 20, outputDim: 6 }), item));
    const dot = symbolic(tf.layers.dot({ axes: 1, normalize: true }), [ue, ie]);
    const both = symbolic(tf.layers.concatenate(), [ue, ie, dot]);
    const out = symbolic(tf.layers.dense({ units: 1, activation: 'sigmoid' }), both);
    const model = tf.model({ inputs: [user, item], outputs: out });
    setSeededWeights({ model, seed: 51 });
    const users = Float32Array.from([0, 3, 9, 5, 1]);
    const items = Float32Array.from([19, 0, 7, 7, 12]);
    const expected = tf.tidy(() => {
      const y = model.predict([tf.tensor(users, [5, 1]), tf.tensor(items, [5, 1])]);
      if (Array.isArray(y)) throw new Error('expected one output');
      return Float32Array.from(y.dataSync());
    });
    const exported = exportToOnnx({ model });
    expect(exported.inputs.map((i) => i.name)).toEqual(['user', 'item']);
    const session = await createOnnxSession({ bytes: exported.bytes });
    const out2 = await session.session.run({
      user: new ort.Tensor('float32', users, [5, 1]),
      item: new ort.Tensor('float32', items, [5, 1]),
    });
    expect(maxAbsDiff(floats(out2.output), expected)).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  it('rank-3 Dot (attention-style scores) matches batchDot', async () => {
    const a = tf.input({ shape: [3, 4] });
    const b = tf.input({ shape: [5, 4] });
    const scores = symbolic(tf.layers.dot({ axes: 2 }), [a, b]);
    const model = tf.model({ inputs: [a, b], outputs: scores });
    const da = seededUniform({ seed: 61, count: 2 * 12 });
    const db = seededUniform({ seed: 62, count: 2 * 20 });
    const expected = tf.tidy(() => {
      const y = model.predict([tf.tensor(da, [2, 3, 4]), tf.tensor(db, [2, 5, 4])]);
      if (Array.isArray(y)) throw new Error('expected one output');
      return Float32Array.from(y.dataSync());
    });
    const exported = exportToOnnx({ model });
    const [na, nb] = exported.inputs.map((i) => i.name);
    if (!na || !nb) throw new Error('expected two inputs');
    const session = await createOnnxSession({ bytes: exported.bytes });
    const r = await session.session.run({ [na]: new ort.Tensor('float32', da, [2, 3, 4]), [nb]: new ort.Tensor('float32', db, [2, 5, 4]) });
    expect([...(r.output?.dims ?? [])]).toEqual([2, 3, 5]);
    expect(maxAbsDiff(floats(r.output), expected)).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  it('names the layer class and layer name for an unsupported layer', () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ inputShape: [4], units: 3 }));
    model.add(tf.layers.reshape({ targetShape: [3, 1] }));
    model.add(tf.layers.simpleRNN({ units: 2, name: 'my_rnn' }));
    expect(() => exportToOnnx({ model })).toThrowError(UnsupportedLayerError);
    expect(() => exportToOnnx({ model })).toThrowError(/layer 'my_rnn' \(class SimpleRNN\)/);
    model.dispose();
  });
});
