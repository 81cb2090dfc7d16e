import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dpSgdStep, poissonSample } from './dp-sgd';
import { seededRng } from './random';

beforeAll(async () => {
  await tf.ready();
});

function mlp(seed: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 6, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

function tinyCnn(seed: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

/** Reference gradient computed the ordinary way: d(mean loss over the whole batch)/dθ. */
function plainMeanGradient(model: tf.LayersModel, lossFn: (a: tf.Tensor, b: tf.Tensor) => tf.Scalar, xs: tf.Tensor, ys: tf.Tensor): Record<string, Float32Array> {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(() => lossFn(ys, model.apply(xs) as tf.Tensor), vars);
  return Object.fromEntries(vars.map((v) => [v.name, (grads[v.name] as tf.Tensor).dataSync() as Float32Array]));
}

function perExampleGradients(model: tf.LayersModel, lossFn: (a: tf.Tensor, b: tf.Tensor) => tf.Scalar, xs: tf.Tensor, ys: tf.Tensor): Float32Array[][] {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const n = xs.shape[0] ?? 0;
  return Array.from({ length: n }, (_, i) => {
    const { grads } = tf.variableGrads(() => lossFn(tf.slice(ys, [i], [1]), model.apply(tf.slice(xs, [i], [1])) as tf.Tensor), vars);
    return vars.map((v) => (grads[v.name] as tf.Tensor).dataSync() as Float32Array);
  });
}

function expectClose(a: Float32Array, b: Float32Array, tol: number): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - (b[i] as number))).toBeLessThan(tol));
}

describe('dpSgdStep', () => {
  const xs = tf.tensor2d([[0.5, -1, 2, 0.1], [1.5, 0.2, -0.3, 0.8], [-0.7, 0.9, 0.4, -1.2]]);
  const ys = tf.tensor2d([[1], [-2], [0.5]]);

  it('with zero noise and a huge clip equals the plain averaged gradient, and applies it (tabular)', () => {
    const model = mlp(1);
    const ref = plainMeanGradient(model, tf.losses.meanSquaredError, xs, ys);
    const before = model.getWeights().map((w) => w.dataSync().slice());
    const r = dpSgdStep({ model, lossFn: tf.losses.meanSquaredError, xs, ys, clipNorm: 1e9, noiseMultiplier: 0, optimizer: tf.train.sgd(0.1) });
    expect(r.clippedCount).toBe(0);
    for (const [name, g] of Object.entries(ref)) expectClose(r.gradients[name] as Float32Array, g, 1e-5);
    // SGD: θ' = θ − 0.1·g
    const after = model.getWeights().map((w) => w.dataSync());
    const names = model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
    after.forEach((w, k) => expectClose(w as Float32Array, (before[k] as Float32Array).map((v, j) => v - 0.1 * ((ref[names[k] as string] as Float32Array)[j] as number)), 1e-5));
  });

  it('with zero noise and a huge clip equals the plain averaged gradient (CNN)', () => {
    const model = tinyCnn(3);
    const rng = seededRng({ seed: 4 });
    const cx = tf.tensor4d(Array.from({ length: 4 * 64 }, () => rng()), [4, 8, 8, 1]);
    const cy = tf.oneHot(tf.tensor1d([0, 2, 1, 2], 'int32'), 3);
    const ref = plainMeanGradient(model, tf.losses.softmaxCrossEntropy, cx, cy);
    const r = dpSgdStep({ model, lossFn: tf.losses.softmaxCrossEntropy, xs: cx, ys: cy, clipNorm: 1e9, noiseMultiplier: 0, optimizer: tf.train.sgd(0.01) });
    for (const [name, g] of Object.entries(ref)) expectClose(r.gradients[name] as Float32Array, g, 1e-5);
  });

  it('clipping bounds every example: the sum equals Σ min(1, C/‖g_i‖)·g_i', () => {
    const model = mlp(5);
    const per = perExampleGradients(model, tf.losses.meanSquaredError, xs, ys);
    const norms = per.map((gs) => Math.sqrt(gs.reduce((s, g) => s + g.reduce((a, v) => a + v * v, 0), 0)));
    const clip = Math.min(...norms) / 2; // every example is clipped
    const r = dpSgdStep({ model, lossFn: tf.losses.meanSquaredError, xs, ys, clipNorm: clip, noiseMultiplier: 0, optimizer: tf.train.sgd(0), denominator: 1 });
    expect(r.clippedCount).toBe(3);
    r.gradientNorms.forEach((n, i) => expect(n).toBeCloseTo(norms[i] as number, 4));
    const names = model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
    names.forEach((name, k) => {
      const expected = new Float32Array((per[0]?.[k] as Float32Array).length);
      per.forEach((gs, i) => (gs[k] as Float32Array).forEach((v, j) => (expected[j] = (expected[j] as number) + (clip / (norms[i] as number)) * v)));
      expectClose(r.gradients[name] as Float32Array, expected, 1e-5);
    });
    // One example alone can move the summed gradient by at most C.
    const single = dpSgdStep({ model, lossFn: tf.losses.meanSquaredError, xs: tf.slice(xs, [0], [1]), ys: tf.slice(ys, [0], [1]), clipNorm: clip, noiseMultiplier: 0, optimizer: tf.train.sgd(0), denominator: 1 });
    const total = Math.sqrt(Object.values(single.gradients).reduce((s, g) => s + g.reduce((a, v) => a + v * v, 0), 0));
    expect(total).toBeLessThanOrEqual(clip * (1 + 1e-5));
  });

  it('adds noise with std σ·C / denominator', () => {
    // Zero loss gradient, so what comes back is the noise alone.
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 500 })] });
    const zeroLoss = (_y: tf.Tensor, p: tf.Tensor) => tf.mul(0, tf.sum(p)) as tf.Scalar;
    const r = dpSgdStep({ model, lossFn: zeroLoss, xs, ys, clipNorm: 2, noiseMultiplier: 1.5, optimizer: tf.train.sgd(0), rng: seededRng({ seed: 9 }) });
    const all = Object.values(r.gradients).flatMap((g) => Array.from(g));
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const std = Math.sqrt(all.reduce((s, v) => s + (v - mean) ** 2, 0) / all.length);
    expect(Math.abs(std - (1.5 * 2) / 3) / ((1.5 * 2) / 3)).toBeLessThan(0.03); // 2 500 draws
    expect(Math.abs(mean)).toBeLessThan(0.05);
  });
});

describe('poissonSample', () => {
  it('is seeded and includes each index with probability q', () => {
    const a = poissonSample({ size: 20000, sampleRate: 0.05, rng: seededRng({ seed: 1 }) });
    expect(poissonSample({ size: 20000, sampleRate: 0.05, rng: seededRng({ seed: 1 }) })).toEqual(a);
    // Binomial(20000, 0.05): mean 1000, sd ≈ 30.8
    expect(Math.abs(a.length - 1000)).toBeLessThan(4 * 30.8);
  });
});
