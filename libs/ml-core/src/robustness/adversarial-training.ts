import * as tf from '@tensorflow/tfjs';
import { createRng } from '../data';
import type { BatchTransform } from '../train';
import { fgsm, pgd, predictClasses } from './attacks';
import type { AttackModel } from './attacks';
import type { PerturbationConstraints } from './constraints';

export interface AdversarialTransformOptions {
  /** The model being trained: attacks use its current weights at every step. */
  model: AttackModel;
  epsilon: number;
  /** 'fgsm' (cheap) or 'pgd' (Madry-style, `iterations` gradient calls per step). Default 'fgsm'. */
  attack?: 'fgsm' | 'pgd';
  iterations?: number;
  /** Share of each batch replaced by its adversarial version; the rest stays clean. Default 0.5. */
  fraction?: number;
  constraints?: PerturbationConstraints;
}

/**
 * Adversarial training as a `trainModel` option: a `BatchTransform` that replaces a seeded share of each
 * batch by FGSM/PGD examples crafted against the model's current weights. Labels stay aligned because
 * rows are replaced in place.
 *
 * Why predicted labels: `BatchTransform` receives the batch inputs but not the labels, so the attack targets
 * the model's own current prediction. Kurakin, Goodfellow & Bengio (2017, "Adversarial ML at scale") recommend
 * exactly this to avoid label leaking; the cost is that early in training (near-random predictions) the
 * adversarial half is a weaker signal. Reusing `trainModel` keeps its seeding, schedule, early stopping and
 * training record instead of duplicating them in a second loop.
 *
 * @example
 * const model = buildMlp({ inputDim: 20, hidden: [32], seed: 1 });
 * await trainModel({ model, data, loss: { kind: 'binaryCrossentropy' }, epochs: 10, seed: 1,
 *   transformBatch: createAdversarialTransform({ model, epsilon: 0.1, attack: 'pgd', iterations: 5 }) });
 */
export function createAdversarialTransform(opts: AdversarialTransformOptions): BatchTransform {
  const fraction = opts.fraction ?? 0.5;
  if (!(fraction >= 0 && fraction <= 1)) throw new Error(`createAdversarialTransform: fraction must be in [0, 1], got ${fraction}`);
  return ({ x, seed }) => {
    const n = x.shape[0] ?? 0;
    const take = Math.round(fraction * n);
    if (take === 0 || !(opts.epsilon > 0)) return x;
    const rng = createRng({ seed });
    const rows = rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, take).sort((a, b) => a - b);
    return tf.tidy(() => {
      const idx = tf.tensor1d(rows, 'int32');
      const chosen = tf.gather(x, idx);
      const ys = Array.from(predictClasses({ model: opts.model, xs: chosen }));
      const common = { model: opts.model, xs: chosen, ys, epsilon: opts.epsilon, constraints: opts.constraints };
      const adv = opts.attack === 'pgd' ? pgd({ ...common, iterations: opts.iterations ?? 7, seed }) : fgsm(common);
      // Scatter the adversarial rows back: x·(1 − mask) + scatter(adv).
      const d = x.size / n;
      const mask = tf.scatterND(tf.reshape(idx, [take, 1]), tf.ones([take, d]), [n, d]);
      const scattered = tf.scatterND(tf.reshape(idx, [take, 1]), tf.reshape(adv, [take, d]), [n, d]);
      const flat = tf.add(tf.mul(tf.reshape(x, [n, d]), tf.sub(1, mask)), scattered);
      return tf.reshape(flat, x.shape);
    });
  };
}
