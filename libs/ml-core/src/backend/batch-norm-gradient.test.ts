import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../data';
import { initBackend } from './index';

describe('broadcast FusedBatchNorm gradient (installed with the wasm backend)', () => {
  it('matches central finite differences of the batch-norm output', async () => {
    await initBackend({ backend: 'wasm' });
    const rng = createRng({ seed: 11 });
    const shape: [number, number, number, number] = [2, 3, 3, 4];
    const size = 2 * 3 * 3 * 4;
    const xv = Float64Array.from({ length: size }, () => rng.normal());
    const wv = Float64Array.from({ length: size }, () => rng.normal()); // random projection of the output
    const mean = [0.1, -0.2, 0.3, 0];
    const variance = [1.5, 0.5, 2, 1];
    const scale = [1.2, 0.8, -0.5, 2];
    const offset = [0.1, 0.2, 0.3, 0.4];
    const eps = 1e-3;
    // Independent reference in float64: f(x) = sum(w * ((x - m) / sqrt(v + eps) * s + o)).
    const f = (x: Float64Array): number => x.reduce((acc, v, i) => acc + (wv[i] ?? 0) * (((v - (mean[i % 4] ?? 0)) / Math.sqrt((variance[i % 4] ?? 0) + eps)) * (scale[i % 4] ?? 0) + (offset[i % 4] ?? 0)), 0);
    const grads = tf.tidy(() => {
      const g = tf.grads((x: tf.Tensor, s: tf.Tensor) => tf.sum(tf.mul(tf.batchNorm(x, tf.tensor1d(mean), tf.tensor1d(variance), tf.tensor1d(offset), s, eps), tf.tensor4d(Float32Array.from(wv), shape))));
      return g([tf.tensor4d(Float32Array.from(xv), shape), tf.tensor1d(scale)]).map((t) => t.dataSync());
    });
    const dx = grads[0] ?? new Float32Array(0);
    const h = 1e-4;
    for (const i of [0, 5, 17, 42, size - 1]) {
      const plus = Float64Array.from(xv);
      const minus = Float64Array.from(xv);
      plus[i] = (plus[i] ?? 0) + h;
      minus[i] = (minus[i] ?? 0) - h;
      expect(dx[i]).toBeCloseTo((f(plus) - f(minus)) / (2 * h), 3);
    }
    // d/dscale_c = sum over positions of channel c of w * (x - m) / sqrt(v + eps).
    const dScale = grads[1] ?? new Float32Array(0);
    for (let c = 0; c < 4; c++) {
      let expected = 0;
      for (let i = c; i < size; i += 4) expected += (wv[i] ?? 0) * (((xv[i] ?? 0) - (mean[c] ?? 0)) / Math.sqrt((variance[c] ?? 0) + eps));
      expect(dScale[c]).toBeCloseTo(expected, 3);
    }
  });
});
