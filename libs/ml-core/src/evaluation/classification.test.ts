import { describe, expect, it } from 'vitest';
import { createRng } from '../data/prng';
import {
  accuracy,
  averagePrecision,
  brierScore,
  chooseThreshold,
  confusionMatrix,
  f1,
  gini,
  ksStatistic,
  logLoss,
  prCurve,
  precision,
  recall,
  rocAuc,
  rocCurve,
} from './classification';

// sklearn documentation example (roc_auc_score, roc_curve, average_precision_score):
// y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8] → AUC 0.75, AP 0.8333…,
// roc_curve: fpr [0, 0, .5, .5, 1], tpr [0, .5, .5, 1, 1], thresholds [inf, .8, .4, .35, .1]
const docLabels = [0, 0, 1, 1];
const docScores = [0.1, 0.4, 0.35, 0.8];

/** Brute-force AUC: fraction of (positive, negative) pairs ranked correctly, ties counting 1/2. */
function bruteAuc(labels: number[], scores: number[]): number {
  let num = 0;
  let pairs = 0;
  labels.forEach((li, i) =>
    labels.forEach((lj, j) => {
      if (li === 1 && lj === 0) {
        pairs++;
        const si = scores[i] ?? 0, sj = scores[j] ?? 0;
        num += si > sj ? 1 : si === sj ? 0.5 : 0;
      }
    }),
  );
  return num / pairs;
}

/** Brute-force AP: for each distinct threshold t (descending), P and R computed by scanning all rows. */
function bruteAp(labels: number[], scores: number[]): number {
  const thresholds = [...new Set(scores)].sort((a, b) => b - a);
  const pos = labels.filter((l) => l === 1).length;
  let prevR = 0;
  let ap = 0;
  for (const t of thresholds) {
    const pred = scores.map((s) => s >= t);
    const tp = pred.filter((p, i) => p && labels[i] === 1).length;
    const predicted = pred.filter(Boolean).length;
    const r = tp / pos;
    ap += (r - prevR) * (tp / predicted);
    prevR = r;
  }
  return ap;
}

function randomTies(seed: number, n: number): { labels: number[]; scores: number[] } {
  const rng = createRng({ seed });
  const labels = Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
  // Scores rounded to one decimal → many ties; positives shifted up so AUC is not ~0.5.
  const scores = labels.map((l) => Math.round((rng.next() + 0.3 * l) * 10) / 10);
  return { labels, scores };
}

describe('ranking metrics', () => {
  it('match the sklearn documentation example', () => {
    expect(rocAuc({ labels: docLabels, scores: docScores })).toBeCloseTo(0.75, 12);
    expect(averagePrecision({ labels: docLabels, scores: docScores })).toBeCloseTo(5 / 6, 12);
    expect(rocCurve({ labels: docLabels, scores: docScores })).toEqual([
      { threshold: Infinity, fpr: 0, tpr: 0 },
      { threshold: 0.8, fpr: 0, tpr: 0.5 },
      { threshold: 0.4, fpr: 0.5, tpr: 0.5 },
      { threshold: 0.35, fpr: 0.5, tpr: 1 },
      { threshold: 0.1, fpr: 1, tpr: 1 },
    ]);
    // KS = max(tpr − fpr) = 0.5; Gini = 2·0.75 − 1 = 0.5
    expect(ksStatistic({ labels: docLabels, scores: docScores })).toBeCloseTo(0.5, 12);
    expect(gini({ labels: docLabels, scores: docScores })).toBeCloseTo(0.5, 12);
    // PR: t=.8 → P=1,R=.5; t=.4 → P=.5,R=.5; t=.35 → P=2/3,R=1; t=.1 → P=.5,R=1
    expect(prCurve({ labels: docLabels, scores: docScores }).map((p) => [p.precision, p.recall])).toEqual([
      [1, 0.5],
      [0.5, 0.5],
      [2 / 3, 1],
      [0.5, 1],
    ]);
  });

  it('AUC and AP equal brute-force definitions on data with many ties', () => {
    for (const seed of [1, 2, 3]) {
      const { labels, scores } = randomTies(seed, 300);
      expect(rocAuc({ labels, scores })).toBeCloseTo(bruteAuc(labels, scores), 12);
      expect(averagePrecision({ labels, scores })).toBeCloseTo(bruteAp(labels, scores), 12);
    }
  });

  it('all-tied scores give AUC 0.5', () => {
    expect(rocAuc({ labels: [0, 1, 0, 1], scores: [0.3, 0.3, 0.3, 0.3] })).toBe(0.5);
  });

  it('refuse single-class labels and empty input with clear errors', () => {
    expect(() => rocAuc({ labels: [0, 0], scores: [0.1, 0.2] })).toThrow(/rocAuc: labels contain only class 0/);
    expect(() => averagePrecision({ labels: [1, 1], scores: [0.1, 0.2] })).toThrow(/only class 1/);
    expect(() => rocAuc({ labels: [], scores: [] })).toThrow(/rocAuc: labels is empty/);
    expect(() => rocAuc({ labels: [0, 1], scores: [0.1] })).toThrow(/labels has 2 values but scores has 1/);
    expect(() => rocAuc({ labels: [0, 2], scores: [0.1, 0.2] })).toThrow(/labels\[1\] is 2/);
    expect(() => rocAuc({ labels: [0, 1], scores: [0.1, Number.NaN] })).toThrow(/scores\[1\] is not a finite number/);
  });
});

describe('threshold metrics', () => {
  // labels [1,0,1,0,1], scores [.9,.8,.3,.2,.6], t = .5 → predicted [1,1,0,0,1]
  // tp = 2 (rows 0, 4), fp = 1 (row 1), fn = 1 (row 2), tn = 1 (row 3)
  const input = { labels: [1, 0, 1, 0, 1], scores: [0.9, 0.8, 0.3, 0.2, 0.6], threshold: 0.5 };
  it('confusion matrix, accuracy, precision, recall, F1 by hand', () => {
    expect(confusionMatrix(input)).toEqual({ tp: 2, fp: 1, tn: 1, fn: 1 });
    expect(accuracy(input)).toBeCloseTo(3 / 5, 12);
    expect(precision(input)).toBeCloseTo(2 / 3, 12);
    expect(recall(input)).toBeCloseTo(2 / 3, 12);
    expect(f1(input)).toBeCloseTo(2 / 3, 12); // 2·tp / (2·tp + fp + fn) = 4/6
    expect(accuracy({ labels: [1, 0, 1], predictions: [1, 1, 1] })).toBeCloseTo(2 / 3, 12);
    expect(precision({ labels: [1, 0], predictions: [0, 0] })).toBe(0); // nothing predicted positive
  });

  it('Brier score and log loss', () => {
    // (0.2² + 0.4²) / 2 = 0.1
    expect(brierScore({ labels: [1, 0], probabilities: [0.8, 0.4] })).toBeCloseTo(0.1, 12);
    // sklearn log_loss doc example: ["spam","ham","ham","spam"], P(spam) = [.9, .1, .2, .65] → 0.21616187…
    expect(logLoss({ labels: [1, 0, 0, 1], probabilities: [0.9, 0.1, 0.2, 0.65] })).toBeCloseTo(0.21616187468057912, 12);
    expect(Number.isFinite(logLoss({ labels: [1], probabilities: [0] }))).toBe(true);
    expect(() => brierScore({ labels: [1], probabilities: [1.2] })).toThrow(/probabilities\[0\] is 1.2/);
  });
});

describe('chooseThreshold', () => {
  it('finds the cheapest threshold by hand (German Credit costs: FN 5, FP 1)', () => {
    // labels [0,0,1,0,1], scores [.1,.2,.3,.4,.9]
    // t=∞: FN 2 → 10; t=.9: FN 1 → 5; t=.4: FP 1 + FN 1 → 6; t=.3: FP 1 → 1; t=.2: FP 2 → 2; t=.1: FP 3 → 3
    const r = chooseThreshold({ labels: [0, 0, 1, 0, 1], scores: [0.1, 0.2, 0.3, 0.4, 0.9], costFp: 1, costFn: 5 });
    expect(r.threshold).toBe(0.3);
    expect(r.cost).toBe(1);
    expect(r.meanCost).toBeCloseTo(0.2, 12);
    expect(r.confusion).toEqual({ tp: 2, fp: 1, tn: 2, fn: 0 });
  });

  it('lands near costFp / (costFp + costFn) = 1/6 for calibrated probabilities (decision theory)', () => {
    const rng = createRng({ seed: 11 });
    const scores = Array.from({ length: 20000 }, () => rng.next());
    const labels = scores.map((p) => (rng.next() < p ? 1 : 0));
    const r = chooseThreshold({ labels, scores, costFp: 1, costFn: 5 });
    expect(Math.abs(r.threshold - 1 / 6)).toBeLessThan(0.05);
    // And no grid threshold does better than the returned one (brute force over 0.00..1.00).
    for (let t = 0; t <= 1.0001; t += 0.01) {
      let cost = 0;
      scores.forEach((s, i) => {
        if (s >= t && labels[i] === 0) cost += 1;
        if (s < t && labels[i] === 1) cost += 5;
      });
      expect(r.cost).toBeLessThanOrEqual(cost);
    }
  });
});
