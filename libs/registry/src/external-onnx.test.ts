import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as OnnxProtoModule from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@platform/db/testing';
import type { Db } from '@platform/db';
import { createOnnxSession, runBatch } from '@platform/ml-core/onnx';
import { AppError } from '@platform/util';
import { EXTERNAL_ONNX_BACKEND, getArtifact, getModelVersion, registerExternalOnnxModel } from './index';
import type { TModelCardInput } from './schemas';

// onnx-proto is a CommonJS bundle assigning module.exports; createRequire gives the typed object (as in ml-core).
const require = createRequire(import.meta.url);
const { onnx } = require('onnx-proto') as typeof OnnxProtoModule;

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
});
afterAll(async () => {
  await drop();
});

const W = [0.5, -1.25, 2, 0.75];
const B = -0.3;

/**
 * A partner's model written field by field with onnx-proto, not with our exporter: prob = sigmoid(x·W + b),
 * x: [batch_size, 4] → prob: [batch_size, 1]. Like torch.onnx exports it lists initializers as inputs too.
 */
function handBuiltLogistic(): Uint8Array {
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
        { name: 'fc.weight', dims: [4, 1], dataType: T.FLOAT, floatData: W },
        { name: 'fc.bias', dims: [1], dataType: T.FLOAT, floatData: [B] },
      ],
      input: [
        { name: 'x', type: tensorType(['batch_size', 4]) },
        { name: 'fc.weight', type: tensorType([4, 1]) },
        { name: 'fc.bias', type: tensorType([1]) },
      ],
      output: [{ name: 'prob', type: tensorType(['batch_size', 1]) }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

const card: TModelCardInput = {
  intendedUse: 'Partner risk score, served as delivered.',
  outOfScopeUse: ['Automated decisions without review.'],
  trainingData: { description: "Partner's own data; not seen by the platform." },
  limitations: ['Trained elsewhere; validated only on its signature here.'],
  ethicalConsiderations: ['Re-evaluate on local data before use.'],
};
const modelInput = (name: string) => ({ name, domain: 'imaging', task: 'binary-classification', description: 'An externally trained logistic model.' });
const fits = { inputs: [{ name: 'x', dtype: 'float32' as const, shape: ['N', 4] }], outputs: [{ dtype: 'float32' as const, shape: ['N', 1] }] };

async function counts() {
  const [models, versions, artifacts, metrics] = await Promise.all([db.model.count(), db.modelVersion.count(), db.artifact.count(), db.metric.count()]);
  return { models, versions, artifacts, metrics };
}

async function expectBadInput(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  if (!(error instanceof AppError)) throw new Error('expected an AppError');
  expect(error.code).toBe('BAD_INPUT');
  return error;
}

describe('registerExternalOnnxModel', () => {
  it('registers a file that fits, with its sha256 as fingerprint and a verified, runnable artifact', async () => {
    const bytes = handBuiltLogistic();
    const sha = createHash('sha256').update(bytes).digest('hex');
    const registered = await registerExternalOnnxModel({
      db,
      bytes,
      expected: fits,
      model: modelInput('partner-logistic'),
      card,
      metrics: [{ name: 'auc', value: 0.81, split: 'partner-test' }],
      provenance: { vendor: 'General Hospital', tool: 'torch.onnx 2.1' },
    });
    expect(registered.version).toBe(1);

    const version = await getModelVersion({ db, versionId: registered.versionId });
    expect(version.backend).toBe(EXTERNAL_ONNX_BACKEND);
    expect(version.dataFingerprint).toBe(sha);

    const artifact = await getArtifact({ db, versionId: registered.versionId, kind: 'onnx' });
    expect(artifact.sha256).toBe(sha);
    expect(Buffer.from(artifact.content).equals(Buffer.from(bytes))).toBe(true);

    // The stored bytes still compute sigmoid(x·W + b), checked against a hand computation.
    const session = await createOnnxSession({ bytes: new Uint8Array(artifact.content), cache: false });
    const x = Float32Array.of(1, 2, 3, 4, -1, 0.5, 0, 2);
    const { data } = await runBatch({ session, inputs: x, shape: [2, 4] });
    const expected = [0, 1].map((row) => 1 / (1 + Math.exp(-(W.reduce((s, w, j) => s + w * (x[row * 4 + j] ?? 0), 0) + B))));
    expect(data[0]).toBeCloseTo(expected[0] ?? Number.NaN, 6);
    expect(data[1]).toBeCloseTo(expected[1] ?? Number.NaN, 6);
    await session.session.release();
  });

  it('refuses a shape mismatch with a message naming it and stores nothing', async () => {
    const before = await counts();
    const error = await expectBadInput(
      registerExternalOnnxModel({
        db,
        bytes: handBuiltLogistic(),
        expected: { inputs: [{ name: 'x', dtype: 'float32', shape: ['N', 5] }], outputs: [{ dtype: 'float32', shape: ['N', 1] }] },
        model: modelInput('partner-wrong-shape'),
        card,
      }),
    );
    expect(error.message).toContain("input 'x' expects shape [N,5] but the model declares [batch_size,4]");
    expect(await counts()).toEqual(before);
    expect(await db.model.count({ where: { name: 'partner-wrong-shape' } })).toBe(0);
  });

  it('refuses a wrong input name and a wrong output dtype, listing both', async () => {
    const before = await counts();
    const error = await expectBadInput(
      registerExternalOnnxModel({
        db,
        bytes: handBuiltLogistic(),
        expected: { inputs: [{ name: 'image', dtype: 'float32', shape: ['N', 4] }], outputs: [{ dtype: 'float64', shape: ['N', 1] }] },
        model: modelInput('partner-wrong-names'),
        card,
      }),
    );
    expect(error.message).toContain("input 'image' not found; the model's inputs are 'x'");
    expect(error.message).toContain('expects element type float64 but the model declares float32');
    expect(await counts()).toEqual(before);
  });

  it('refuses a corrupted file with a clear error and stores nothing', async () => {
    const bytes = handBuiltLogistic();
    // Cut mid-message: the graph's protobuf no longer decodes.
    const truncated = bytes.slice(0, Math.floor(bytes.length / 2));
    const before = await counts();
    const error = await expectBadInput(registerExternalOnnxModel({ db, bytes: truncated, expected: fits, model: modelInput('partner-corrupt'), card }));
    expect(error.message).toMatch(/partner-corrupt is not a usable ONNX file: Not a valid ONNX model/);
    const garbage = new TextEncoder().encode('this is a JPEG, honestly');
    await expectBadInput(registerExternalOnnxModel({ db, bytes: garbage, expected: fits, model: modelInput('partner-corrupt'), card }));
    expect(await counts()).toEqual(before);
  });
});
