import { checkBinaryLabels, checkBinaryScores, checkBothClasses, checkProbabilities } from './validate';

type Num = ArrayLike<number>;

export interface ConfusionMatrix {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Hard predictions, or scores turned into predictions at `threshold` (positive when score >= threshold). */
export type PredictionInput = { labels: Num; predictions: Num } | { labels: Num; scores: Num; threshold?: number };

/**
 * Confusion counts; label 1 is the positive class.
 * @example
 * confusionMatrix({ labels: [1, 0, 1], scores: [0.9, 0.6, 0.2], threshold: 0.5 }); // { tp: 1, fp: 1, tn: 0, fn: 1 }
 */
export function confusionMatrix(input: PredictionInput): ConfusionMatrix {
  const { labels } = input;
  const fnName = 'confusionMatrix';
  let predicted: (i: number) => boolean;
  if ('predictions' in input) {
    checkBinaryScores(fnName, labels, input.predictions, 'predictions');
    checkBinaryLabels(`${fnName} (predictions)`, input.predictions);
    predicted = (i) => input.predictions[i] === 1;
  } else {
    checkBinaryScores(fnName, labels, input.scores);
    const t = input.threshold ?? 0.5;
    predicted = (i) => (input.scores[i] ?? 0) >= t;
  }
  const m: ConfusionMatrix = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const p = predicted(i);
    if (labels[i] === 1) {
      if (p) m.tp++;
      else m.fn++;
    } else if (p) m.fp++;
    else m.tn++;
  }
  return m;
}

/** @example accuracy({ labels: [1, 0], predictions: [1, 1] }); // 0.5 */
export function accuracy(input: PredictionInput): number {
  const m = confusionMatrix(input);
  return (m.tp + m.tn) / (m.tp + m.tn + m.fp + m.fn);
}

/** Returns 0 when nothing is predicted positive (sklearn's zero_division=0). @example precision({ labels: [1, 0], predictions: [1, 1] }); // 0.5 */
export function precision(input: PredictionInput): number {
  const m = confusionMatrix(input);
  return m.tp + m.fp === 0 ? 0 : m.tp / (m.tp + m.fp);
}

/** Returns 0 when there are no positives. @example recall({ labels: [1, 1], predictions: [1, 0] }); // 0.5 */
export function recall(input: PredictionInput): number {
  const m = confusionMatrix(input);
  return m.tp + m.fn === 0 ? 0 : m.tp / (m.tp + m.fn);
}

/** Harmonic mean of precision and recall; 0 when both are 0. @example f1({ labels: [1, 1, 0], predictions: [1, 0, 1] }); // 0.5 */
export function f1(input: PredictionInput): number {
  const m = confusionMatrix(input);
  const d = 2 * m.tp + m.fp + m.fn;
  return d === 0 ? 0 : (2 * m.tp) / d;
}

export interface RocPoint {
  /** Scores >= threshold are predicted positive; the first point has threshold +Infinity. */
  threshold: number;
  fpr: number;
  tpr: number;
}

/**
 * ROC curve with one point per distinct score (tied scores move together, giving diagonal segments).
 * @example
 * rocCurve({ labels: [0, 1], scores: [0.2, 0.8] }); // [(∞,0,0), (0.8,0,1), (0.2,1,1)]
 */
export function rocCurve({ labels, scores }: { labels: Num; scores: Num }): RocPoint[] {
  const { positives, negatives } = checkRanking('rocCurve', labels, scores);
  const points: RocPoint[] = [{ threshold: Number.POSITIVE_INFINITY, fpr: 0, tpr: 0 }];
  for (const g of thresholdGroups(labels, scores)) {
    points.push({ threshold: g.threshold, fpr: g.fp / negatives, tpr: g.tp / positives });
  }
  return points;
}

/**
 * Area under the ROC curve via the Mann–Whitney statistic with mid-ranks: the probability that a random
 * positive outscores a random negative, ties counting one half.
 * @example
 * rocAuc({ labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8] }); // 0.75
 */
export function rocAuc({ labels, scores }: { labels: Num; scores: Num }): number {
  const { positives, negatives } = checkRanking('rocAuc', labels, scores);
  const order = sortedIndices(scores, 'asc');
  let rankSumPos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    const s = scores[order[i] ?? 0];
    while (j < order.length && scores[order[j] ?? 0] === s) j++;
    const midRank = (i + 1 + j) / 2; // ranks i+1..j share their average
    for (let k = i; k < j; k++) if (labels[order[k] ?? 0] === 1) rankSumPos += midRank;
    i = j;
  }
  return (rankSumPos - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Gini coefficient as used in credit scoring: 2·AUC − 1. @example gini({ labels: [0, 1], scores: [0.1, 0.9] }); // 1 */
export function gini({ labels, scores }: { labels: Num; scores: Num }): number {
  return 2 * rocAuc({ labels, scores }) - 1;
}

/**
 * Kolmogorov–Smirnov separation: max over thresholds of TPR − FPR (the largest gap between the score
 * distributions of the two classes), the usual credit-scorecard KS.
 * @example
 * ksStatistic({ labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8] }); // 0.5
 */
export function ksStatistic({ labels, scores }: { labels: Num; scores: Num }): number {
  return rocCurve({ labels, scores }).reduce((best, p) => Math.max(best, Math.abs(p.tpr - p.fpr)), 0);
}

export interface PrPoint {
  threshold: number;
  precision: number;
  recall: number;
}

/**
 * Precision–recall curve, one point per distinct score, from high threshold to low.
 * @example
 * prCurve({ labels: [0, 1], scores: [0.2, 0.8] }); // [(0.8, p=1, r=1), (0.2, p=0.5, r=1)]
 */
export function prCurve({ labels, scores }: { labels: Num; scores: Num }): PrPoint[] {
  const { positives } = checkRanking('prCurve', labels, scores);
  return thresholdGroups(labels, scores).map((g) => ({
    threshold: g.threshold,
    precision: g.tp / (g.tp + g.fp),
    recall: g.tp / positives,
  }));
}

/**
 * Average precision (area under the PR curve, step-wise as in sklearn): Σ (Rₙ − Rₙ₋₁)·Pₙ.
 * @example
 * averagePrecision({ labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8] }); // 0.8333…
 */
export function averagePrecision({ labels, scores }: { labels: Num; scores: Num }): number {
  let prevRecall = 0;
  let ap = 0;
  for (const p of prCurve({ labels, scores })) {
    ap += (p.recall - prevRecall) * p.precision;
    prevRecall = p.recall;
  }
  return ap;
}

/**
 * Mean squared difference between predicted probability and outcome.
 * @example brierScore({ labels: [1, 0], probabilities: [0.8, 0.4] }); // (0.04 + 0.16) / 2 = 0.1
 */
export function brierScore({ labels, probabilities }: { labels: Num; probabilities: Num }): number {
  checkBinaryScores('brierScore', labels, probabilities, 'probabilities');
  checkProbabilities('brierScore', 'probabilities', probabilities);
  let s = 0;
  for (let i = 0; i < labels.length; i++) s += ((probabilities[i] ?? 0) - (labels[i] ?? 0)) ** 2;
  return s / labels.length;
}

/**
 * Mean negative log-likelihood (natural log); probabilities are clipped to [eps, 1 − eps] so one
 * confident mistake gives a large finite loss rather than Infinity.
 * @example logLoss({ labels: [1, 0], probabilities: [0.8, 0.4] }); // −(ln 0.8 + ln 0.6) / 2
 */
export function logLoss({ labels, probabilities, eps = 1e-15 }: { labels: Num; probabilities: Num; eps?: number }): number {
  checkBinaryScores('logLoss', labels, probabilities, 'probabilities');
  checkProbabilities('logLoss', 'probabilities', probabilities);
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i] ?? 0));
    s -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / labels.length;
}

export interface ThresholdChoice {
  /** Predict positive when score >= threshold (+Infinity: predict nothing positive). */
  threshold: number;
  /** Total cost costFp·FP + costFn·FN at that threshold. */
  cost: number;
  /** Cost per case. */
  meanCost: number;
  confusion: ConfusionMatrix;
}

/**
 * Threshold minimising misclassification cost over every distinct score. With label 1 = bad and score =
 * probability of bad (German Credit): accepting a bad applicant is a false negative (cost 5) and refusing
 * a good one a false positive (cost 1).
 * @example
 * chooseThreshold({ labels, scores, costFp: 1, costFn: 5 }); // { threshold: 0.17, cost: …, … }
 */
export function chooseThreshold({ labels, scores, costFp, costFn }: { labels: Num; scores: Num; costFp: number; costFn: number }): ThresholdChoice {
  const fn = 'chooseThreshold';
  checkBinaryScores(fn, labels, scores);
  if (!(costFp >= 0) || !(costFn >= 0) || !Number.isFinite(costFp) || !Number.isFinite(costFn)) {
    throw new Error(`${fn}: costFp and costFn must be finite and >= 0`);
  }
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  const negatives = labels.length - positives;
  // Threshold +Infinity: everything predicted negative, every positive is missed.
  let best: ThresholdChoice = {
    threshold: Number.POSITIVE_INFINITY,
    cost: costFn * positives,
    meanCost: 0,
    confusion: { tp: 0, fp: 0, tn: negatives, fn: positives },
  };
  for (const g of thresholdGroups(labels, scores)) {
    const cost = costFp * g.fp + costFn * (positives - g.tp);
    if (cost < best.cost) {
      best = { threshold: g.threshold, cost, meanCost: 0, confusion: { tp: g.tp, fp: g.fp, tn: negatives - g.fp, fn: positives - g.tp } };
    }
  }
  return { ...best, meanCost: best.cost / labels.length };
}

/** Cumulative TP/FP counts at each distinct score, from the highest score down. */
function thresholdGroups(labels: Num, scores: Num): { threshold: number; tp: number; fp: number }[] {
  const order = sortedIndices(scores, 'desc');
  const out: { threshold: number; tp: number; fp: number }[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; ) {
    const s = scores[order[i] ?? 0] ?? 0;
    while (i < order.length && scores[order[i] ?? 0] === s) {
      if (labels[order[i] ?? 0] === 1) tp++;
      else fp++;
      i++;
    }
    out.push({ threshold: s, tp, fp });
  }
  return out;
}

function sortedIndices(scores: Num, dir: 'asc' | 'desc'): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  const sign = dir === 'asc' ? 1 : -1;
  return idx.sort((a, b) => sign * ((scores[a] ?? 0) - (scores[b] ?? 0)));
}

function checkRanking(fn: string, labels: Num, scores: Num): { positives: number; negatives: number } {
  checkBinaryScores(fn, labels, scores);
  return checkBothClasses(fn, labels);
}
