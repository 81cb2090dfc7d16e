// Gradients, hessians, starting score, inverse link and evaluation loss of each objective, written from the
// losses' definitions (the Poisson hessian inflation and the quantile leaf re-fit follow LightGBM).
import type { TGbdtObjective } from './types';

export interface TObjectiveImpl {
  /** Loss reported in the history and used for early stopping (lower is better). */
  lossName: string;
  checkLabels(labels: Float64Array): void;
  /** The constant raw score that minimises the loss on the training labels. */
  initScore(labels: Float64Array): number;
  gradients(options: { labels: Float64Array; scores: Float64Array; grad: Float64Array; hess: Float64Array }): void;
  /** Raw score → prediction (probability, mean, quantile). */
  transform(raw: number): number;
  /** Mean loss of raw scores. */
  loss(options: { labels: Float64Array; scores: Float64Array }): number;
  /** For the quantile objective: a leaf's value is the alpha-quantile of its residuals, not a Newton step. */
  renewQuantile: number | null;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

const mean = (xs: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] ?? 0;
  return s / xs.length;
};

/** Linear-interpolation quantile (type 7) of a sorted array. */
export function sortedQuantile({ sorted, q }: { sorted: Float64Array; q: number }): number {
  if (sorted.length === 0) return 0;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? 0;
  return a + (b - a) * (pos - lo);
}

function checkFinite(labels: Float64Array, what: string, ok: (y: number) => boolean): void {
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] ?? NaN;
    if (!Number.isFinite(y) || !ok(y)) throw new Error(`fitGbdt: label ${i} is ${y}; ${what}`);
  }
}

/**
 * The implementation of one objective.
 *
 * @example
 * const obj = objectiveImpl({ objective: { kind: 'binary' } });
 * obj.transform(0); // 0.5
 */
export function objectiveImpl({ objective }: { objective: TGbdtObjective }): TObjectiveImpl {
  switch (objective.kind) {
    case 'binary':
      return {
        lossName: 'logloss',
        checkLabels: (labels) => checkFinite(labels, 'binary labels must be 0 or 1', (y) => y === 0 || y === 1),
        initScore: (labels) => {
          const p = Math.min(1 - 1e-15, Math.max(1e-15, mean(labels)));
          return Math.log(p / (1 - p));
        },
        gradients: ({ labels, scores, grad, hess }) => {
          for (let i = 0; i < labels.length; i++) {
            const p = sigmoid(scores[i] ?? 0);
            grad[i] = p - (labels[i] ?? 0);
            hess[i] = Math.max(p * (1 - p), 1e-16);
          }
        },
        transform: sigmoid,
        loss: ({ labels, scores }) => {
          let s = 0;
          for (let i = 0; i < labels.length; i++) {
            const z = scores[i] ?? 0;
            // log(1 + e^z) − y z, computed without overflow.
            s += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - (labels[i] ?? 0) * z;
          }
          return s / labels.length;
        },
        renewQuantile: null,
      };
    case 'l2':
      return {
        lossName: 'l2',
        checkLabels: (labels) => checkFinite(labels, 'regression labels must be finite', () => true),
        initScore: mean,
        gradients: ({ labels, scores, grad, hess }) => {
          for (let i = 0; i < labels.length; i++) {
            grad[i] = (scores[i] ?? 0) - (labels[i] ?? 0);
            hess[i] = 1;
          }
        },
        transform: (raw) => raw,
        loss: ({ labels, scores }) => {
          let s = 0;
          for (let i = 0; i < labels.length; i++) s += ((scores[i] ?? 0) - (labels[i] ?? 0)) ** 2;
          return s / labels.length;
        },
        renewQuantile: null,
      };
    case 'poisson': {
      const maxDeltaStep = objective.maxDeltaStep ?? 0.7;
      return {
        lossName: 'poisson_deviance',
        checkLabels: (labels) => {
          checkFinite(labels, 'poisson labels must be ≥ 0', (y) => y >= 0);
          if (!(mean(labels) > 0)) throw new Error('fitGbdt: poisson labels are all zero');
        },
        initScore: (labels) => Math.log(mean(labels)),
        gradients: ({ labels, scores, grad, hess }) => {
          for (let i = 0; i < labels.length; i++) {
            const s = scores[i] ?? 0;
            grad[i] = Math.exp(s) - (labels[i] ?? 0);
            hess[i] = Math.exp(s + maxDeltaStep);
          }
        },
        transform: Math.exp,
        loss: ({ labels, scores }) => poissonDeviance({ labels, means: Float64Array.from(scores, Math.exp) }),
        renewQuantile: null,
      };
    }
    case 'tweedie': {
      const rho = objective.variancePower;
      if (!(rho > 1 && rho < 2)) throw new Error(`fitGbdt: tweedie variancePower must lie in (1, 2), got ${rho}`);
      return {
        lossName: 'tweedie_deviance',
        checkLabels: (labels) => {
          checkFinite(labels, 'tweedie labels must be ≥ 0', (y) => y >= 0);
          if (!(mean(labels) > 0)) throw new Error('fitGbdt: tweedie labels are all zero');
        },
        initScore: (labels) => Math.log(mean(labels)),
        gradients: ({ labels, scores, grad, hess }) => {
          for (let i = 0; i < labels.length; i++) {
            const s = scores[i] ?? 0;
            const y = labels[i] ?? 0;
            const a = Math.exp((1 - rho) * s);
            const b = Math.exp((2 - rho) * s);
            grad[i] = -y * a + b;
            hess[i] = -y * (1 - rho) * a + (2 - rho) * b;
          }
        },
        transform: Math.exp,
        loss: ({ labels, scores }) => tweedieDeviance({ labels, means: Float64Array.from(scores, Math.exp), power: rho }),
        renewQuantile: null,
      };
    }
    case 'quantile': {
      const alpha = objective.alpha;
      if (!(alpha > 0 && alpha < 1)) throw new Error(`fitGbdt: quantile alpha must lie in (0, 1), got ${alpha}`);
      return {
        lossName: 'pinball',
        checkLabels: (labels) => checkFinite(labels, 'regression labels must be finite', () => true),
        initScore: (labels) => sortedQuantile({ sorted: Float64Array.from(labels).sort(), q: alpha }),
        gradients: ({ labels, scores, grad, hess }) => {
          for (let i = 0; i < labels.length; i++) {
            grad[i] = (labels[i] ?? 0) - (scores[i] ?? 0) >= 0 ? -alpha : 1 - alpha;
            hess[i] = 1;
          }
        },
        transform: (raw) => raw,
        loss: ({ labels, scores }) => {
          let s = 0;
          for (let i = 0; i < labels.length; i++) {
            const d = (labels[i] ?? 0) - (scores[i] ?? 0);
            s += d >= 0 ? alpha * d : (alpha - 1) * d;
          }
          return s / labels.length;
        },
        renewQuantile: alpha,
      };
    }
  }
}

/**
 * Mean Poisson deviance 2·(y·log(y/μ) − (y − μ)), with y·log(y/μ) = 0 at y = 0.
 *
 * @example
 * poissonDeviance({ labels: Float64Array.of(0, 2), means: Float64Array.of(1, 2) }); // 1
 */
export function poissonDeviance({ labels, means }: { labels: ArrayLike<number>; means: ArrayLike<number> }): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] ?? 0;
    const mu = means[i] ?? 0;
    s += 2 * ((y > 0 ? y * Math.log(y / mu) : 0) - (y - mu));
  }
  return s / labels.length;
}

/**
 * Mean Tweedie deviance for power p in (1, 2): 2·(y^(2−p)/((1−p)(2−p)) − y·μ^(1−p)/(1−p) + μ^(2−p)/(2−p)).
 *
 * @example
 * tweedieDeviance({ labels: [1], means: [1], power: 1.5 }); // 0
 */
export function tweedieDeviance({ labels, means, power }: { labels: ArrayLike<number>; means: ArrayLike<number>; power: number }): number {
  const p = power;
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] ?? 0;
    const mu = means[i] ?? 0;
    s += 2 * (y ** (2 - p) / ((1 - p) * (2 - p)) - (y * mu ** (1 - p)) / (1 - p) + mu ** (2 - p) / (2 - p));
  }
  return s / labels.length;
}
