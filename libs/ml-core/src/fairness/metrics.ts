import { rocAuc } from '../evaluation';

/** Per-group confusion-derived rates. NaN where a rate is undefined (e.g. TPR of a group with no positives). */
export interface GroupMetrics {
  group: string;
  n: number;
  positives: number;
  negatives: number;
  /** Share predicted positive (selected): P(ŷ=1 | group). */
  selectionRate: number;
  tpr: number;
  fpr: number;
  accuracy: number;
  /** ROC AUC of the scores within the group (ties count ½). */
  auc: number;
  threshold: number;
}

export interface FairnessReport {
  groups: GroupMetrics[];
  /** max − min selection rate across groups. */
  demographicParityDifference: number;
  /** max(TPR gap, FPR gap) across groups (Hardt et al.; Fairlearn's definition). */
  equalizedOddsDifference: number;
  tprDifference: number;
  fprDifference: number;
  /** Lowest selection rate ÷ reference rate (the highest, or `referenceGroup`'s when given). */
  disparateImpactRatio: number;
  /** True when the ratio falls below 0.8 (the US EEOC four-fifths rule of thumb). */
  fourFifthsViolated: boolean;
  referenceGroup: string;
}

export interface FairnessOptions {
  /** Observed outcomes, 0 or 1. */
  yTrue: readonly number[];
  /** Model scores; predicted positive when score ≥ threshold. */
  scores: readonly number[];
  /** Group label per row (the protected attribute). */
  groups: readonly string[];
  /** One threshold, or one per group (post-processed). Default 0.5. */
  threshold?: number | Readonly<Record<string, number>>;
  /** Group that selection rates are compared against. Default: the group with the highest rate. */
  referenceGroup?: string;
}

/** AUC within a group; NaN when the group lacks one class (rocAuc rightly refuses that case). */
function groupAuc(yTrue: number[], scores: number[]): number {
  const positives = yTrue.filter((y) => y === 1).length;
  if (positives === 0 || positives === yTrue.length) return NaN;
  return rocAuc({ labels: yTrue, scores });
}

function validate(o: FairnessOptions): void {
  const n = o.yTrue.length;
  if (o.scores.length !== n || o.groups.length !== n) throw new Error('fairness: yTrue, scores and groups must have equal length');
  for (const y of o.yTrue) if (y !== 0 && y !== 1) throw new Error(`fairness: yTrue must be 0/1, got ${y}`);
}

function thresholdFor(t: FairnessOptions['threshold'], g: string): number {
  if (t === undefined) return 0.5;
  if (typeof t === 'number') return t;
  const v = t[g];
  if (v === undefined) throw new Error(`fairness: no threshold for group "${g}"`);
  return v;
}

function spread(values: number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? NaN : Math.max(...finite) - Math.min(...finite);
}

/**
 * Group fairness metrics for a binary classifier.
 *
 * @example
 * const r = fairnessReport({ yTrue, scores, groups: rows.map((r) => r.sex), threshold: 0.5 });
 * r.disparateImpactRatio; r.fourFifthsViolated; r.groups.find((g) => g.group === 'F')?.tpr;
 */
export function fairnessReport(opts: FairnessOptions): FairnessReport {
  validate(opts);
  const names = [...new Set(opts.groups)].sort();
  const groups: GroupMetrics[] = names.map((group) => {
    const threshold = thresholdFor(opts.threshold, group);
    const ys: number[] = [];
    const ss: number[] = [];
    opts.groups.forEach((g, i) => {
      if (g === group) {
        ys.push(opts.yTrue[i] as number);
        ss.push(opts.scores[i] as number);
      }
    });
    let tp = 0;
    let fp = 0;
    let tn = 0;
    let fn = 0;
    ys.forEach((y, i) => {
      const pred = (ss[i] as number) >= threshold;
      if (y === 1 && pred) tp++;
      else if (y === 1) fn++;
      else if (pred) fp++;
      else tn++;
    });
    const n = ys.length;
    return {
      group,
      n,
      positives: tp + fn,
      negatives: fp + tn,
      selectionRate: (tp + fp) / n,
      tpr: tp + fn === 0 ? NaN : tp / (tp + fn),
      fpr: fp + tn === 0 ? NaN : fp / (fp + tn),
      accuracy: (tp + tn) / n,
      auc: groupAuc(ys, ss),
      threshold,
    };
  });
  const rates = groups.map((g) => g.selectionRate);
  const reference =
    opts.referenceGroup ?? (groups.reduce((best, g) => (g.selectionRate > best.selectionRate ? g : best), groups[0] as GroupMetrics).group);
  const refRate = groups.find((g) => g.group === reference)?.selectionRate;
  if (refRate === undefined) throw new Error(`fairness: reference group "${reference}" not present`);
  const others = groups.filter((g) => g.group !== reference).map((g) => g.selectionRate);
  const disparateImpactRatio = others.length === 0 ? 1 : refRate === 0 ? NaN : Math.min(...others, refRate) / refRate;
  const tprDifference = spread(groups.map((g) => g.tpr));
  const fprDifference = spread(groups.map((g) => g.fpr));
  return {
    groups,
    demographicParityDifference: spread(rates),
    equalizedOddsDifference: Math.max(tprDifference, fprDifference),
    tprDifference,
    fprDifference,
    disparateImpactRatio,
    fourFifthsViolated: disparateImpactRatio < 0.8,
    referenceGroup: reference,
  };
}

export interface EqualOpportunityOptions {
  yTrue: readonly number[];
  scores: readonly number[];
  groups: readonly string[];
  /** TPR every group should reach (0–1). */
  targetTpr: number;
  /** Single threshold the accuracy cost is measured against. Default 0.5. */
  baselineThreshold?: number;
}

export interface EqualOpportunityResult {
  /** Per-group threshold: the highest one whose TPR reaches the target. */
  thresholds: Record<string, number>;
  achievedTpr: Record<string, number>;
  accuracyBefore: number;
  accuracyAfter: number;
  /** accuracyBefore − accuracyAfter (positive = accuracy given up for equal opportunity). */
  accuracyCost: number;
  before: FairnessReport;
  after: FairnessReport;
}

/**
 * Post-processing for equal opportunity (Hardt, Price & Srebro 2016, deterministic variant): per-group
 * thresholds chosen so each group's TPR reaches `targetTpr` with as few extra selections as possible.
 * Ties in scores can push a group's TPR above the target; exact equality would need randomised thresholds.
 *
 * @example
 * const r = equalOpportunityThresholds({ yTrue, scores, groups, targetTpr: 0.8 });
 * r.thresholds; // { A: 0.62, B: 0.41 }; r.accuracyCost
 */
export function equalOpportunityThresholds(opts: EqualOpportunityOptions): EqualOpportunityResult {
  validate({ ...opts });
  if (!(opts.targetTpr > 0 && opts.targetTpr <= 1)) throw new Error(`equalOpportunityThresholds: targetTpr must be in (0, 1], got ${opts.targetTpr}`);
  const names = [...new Set(opts.groups)].sort();
  const thresholds: Record<string, number> = {};
  for (const g of names) {
    const posScores = opts.scores.filter((_, i) => opts.groups[i] === g && opts.yTrue[i] === 1).sort((a, b) => b - a);
    if (posScores.length === 0) throw new Error(`equalOpportunityThresholds: group "${g}" has no positives; TPR undefined`);
    // The k-th highest positive score is the largest threshold selecting at least k positives.
    const k = Math.ceil(opts.targetTpr * posScores.length - 1e-12);
    thresholds[g] = posScores[Math.max(0, k - 1)] as number;
  }
  const baselineThreshold = opts.baselineThreshold ?? 0.5;
  const before = fairnessReport({ ...opts, threshold: baselineThreshold });
  const after = fairnessReport({ ...opts, threshold: thresholds });
  const accuracy = (r: FairnessReport) => r.groups.reduce((s, g) => s + g.accuracy * g.n, 0) / opts.yTrue.length;
  const accuracyBefore = accuracy(before);
  const accuracyAfter = accuracy(after);
  return {
    thresholds,
    achievedTpr: Object.fromEntries(after.groups.map((g) => [g.group, g.tpr])),
    accuracyBefore,
    accuracyAfter,
    accuracyCost: accuracyBefore - accuracyAfter,
    before,
    after,
  };
}
