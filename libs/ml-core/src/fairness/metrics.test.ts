import { describe, expect, it } from 'vitest';
import { equalOpportunityThresholds, fairnessReport } from './metrics';

// Hand-worked example (threshold 0.5):
//  A: y=[1,1,0,0,1] s=[.9,.6,.7,.2,.4] → TP 2, FN 1, FP 1, TN 1; SR 3/5, TPR 2/3, FPR 1/2, AUC 4/6
//  B: y=[1,0,0,1,0] s=[.55,.3,.5,.3,.1] → TP 1, FN 1, FP 1, TN 2; SR 2/5, TPR 1/2, FPR 1/3, AUC 4.5/6 (one tie)
const yTrue = [1, 1, 0, 0, 1, 1, 0, 0, 1, 0];
const scores = [0.9, 0.6, 0.7, 0.2, 0.4, 0.55, 0.3, 0.5, 0.3, 0.1];
const groups = ['A', 'A', 'A', 'A', 'A', 'B', 'B', 'B', 'B', 'B'];

describe('fairnessReport', () => {
  const r = fairnessReport({ yTrue, scores, groups });
  const a = r.groups.find((g) => g.group === 'A');
  const b = r.groups.find((g) => g.group === 'B');

  it('computes per-group rates and AUC', () => {
    expect(a).toMatchObject({ n: 5, positives: 3, negatives: 2, selectionRate: 0.6, accuracy: 0.6 });
    expect(a?.tpr).toBeCloseTo(2 / 3, 12);
    expect(a?.fpr).toBeCloseTo(1 / 2, 12);
    expect(a?.auc).toBeCloseTo(4 / 6, 12);
    expect(b).toMatchObject({ n: 5, selectionRate: 0.4, tpr: 0.5, accuracy: 0.6 });
    expect(b?.fpr).toBeCloseTo(1 / 3, 12);
    expect(b?.auc).toBeCloseTo(4.5 / 6, 12);
  });

  it('computes parity, equalized odds and disparate impact with the four-fifths flag', () => {
    expect(r.demographicParityDifference).toBeCloseTo(0.2, 12);
    expect(r.tprDifference).toBeCloseTo(1 / 6, 12);
    expect(r.fprDifference).toBeCloseTo(1 / 6, 12);
    expect(r.equalizedOddsDifference).toBeCloseTo(1 / 6, 12);
    expect(r.referenceGroup).toBe('A');
    expect(r.disparateImpactRatio).toBeCloseTo(2 / 3, 12);
    expect(r.fourFifthsViolated).toBe(true);
  });

  it('reports NaN AUC for a group with a single class instead of failing', () => {
    const one = fairnessReport({ yTrue: [1, 1, 0, 1], scores: [0.9, 0.8, 0.3, 0.6], groups: ['A', 'A', 'B', 'B'] });
    expect(one.groups[0]?.auc).toBeNaN();
    expect(one.groups[1]?.auc).toBe(1);
  });

  it('does not flag equal selection rates', () => {
    const eq = fairnessReport({ yTrue: [1, 0, 1, 0], scores: [0.9, 0.1, 0.8, 0.2], groups: ['A', 'A', 'B', 'B'] });
    expect(eq.disparateImpactRatio).toBe(1);
    expect(eq.fourFifthsViolated).toBe(false);
  });
});

describe('equalOpportunityThresholds', () => {
  it('picks per-group thresholds reaching the target TPR and reports the accuracy change', () => {
    // Target 0.5: A needs 2 of 3 positives → threshold .6 (TPR 2/3); B needs 1 of 2 → .55 (TPR 1/2).
    // After: A preds [1,1,1,0,0] acc 3/5; B preds [1,0,0,0,0] acc 4/5 → 7/10 vs 6/10 before.
    const r = equalOpportunityThresholds({ yTrue, scores, groups, targetTpr: 0.5 });
    expect(r.thresholds).toEqual({ A: 0.6, B: 0.55 });
    expect(r.achievedTpr.A).toBeCloseTo(2 / 3, 12);
    expect(r.achievedTpr.B).toBeCloseTo(1 / 2, 12);
    expect(r.accuracyBefore).toBeCloseTo(0.6, 12);
    expect(r.accuracyAfter).toBeCloseTo(0.7, 12);
    expect(r.accuracyCost).toBeCloseTo(-0.1, 12);
  });

  it('equalises TPR at 1 by lowering thresholds to the lowest positive score', () => {
    // A at .4: preds [1,1,1,0,1] acc 4/5; B at .3: preds [1,1,1,1,0] acc 3/5 → 0.7.
    const r = equalOpportunityThresholds({ yTrue, scores, groups, targetTpr: 1 });
    expect(r.thresholds).toEqual({ A: 0.4, B: 0.3 });
    expect(r.after.tprDifference).toBe(0);
    expect(r.accuracyAfter).toBeCloseTo(0.7, 12);
  });

  it('reports a positive cost when equalising hurts accuracy', () => {
    // A perfectly separated at .5; B's only positive sits below every negative, so TPR 1 selects all of B.
    const r = equalOpportunityThresholds({
      yTrue: [1, 0, 1, 0, 0],
      scores: [0.9, 0.1, 0.2, 0.6, 0.7],
      groups: ['A', 'A', 'B', 'B', 'B'],
      targetTpr: 1,
    });
    // Before: A 2/2 correct; B preds [0,1,1] vs y [1,0,0] → 0/3 → 2/5. After: A thr .9 → 2/2; B thr .2 → [1,1,1] → 1/3 → 3/5.
    expect(r.accuracyBefore).toBeCloseTo(0.4, 12);
    expect(r.accuracyAfter).toBeCloseTo(0.6, 12);
    const strict = equalOpportunityThresholds({
      yTrue: [1, 0, 1, 1, 0, 0],
      scores: [0.9, 0.1, 0.8, 0.2, 0.4, 0.3],
      groups: ['A', 'A', 'B', 'B', 'B', 'B'],
      targetTpr: 1,
    });
    // Before (0.5): A 2/2; B preds [1,0,0,0] vs [1,1,0,0] → 3/4 → 5/6. After: B thr .2 → all selected → 2/4 → 4/6.
    expect(strict.accuracyCost).toBeCloseTo(5 / 6 - 4 / 6, 12);
  });
});
