import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportToOnnx } from './export-to-onnx';
import { createTabularMlpFixture, seededUniform } from './fixture-models';
import { clearOnnxSessionCache, createOnnxSession, runBatch, runBatched } from './session';

let model: tf.LayersModel;
let bytes: Uint8Array = new Uint8Array();

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = createTabularMlpFixture({ seed: 7 });
  bytes = exportToOnnx({ model }).bytes;
});
afterAll(async () => {
  model.dispose();
  await clearOnnxSessionCache();
});

describe('createOnnxSession', () => {
  it('caches by content hash: same bytes (even a copy) share a session, other bytes do not', async () => {
    const a = await createOnnxSession({ bytes });
    const b = await createOnnxSession({ bytes: Uint8Array.from(bytes) });
    expect(b).toBe(a);
    // Independent sha256 (WebCrypto) of the same bytes.
    const digest = Buffer.from(await crypto.subtle.digest('SHA-256', Uint8Array.from(bytes))).toString('hex');
    expect(a.hash).toBe(digest);
    const other = exportToOnnx({ model, outputName: 'probability' }).bytes;
    const c = await createOnnxSession({ bytes: other });
    expect(c).not.toBe(a);
    expect(c.outputNames).toEqual(['probability']);
  });

  it('reports CPU as the provider, and a CUDA request falls back to CPU with the reason', async () => {
    const cpu = await createOnnxSession({ bytes });
    expect(cpu.executionProvider).toBe('cpu');
    expect(cpu.fallbackReason).toBeUndefined();
    const cuda = await createOnnxSession({ bytes, executionProvider: 'cuda' });
    // This machine has no CUDA provider library (installed with ONNXRUNTIME_NODE_INSTALL_CUDA=skip) and no GPU.
    if (cuda.executionProvider === 'cpu') {
      expect(cuda.requestedProvider).toBe('cuda');
      expect(cuda.fallbackReason).toMatch(/CUDA/);
    }
    const out = await runBatch({ session: cuda, inputs: new Float32Array(24), shape: [1, 24] });
    expect(out.shape).toEqual([1, 1]);
  });

  it('turns corrupt bytes into a rejected promise and does not cache the failure', async () => {
    const corrupt = bytes.slice(0, 100);
    await expect(createOnnxSession({ bytes: corrupt })).rejects.toThrow();
    await expect(createOnnxSession({ bytes: corrupt })).rejects.toThrow();
  });
});

describe('runBatch / runBatched', () => {
  it('batched inference over uneven batches equals tfjs on the whole input', async () => {
    const session = await createOnnxSession({ bytes });
    const rows = 1000;
    const x = seededUniform({ seed: 8, count: rows * 24, low: -2, high: 2 });
    const result = await runBatched({ session, inputs: x, shape: [rows, 24], batchSize: 300 });
    expect(result.shape).toEqual([rows, 1]);
    const expected = tf.tidy(() => {
      const y = model.predict(tf.tensor(x, [rows, 24]));
      if (Array.isArray(y)) throw new Error('expected one output');
      return y.dataSync();
    });
    let worst = 0;
    expected.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (result.data[i] ?? NaN)))));
    expect(worst).toBeLessThanOrEqual(1e-4);
  });

  it('rejects an input whose length does not match its shape', async () => {
    const session = await createOnnxSession({ bytes });
    await expect(runBatch({ session, inputs: new Float32Array(23), shape: [1, 24] })).rejects.toThrow(/does not match shape \[1,24\]/);
  });
});
