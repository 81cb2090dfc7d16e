import * as tf from '@tensorflow/tfjs';
import { fgsm, labelsTensor, pgd, predictClasses } from './attacks';
import type { AttackLabels, AttackModel } from './attacks';
import type { PerturbationConstraints } from './constraints';

/** Which attack a curve uses; PGD settings are relative so one spec serves every ε. */
export interface PgdSpec {
  kind: 'pgd';
  iterations?: number;
  /** Step size as a multiple of ε. Default 2.5 / iterations. */
  relativeStepSize?: number;
  randomStart?: boolean;
  seed?: number;
}
export type AttackSpec = 'fgsm' | 'pgd' | { kind: 'fgsm' } | PgdSpec;

export interface RobustAccuracyOptions {
  model: AttackModel;
  xs: tf.Tensor;
  ys: AttackLabels;
  /** Radii to evaluate; 0 gives the clean accuracy. */
  epsilons: readonly number[];
  attack: AttackSpec;
  constraints?: PerturbationConstraints;
  /** Examples attacked per gradient call, to bound memory. Default 256. */
  batchSize?: number;
}

export interface RobustAccuracyPoint {
  epsilon: number;
  /** Share of examples still classified correctly after the attack. */
  accuracy: number;
  correct: number;
  n: number;
}

/**
 * Accuracy under attack for each ε (a robust-accuracy curve). An example counts as robust only if the
 * attacked input is still classified correctly; at ε = 0 this is the clean accuracy.
 *
 * @example
 * const curve = robustAccuracyCurve({ model, xs, ys, epsilons: [0, 0.01, 0.02], attack: { kind: 'pgd', iterations: 10 }, constraints: imageConstraints() });
 * // [{ epsilon: 0, accuracy: 0.86, ... }, { epsilon: 0.01, accuracy: 0.41, ... }, ...]
 */
export function robustAccuracyCurve(opts: RobustAccuracyOptions): RobustAccuracyPoint[] {
  const n = opts.xs.shape[0];
  if (n === undefined || n === 0) throw new Error('robustAccuracyCurve: xs is empty');
  const labelTensor = labelsTensor(opts.ys, n);
  const labels = Int32Array.from(labelTensor.dataSync(), (v) => Math.round(v));
  labelTensor.dispose();
  const batchSize = opts.batchSize ?? 256;
  const spec: { kind: 'fgsm' } | PgdSpec = opts.attack === 'fgsm' ? { kind: 'fgsm' } : opts.attack === 'pgd' ? { kind: 'pgd' } : opts.attack;
  return opts.epsilons.map((epsilon) => {
    let correct = 0;
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const xs = tf.slice(opts.xs, start, size);
      const ys = Array.from(labels.subarray(start, start + size));
      const common = { model: opts.model, xs, ys, epsilon, constraints: opts.constraints };
      let adv: tf.Tensor;
      // ε = 0 admits no perturbation: the clean inputs are the attack's answer, without a gradient pass.
      if (epsilon === 0) adv = tf.clone(xs);
      else if (spec.kind === 'fgsm') adv = fgsm(common);
      else {
        const iterations = spec.iterations ?? 10;
        adv = pgd({ ...common, iterations, stepSize: (spec.relativeStepSize ?? 2.5 / iterations) * epsilon, randomStart: spec.randomStart, seed: (spec.seed ?? 0) + start });
      }
      const predicted = predictClasses({ model: opts.model, xs: adv });
      predicted.forEach((p, i) => {
        if (p === ys[i]) correct += 1;
      });
      tf.dispose([xs, adv]);
    }
    return { epsilon, accuracy: correct / n, correct, n };
  });
}
