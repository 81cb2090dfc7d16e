import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { integratedGradients } from './integrated-gradients';
import { gradCam, occlusionMap } from './saliency-maps';
import { createRng } from './random';

beforeAll(async () => {
  await tf.ready();
});

describe('integratedGradients', () => {
  it('is exact for a product (linear gradient along the path): each factor gets x0·x1/2', () => {
    const f = (x: tf.Tensor) => tf.prod(x, 1);
    const ig = integratedGradients({ model: f, input: [1.5, -2], steps: 4 });
    expect(ig.attributions[0]).toBeCloseTo(-1.5, 6);
    expect(ig.attributions[1]).toBeCloseTo(-1.5, 6);
  });

  it('matches closed forms for an additive model: exp(x0) − 1 and x1²', () => {
    const f = (x: tf.Tensor) => tf.add(tf.exp(tf.slice(x, [0, 0], [-1, 1])), tf.square(tf.slice(x, [0, 1], [-1, 1])));
    const ig = integratedGradients({ model: f, input: [1.2, -0.8], steps: 200 });
    expect(Math.abs((ig.attributions[0] as number) - (Math.exp(1.2) - 1))).toBeLessThan(1e-3);
    expect(Math.abs((ig.attributions[1] as number) - 0.64)).toBeLessThan(1e-3);
  });

  it('satisfies completeness on a small tfjs MLP: sum ≈ f(x) − f(baseline)', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [5], units: 8, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    const input = [0.5, -1.2, 2.0, 0.3, -0.7];
    const baseline = [0.1, 0.1, 0.1, 0.1, 0.1];
    const ig = integratedGradients({ model, input, baseline, steps: 100 });
    const [fx, fb] = (model.predict(tf.tensor2d([input, baseline])) as tf.Tensor).dataSync();
    expect(ig.prediction).toBeCloseTo(fx as number, 5);
    expect(ig.baselinePrediction).toBeCloseTo(fb as number, 5);
    const sum = ig.attributions.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - ((fx as number) - (fb as number)))).toBeLessThan(1e-3);
    expect(Math.abs(ig.completenessGap)).toBeLessThan(1e-3);
  });
});

/**
 * A tiny CNN whose decision depends only on the top-right quadrant (asymmetric, so a transposed or
 * flipped map would land elsewhere). Weights are constructed: a 3×3 mean filter with bias −0.5 fires
 * on bright blobs (background noise ≤ 0.4 never reaches it), and the dense head reads only the pooled
 * cells of the top-right quadrant.
 */
function quadrantCnn(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 1, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  const dense = new Float32Array(14 * 14);
  for (let r = 0; r < 7; r++) for (let c = 7; c < 14; c++) dense[r * 14 + c] = 4;
  model.setWeights([tf.fill([3, 3, 1, 1], 1 / 9), tf.tensor1d([-0.5]), tf.tensor2d(dense, [196, 1]), tf.tensor1d([-2])]);
  return model;
}

function syntheticImage(rng: () => number, blobAt: [number, number] | null): number[][][] {
  const img = Array.from({ length: 28 }, () => Array.from({ length: 28 }, () => [rng() * 0.4]));
  if (blobAt) {
    const [r0, c0] = blobAt;
    for (let r = r0; r < r0 + 5; r++) for (let c = c0; c < c0 + 5; c++) ((img[r] as number[][])[c] as number[])[0] = 1;
  }
  return img;
}

function quadrantMass(map: number[][]): { topRight: number; total: number } {
  let topRight = 0;
  let total = 0;
  map.forEach((row, r) => row.forEach((v, c) => {
    total += v;
    if (r < 14 && c >= 14) topRight += v;
  }));
  return { topRight, total };
}

describe('gradCam and occlusionMap', () => {
  const model = quadrantCnn();
  const rng = createRng({ seed: 3 });
  const positives = [[3, 17], [6, 20], [1, 15]].map((p) => syntheticImage(rng, p as [number, number]));

  it('the constructed model separates the classes on its quadrant', () => {
    const neg = syntheticImage(rng, null);
    const offQuadrant = syntheticImage(rng, [18, 4]); // blob in the bottom-left: must not count
    const p = (model.predict(tf.tensor4d([positives[0] as number[][][], neg, offQuadrant])) as tf.Tensor).dataSync();
    expect(p[0]).toBeGreaterThan(0.9);
    expect(p[1]).toBeLessThan(0.2);
    expect(p[2]).toBeLessThan(0.2);
  });

  it.each([
    ['gradCam', (img: number[][][]) => gradCam({ model, image: img })],
    ['occlusionMap', (img: number[][][]) => occlusionMap({ model, image: img, patchSize: 4, stride: 2 })],
  ] as const)('%s concentrates > 60 percent of its mass in the decisive quadrant, at input resolution in [0, 1]', (_, explainImage) => {
    for (const img of positives) {
      const { heatmap, score } = explainImage(img);
      expect(score).toBeGreaterThan(0.9);
      expect(heatmap.length).toBe(28);
      expect(heatmap.every((row) => row.length === 28 && row.every((v) => v >= 0 && v <= 1))).toBe(true);
      expect(Math.max(...heatmap.flat())).toBeCloseTo(1, 6);
      const { topRight, total } = quadrantMass(heatmap);
      expect(topRight / total).toBeGreaterThan(0.6);
    }
  });
});

describe('saliency on a trained CNN with distractors', () => {
  // Every image has a distractor blob in the top-left, bottom-left or bottom-right quadrant; positives
  // also have one in the top-right. Only the top-right decides the label, so a faithful map must point there.
  const rng = createRng({ seed: 1 });
  const image = (positive: boolean): Float32Array => {
    const a = new Float32Array(784);
    for (let i = 0; i < 784; i++) a[i] = rng() * 0.3;
    const blob = (r0: number, c0: number) => {
      for (let r = r0; r < r0 + 5; r++) for (let c = c0; c < c0 + 5; c++) a[r * 28 + c] = 1;
    };
    const [qr, qc] = [[0, 0], [14, 0], [14, 14]][Math.floor(rng() * 3)] as [number, number];
    blob(qr + 2 + Math.floor(rng() * 5), qc + 2 + Math.floor(rng() * 5));
    if (positive) blob(2 + Math.floor(rng() * 5), 16 + Math.floor(rng() * 5));
    return a;
  };
  let model: tf.Sequential;

  beforeAll(async () => {
    const n = 160;
    const labels = Array.from({ length: n }, (_, i) => i % 2);
    const data = new Float32Array(n * 784);
    labels.forEach((l, i) => data.set(image(l === 1), i * 784));
    model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 1 }) }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.03), loss: 'binaryCrossentropy' });
    await model.fit(tf.tensor4d(data, [n, 28, 28, 1]), tf.tensor2d(labels, [n, 1]), { epochs: 12, batchSize: 32, shuffle: false, verbose: 0 });
  });

  it('HiResCAM and occlusion put > 60 percent of their mass in the decisive quadrant', () => {
    for (let k = 0; k < 3; k++) {
      const img = tf.tensor3d(image(true), [28, 28, 1]);
      for (const map of [gradCam({ model, image: img, classIndex: 0, variant: 'hirescam' }), occlusionMap({ model, image: img, classIndex: 0 })]) {
        expect(map.score).toBeGreaterThan(0.9);
        const { topRight, total } = quadrantMass(map.heatmap);
        expect(topRight / total).toBeGreaterThan(0.6);
      }
    }
  });
});
