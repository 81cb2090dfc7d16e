import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../data';
import { initBackend } from './index';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  x: number[];
  filter: [number, number, number, number];
  stride: number;
  pad: Pad;
}

/** Filter and input gradients of sum(conv2d(x, f) * dy) on the given backend, via tfjs autodiff. */
async function convGrads({ backend, c, xv, fv, dyv }: { backend: 'cpu' | 'wasm'; c: Case; xv: Float32Array; fv: Float32Array; dyv: Float32Array }): Promise<{ df: Float32Array; dx: Float32Array }> {
  await initBackend({ backend });
  return tf.tidy(() => {
    const xShape = c.x as [number, number, number, number];
    const conv = (x: tf.Tensor4D, f: tf.Tensor4D): tf.Tensor4D => tf.conv2d(x, f, c.stride, c.pad);
    const dyShape = conv(tf.zeros(xShape), tf.zeros(c.filter)).shape;
    const dy = tf.tensor4d(dyv.subarray(0, dyShape.reduce((a, b) => a * b, 1)), dyShape);
    const [dx, df] = tf.grads((x: tf.Tensor, f: tf.Tensor) => tf.sum(tf.mul(conv(x as tf.Tensor4D, f as tf.Tensor4D), dy)))([tf.tensor4d(xv, xShape), tf.tensor4d(fv, c.filter)]);
    return { dx: (dx?.dataSync() ?? new Float32Array(0)) as Float32Array, df: (df?.dataSync() ?? new Float32Array(0)) as Float32Array };
  });
}
const filterGrad = async (opts: Parameters<typeof convGrads>[0]): Promise<Float32Array> => (await convGrads(opts)).df;

function relErr(a: Float32Array, ref: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] ?? Number.NaN) - (ref[i] ?? 0)));
    scale = Math.max(scale, Math.abs(ref[i] ?? 0));
  }
  return diff / Math.max(scale, 1e-12);
}

const randomArray = (rng: ReturnType<typeof createRng>, n: number): Float32Array => Float32Array.from({ length: n }, () => rng.normal());

describe('wasm Conv2DBackpropFilter / Conv2DBackpropInput', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('matches a brute-force loop on a tiny strided case', async () => {
    const c: Case = { x: [2, 5, 6, 2], filter: [3, 2, 2, 3], stride: 2, pad: 'valid' };
    const rng = createRng({ seed: 7 });
    const xv = randomArray(rng, 2 * 5 * 6 * 2);
    const fv = randomArray(rng, 3 * 2 * 2 * 3);
    const [oh, ow] = [2, 3]; // floor((5-3)/2)+1, floor((6-2)/2)+1
    const dyv = randomArray(rng, 2 * oh * ow * 3);
    const expected = new Float32Array(3 * 2 * 2 * 3);
    for (let kh = 0; kh < 3; kh++) for (let kw = 0; kw < 2; kw++) for (let ci = 0; ci < 2; ci++) for (let co = 0; co < 3; co++) {
      let s = 0;
      for (let n = 0; n < 2; n++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
        s += (xv[((n * 5 + i * 2 + kh) * 6 + j * 2 + kw) * 2 + ci] ?? 0) * (dyv[((n * oh + i) * ow + j) * 3 + co] ?? 0);
      }
      expected[((kh * 2 + kw) * 2 + ci) * 3 + co] = s;
    }
    const got = await filterGrad({ backend: 'wasm', c, xv, fv, dyv });
    expect(relErr(got, expected)).toBeLessThan(1e-5);
  });

  it('equals the cpu backend (filter and input gradients) on random shapes, strides 1/2 and same/valid/explicit padding', async () => {
    const rng = createRng({ seed: 2024 });
    const cases: Case[] = [];
    for (const stride of [1, 2]) {
      for (const pad of ['same', 'valid', 'explicit'] as const) {
        for (let k = 0; k < 2; k++) {
          const kh = 1 + rng.int(5);
          const kw = 1 + rng.int(5);
          const h = kh + rng.int(9);
          const w = kw + rng.int(9);
          const p: Pad = pad === 'explicit' ? [[0, 0], [rng.int(3), rng.int(3)], [rng.int(3), rng.int(3)], [0, 0]] : pad;
          cases.push({ x: [1 + rng.int(4), h, w, 1 + rng.int(5)], filter: [kh, kw, 0, 1 + rng.int(6)], stride, pad: p });
        }
      }
    }
    cases.push({ x: [8, 28, 28, 8], filter: [3, 3, 8, 16], stride: 2, pad: 'same' });
    for (const c of cases) {
      c.filter[2] = c.x[3] ?? 1;
      const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
      const xv = randomArray(rng, size(c.x));
      const fv = randomArray(rng, size(c.filter));
      const dyv = randomArray(rng, size(c.x) * (c.filter[3] + 1)); // upper bound of dy's size, sliced inside
      const ref = await convGrads({ backend: 'cpu', c, xv, fv, dyv });
      const got = await convGrads({ backend: 'wasm', c, xv, fv, dyv });
      expect(got.df.length, JSON.stringify(c)).toBe(ref.df.length);
      expect(relErr(got.df, ref.df), `filter grad ${JSON.stringify(c)}`).toBeLessThan(1e-4);
      // The wasm input gradient is replaced too (XNNPACK instead of a scalar loop): same check.
      expect(got.dx.length, JSON.stringify(c)).toBe(ref.dx.length);
      expect(relErr(got.dx, ref.dx), `input grad ${JSON.stringify(c)}`).toBeLessThan(1e-4);
    }
  });

  it('lets a small CNN train on wasm (loss falls on a learnable task)', async () => {
    await initBackend({ backend: 'wasm' });
    const rng = createRng({ seed: 3 });
    // Horizontal vs vertical bars: only a conv filter that learned orientation separates them.
    const n = 64;
    const xs = new Float32Array(n * 8 * 8);
    const ys = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const vertical = i % 2;
      const line = rng.int(8);
      ys[i] = vertical;
      for (let r = 0; r < 8; r++) for (let col = 0; col < 8; col++) {
        const on = vertical ? col === line : r === line;
        xs[i * 64 + r * 8 + col] = (on ? 1 : 0) + 0.1 * rng.normal();
      }
    }
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'valid', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy' });
    const x = tf.tensor4d(xs, [n, 8, 8, 1]);
    const y = tf.tensor2d(ys, [n, 1]);
    const history = await model.fit(x, y, { epochs: 30, batchSize: 16, shuffle: false, verbose: 0 });
    const losses = history.history['loss'] ?? [];
    const first = Number(losses[0]);
    const last = Number(losses[losses.length - 1]);
    expect(tf.getBackend()).toBe('wasm');
    expect(last).toBeLessThan(first * 0.5);
    tf.dispose([x, y]);
    model.dispose();
  });
});
