import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exactShapley } from '@platform/ml-core/explain';
import { dataDir } from '@platform/db';
import { ATTRIBUTES, decodeGermanRow, reasonText, type TApplicantAttributes, type TAttributeKey } from '../codebook';
import { findBin } from './binning';
import { gradeFor, rawValue, scalingConstants, scoreWithScorecard, topReasons, trainScorecard } from './scorecard';
import { calibrateScorecard, trainScorecardWithCv } from './training';

const lines = fs.readFileSync(path.join(dataDir(), 'german_credit', 'german.data'), 'utf8').split('\n').filter((l) => l.trim() !== '');
const rows: TApplicantAttributes[] = [];
const labels: number[] = [];
for (const line of lines) {
  const r = decodeGermanRow({ line });
  if (!r.ok) throw new Error(r.error);
  rows.push(r.attributes);
  labels.push(r.outcome === 'bad' ? 1 : 0);
}

describe('codebook', () => {
  it('decodes the first German Credit row', () => {
    // A11 6 A34 A43 1169 A65 A75 4 A93 A101 4 A121 67 A143 A152 2 A173 1 A192 A201 1
    expect(rows[0]).toEqual({
      checkingStatus: 'below_0_dm', durationMonths: 6, creditHistory: 'critical_account', purpose: 'radio_television', amount: 1169,
      savings: 'unknown_or_none', employmentSince: 'at_least_7_years', instalmentRatePct: 4, personalStatusSex: 'male_single',
      otherDebtors: 'none', residenceSinceYears: 4, property: 'real_estate', age: 67, otherInstalmentPlans: 'none', housing: 'own',
      existingCredits: 2, job: 'skilled_employee', dependants: 1, hasTelephone: true, foreignWorker: true,
    });
    expect(labels.reduce((s, y) => s + y, 0)).toBe(300);
    expect(ATTRIBUTES).toHaveLength(20);
  });

  it('rejects an unknown code and names the attribute', () => {
    const r = decodeGermanRow({ line: 'A19 6 A34 A43 1169 A65 A75 4 A93 A101 4 A121 67 A143 A152 2 A173 1 A192 A201 1' });
    expect(r).toEqual({ ok: false, error: 'Checking account balance: unknown code "A19"' });
  });

  it('words a reason the way a risk officer reads it', () => {
    expect(reasonText({ key: 'checkingStatus', value: 'below_0_dm', raised: true })).toBe('Checking account balance below 0 DM raised the risk');
  });
});

describe('scorecard', () => {
  const card = trainScorecard({ rows, labels, minShare: 0.03, minIv: 0 });

  it('scales points: 600 at 50:1 odds, 20 points double the odds', () => {
    const { factor, offset } = scalingConstants({ scaling: { targetPoints: 600, targetOdds: 50, pdo: 20 } });
    expect(factor).toBeCloseTo(28.85390081777927, 10);
    expect(offset).toBeCloseTo(600 - 28.85390081777927 * 3.91202300542815, 8);
    // A score of 620 means odds 100:1 → PD 1/101.
    const pdAt = (score: number) => 1 / (1 + Math.exp((score - offset) / factor));
    expect(pdAt(600)).toBeCloseTo(1 / 51, 12);
    expect(pdAt(620)).toBeCloseTo(1 / 101, 12);
  });

  it('never scores on sex or nationality', () => {
    const keys = card.features.map((f) => f.key);
    expect(keys).not.toContain('personalStatusSex');
    expect(keys).not.toContain('foreignWorker');
    expect(card.features.every((f) => f.coefficient < 0)).toBe(true);
  });

  it('base + contributions = score, and the score gives the PD', () => {
    const { factor, offset } = scalingConstants({ scaling: card.scaling });
    for (const attributes of rows.slice(0, 50)) {
      const r = scoreWithScorecard({ scorecard: card, attributes });
      expect(r.basePoints + r.contributions.reduce((s, c) => s + c.points, 0)).toBeCloseTo(r.score, 9);
      expect(1 / (1 + Math.exp((r.score - offset) / factor))).toBeCloseTo(r.pd, 12);
      // Independently: the PD from the fitted logistic regression on the row's WoE values.
      const z = card.intercept + card.features.reduce((s, f) => s + f.coefficient * findBin({ binning: f.binning, value: rawValue({ attributes, key: f.key }) }).woe, 0);
      expect(r.pd).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
    }
  });

  it('contributions are the exact Shapley values of the score (brute force over coalitions)', () => {
    const small = trainScorecard({ rows, labels, exclude: ATTRIBUTES.map((a) => a.key).filter((k) => !['checkingStatus', 'durationMonths', 'creditHistory', 'savings'].includes(k)) as TAttributeKey[] });
    expect(small.features).toHaveLength(4);
    const { factor, offset } = scalingConstants({ scaling: small.scaling });
    const woeRow = (a: TApplicantAttributes) => small.features.map((f) => findBin({ binning: f.binning, value: rawValue({ attributes: a, key: f.key }) }).woe);
    const predict = (xs: number[][]) => xs.map((x) => offset - factor * (small.intercept + small.features.reduce((s, f, j) => s + f.coefficient * (x[j] ?? 0), 0)));
    const target = rows[1] as TApplicantAttributes;
    const shap = exactShapley({ predict, x: woeRow(target), background: rows.map(woeRow), backgroundSize: rows.length });
    const r = scoreWithScorecard({ scorecard: small, attributes: target });
    r.contributions.forEach((c, j) => expect(c.points).toBeCloseTo(shap.values[j] ?? NaN, 6));
    expect(r.basePoints).toBeCloseTo(shap.baseValue, 6);
  });

  it('gives the top 5 adverse reasons, largest first', () => {
    const worst = rows.map((a) => ({ a, r: scoreWithScorecard({ scorecard: card, attributes: a }) })).sort((x, y) => y.r.pd - x.r.pd)[0];
    if (!worst) throw new Error('no rows');
    const reasons = topReasons({ result: worst.r, attributes: worst.a });
    expect(reasons).toHaveLength(5);
    for (let i = 1; i < reasons.length; i++) expect(Math.abs(reasons[i - 1]?.points ?? 0)).toBeGreaterThanOrEqual(Math.abs(reasons[i]?.points ?? 0));
    expect(reasons.every((r) => r.points < 0 && r.text.endsWith('raised the risk'))).toBe(true);
  });

  it('grades from PD bands', () => {
    const bands = [{ grade: 'B', maxPd: 0.15 }, { grade: 'A', maxPd: 0.08 }, { grade: 'E', maxPd: 1 }];
    expect(gradeFor({ pd: 0.08, bands })).toBe('A');
    expect(gradeFor({ pd: 0.0801, bands })).toBe('B');
    expect(gradeFor({ pd: 0.9, bands })).toBe('E');
  });
});

describe('scorecard calibration', () => {
  it('Platt scaling folds into the coefficients: PD = σ(a·z + b) of the uncalibrated log-odds, points still add up', () => {
    const card = trainScorecard({ rows, labels });
    const platt = { kind: 'platt' as const, a: 0.8, b: -0.1 };
    const calibrated = calibrateScorecard({ scorecard: card, platt });
    for (const attributes of rows.slice(0, 40)) {
      const raw = scoreWithScorecard({ scorecard: card, attributes });
      const z = Math.log(raw.pd / (1 - raw.pd));
      const r = scoreWithScorecard({ scorecard: calibrated, attributes });
      expect(r.pd).toBeCloseTo(1 / (1 + Math.exp(-(0.8 * z - 0.1))), 12);
      expect(r.basePoints + r.contributions.reduce((s, c) => s + c.points, 0)).toBeCloseTo(r.score, 9);
    }
    expect(() => calibrateScorecard({ scorecard: card, platt: { kind: 'platt', a: -1, b: 0 } })).toThrow(/reverse/);
  });

  it('CV training calibrates: the out-of-fold slope is below 1 and the cross-fitted calibration error drops', () => {
    const trained = trainScorecardWithCv({ rows, labels });
    expect(trained.calibration.platt.a).toBeGreaterThan(0.5);
    expect(trained.calibration.platt.a).toBeLessThan(1);
    expect(trained.calibration.eceAfter).toBeLessThan(trained.calibration.eceBefore);
    // Independent check of the reported figure: ECE recomputed by hand from the out-of-fold PDs.
    let ece = 0;
    for (let b = 0; b < 10; b++) {
      const inBin = trained.oofPd.map((p, i) => ({ p, y: labels[i] ?? 0 })).filter(({ p }) => (b === 9 ? p >= 0.9 : p >= b / 10 && p < (b + 1) / 10));
      if (inBin.length === 0) continue;
      const meanP = inBin.reduce((s, r) => s + r.p, 0) / inBin.length;
      const rate = inBin.reduce((s, r) => s + r.y, 0) / inBin.length;
      ece += (inBin.length / labels.length) * Math.abs(rate - meanP);
    }
    expect(trained.calibration.eceAfter).toBeCloseTo(ece, 9);
    // Monotone calibration leaves the ranking, so the CV AUC still meets the bar.
    expect(trained.cv.auc.mean).toBeGreaterThanOrEqual(0.79);
  });
});
