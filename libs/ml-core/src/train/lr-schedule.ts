import * as tf from '@tensorflow/tfjs';

/** Learning-rate schedule, evaluated at every step from the fractional epoch. */
export type LrSchedule =
  | { kind: 'constant' }
  /** Multiply by `gamma` every `everyEpochs` epochs. */
  | { kind: 'step'; everyEpochs: number; gamma: number }
  /** Cosine from the base rate to `minLearningRate` over the run, after an optional linear warm-up. */
  | { kind: 'cosine'; minLearningRate?: number; warmupEpochs?: number }
  /** Multiply by `decayRate` per epoch, continuously. */
  | { kind: 'exponential'; decayRate: number };

/**
 * Learning rate at a (fractional) epoch.
 *
 * @example
 * learningRateAt({ schedule: { kind: 'cosine' }, baseLearningRate: 1e-3, epoch: 5, epochs: 10 }); // 5e-4
 */
export function learningRateAt({ schedule, baseLearningRate, epoch, epochs }: { schedule: LrSchedule; baseLearningRate: number; epoch: number; epochs: number }): number {
  switch (schedule.kind) {
    case 'constant':
      return baseLearningRate;
    case 'step':
      return baseLearningRate * schedule.gamma ** Math.floor(epoch / schedule.everyEpochs);
    case 'exponential':
      return baseLearningRate * schedule.decayRate ** epoch;
    case 'cosine': {
      const min = schedule.minLearningRate ?? 0;
      const warmup = schedule.warmupEpochs ?? 0;
      if (epoch < warmup) return (baseLearningRate * (epoch + 1e-3)) / warmup;
      const progress = Math.min(1, (epoch - warmup) / Math.max(epochs - warmup, 1e-9));
      return min + 0.5 * (baseLearningRate - min) * (1 + Math.cos(Math.PI * progress));
    }
  }
}

export type OptimizerSpec =
  | { kind: 'adam'; learningRate?: number; beta1?: number; beta2?: number; epsilon?: number }
  | { kind: 'sgd'; learningRate?: number; momentum?: number; nesterov?: boolean };

/** An optimizer whose rate the loop can change between steps. */
export interface SchedulableOptimizer {
  optimizer: tf.Optimizer;
  baseLearningRate: number;
  setLearningRate(lr: number): void;
}

// tfjs keeps Adam's `learningRate` protected (SGD and Momentum have setLearningRate); a subclass reaches it
// the supported way, and Adam reads it on every applyGradients call.
class ScheduledAdam extends tf.AdamOptimizer {
  setRate(lr: number): void {
    this.learningRate = lr;
  }
}

/**
 * Builds Adam or SGD (with optional momentum) with a settable learning rate.
 *
 * @example
 * const { optimizer, setLearningRate } = createOptimizer({ spec: { kind: 'adam', learningRate: 1e-3 } });
 */
export function createOptimizer({ spec }: { spec: OptimizerSpec }): SchedulableOptimizer {
  if (spec.kind === 'adam') {
    const lr = spec.learningRate ?? 1e-3;
    const opt = new ScheduledAdam(lr, spec.beta1 ?? 0.9, spec.beta2 ?? 0.999, spec.epsilon ?? 1e-7);
    return { optimizer: opt, baseLearningRate: lr, setLearningRate: (r) => opt.setRate(r) };
  }
  const lr = spec.learningRate ?? 1e-2;
  if ((spec.momentum ?? 0) > 0) {
    const opt = new tf.MomentumOptimizer(lr, spec.momentum ?? 0, spec.nesterov ?? false);
    return { optimizer: opt, baseLearningRate: lr, setLearningRate: (r) => opt.setLearningRate(r) };
  }
  const opt = new tf.SGDOptimizer(lr);
  return { optimizer: opt, baseLearningRate: lr, setLearningRate: (r) => opt.setLearningRate(r) };
}
