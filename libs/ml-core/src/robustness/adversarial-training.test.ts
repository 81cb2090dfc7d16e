import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { createRng } from '../data';
import { buildMlp } from '../models';
import { trainModel } from '../train';
import { createAdversarialTransform } from './adversarial-training';
import { robustAccuracyCurve } from './robust-accuracy';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

/**
 * One robust feature (x0 = ±1 + N(0, 0.5²)) and many weak ones (±η + N(0, 1)), after Tsipras et al. 2019:
 * standard training leans on the weak features, which an L∞ attack with ε > η flips all at once; the robust
 * feature survives. Labels y ∈ {0, 1}, sign s = 2y − 1.
 */
function weakFeatureData({ n, weak, eta, seed }: { n: number; weak: number; eta: number; seed: number }): { x: tf.Tensor2D; y: tf.Tensor2D; labels: number[] } {
  const rng = createRng({ seed });
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = rng.int(2);
    const s = 2 * y - 1;
    rows.push([s + 0.5 * rng.normal(), ...Array.from({ length: weak }, () => eta * s + rng.normal())]);
    labels.push(y);
  }
  return { x: tf.tensor2d(rows), y: tf.tensor2d(labels, [n, 1]), labels };
}

describe('createAdversarialTransform with trainModel', () => {
  it('raises robust accuracy at ε = 0.4 on a weak-feature problem (seeded)', async () => {
    const weak = 40;
    const train = weakFeatureData({ n: 800, weak, eta: 0.3, seed: 1 });
    const test = weakFeatureData({ n: 500, weak, eta: 0.3, seed: 2 });
    const epsilon = 0.4;
    const fit = async (adversarial: boolean): Promise<{ clean: number; robust: number }> => {
      const model = buildMlp({ inputDim: weak + 1, hidden: [16], seed: 3 });
      await trainModel({
        model,
        data: { x: train.x, y: train.y },
        loss: { kind: 'binaryCrossentropy' },
        epochs: 15,
        batchSize: 32,
        seed: 4,
        optimizer: { kind: 'adam', learningRate: 1e-2 },
        transformBatch: adversarial ? createAdversarialTransform({ model, epsilon, attack: 'fgsm', fraction: 0.5 }) : undefined,
      });
      const [clean, robust] = robustAccuracyCurve({ model, xs: test.x, ys: test.labels, epsilons: [0, epsilon], attack: { kind: 'pgd', iterations: 10 } });
      return { clean: clean?.accuracy ?? NaN, robust: robust?.accuracy ?? NaN };
    };
    const standard = await fit(false);
    const adversarial = await fit(true);
    expect(adversarial.robust).toBeGreaterThan(standard.robust + 0.2);
    // Measured with these seeds: standard 0.44, adversarial 0.82 robust accuracy.
    // Still a useful classifier on clean inputs (the robust feature alone gives Φ(2) ≈ 0.98).
    expect(adversarial.clean).toBeGreaterThan(0.85);
  });
});
