// The challenger MLP: features, CV, calibration and the exported ONNX graph, on the real German Credit data.
import { describe, expect, it } from 'vitest';
import { createOnnxSession, runBatch } from '@platform/ml-core/onnx';
import { Standardiser } from '@platform/ml-core/data';
import { readGermanCredit } from '../seed-service';
import { CHALLENGER_INPUTS, encodeApplicant, ENCODED_COLUMNS } from './features';
import { trainChallengerWithCv } from './training';
import { openOnnxModel, scoreWithOnnx } from './serving';

describe('challenger MLP', () => {
  const data = readGermanCredit();
  const labels = data.outcomes.map((o) => (o === 'bad' ? 1 : 0));

  it('one-hot encodes the decoded attributes without the protected ones', () => {
    expect(CHALLENGER_INPUTS).not.toContain('personalStatusSex');
    expect(CHALLENGER_INPUTS).not.toContain('foreignWorker');
    expect(CHALLENGER_INPUTS).toHaveLength(18);
    const first = data.rows[0];
    if (!first) throw new Error('no rows');
    const x = encodeApplicant({ attributes: first });
    expect(x).toHaveLength(ENCODED_COLUMNS.length);
    // Exactly one 1 per categorical group.
    const checking = ENCODED_COLUMNS.map((c, i) => [c, x[i]] as const).filter(([c]) => c.key === 'checkingStatus');
    expect(checking.map(([, v]) => v).sort()).toEqual([0, 0, 0, 1]);
    expect(x[ENCODED_COLUMNS.findIndex((c) => c.key === 'amount')]).toBe(first.amount);
  });

  it('trains with 5-fold CV, calibrates, and the ONNX export reproduces the calibrated PDs', async () => {
    const trained = await trainChallengerWithCv({ rows: data.rows, labels, seed: 7 });
    console.log(`challenger CV AUC ${trained.cv.auc.mean.toFixed(4)} [${trained.cv.auc.lower.toFixed(4)}, ${trained.cv.auc.upper.toFixed(4)}], Brier ${trained.cv.brier.toFixed(4)}, KS ${trained.cv.ks.toFixed(4)}, cost ${trained.cv.expectedCostPerApplicant.toFixed(4)}, ${trained.wallTimeMs} ms`);
    expect(trained.cv.foldAuc).toHaveLength(5);
    expect(trained.cv.auc.mean).toBeGreaterThan(0.74);
    expect(trained.cv.auc.lower).toBeLessThan(trained.cv.auc.mean);
    // Platt on out-of-fold scores: the mean calibrated PD is close to the bad rate (30%).
    expect(trained.cv.brier).toBeLessThan(0.21);
    expect(trained.cv.threshold).toBeGreaterThan(0.05);
    expect(trained.cv.threshold).toBeLessThan(0.4);

    const session = await createOnnxSession({ bytes: trained.onnx });
    const standardiser = Standardiser.fromJSON(trained.preprocessing.standardiser);
    const rows = standardiser.transform({ rows: data.rows.slice(0, 50).map((attributes) => encodeApplicant({ attributes })) });
    const width = ENCODED_COLUMNS.length;
    const flat = new Float32Array(rows.length * width);
    rows.forEach((r, i) => flat.set(r, i * width));
    const { data: p } = await runBatch({ session, inputs: flat, shape: [rows.length, width] });
    const pAll = Array.from(p);
    expect(pAll.every((v) => v > 0 && v < 1)).toBe(true);
    // The final model ranks the training rows far better than chance (it was fitted on them).
    const y = labels.slice(0, 50);
    let wins = 0;
    let pairs = 0;
    y.forEach((a, i) => y.forEach((b, j) => {
      if (a === 1 && b === 0) {
        pairs += 1;
        wins += (pAll[i] ?? 0) > (pAll[j] ?? 0) ? 1 : 0;
      }
    }));
    expect(wins / pairs).toBeGreaterThan(0.75);

    // Serving: reason codes (KernelSHAP in points) plus the base add up to the model's output, and that output
    // is the ONNX graph's calibrated score computed independently here (encodeApplicant + Standardiser + Platt).
    const model = await openOnnxModel({ onnx: trained.onnx, preprocessing: trained.preprocessing });
    const items = data.rows.slice(0, 10).map((attributes) => ({ attributes }));
    const started = performance.now();
    const scored = await scoreWithOnnx({ model, items });
    console.log(`ONNX scoring with KernelSHAP reason codes: ${((performance.now() - started) / items.length).toFixed(1)} ms per application`);
    const factor = 20 / Math.LN2;
    const offset = 600 - factor * Math.log(50);
    const { a, b } = trained.preprocessing.platt;
    scored.forEach((s, i) => {
      const sum = s.basePoints + s.contributions.reduce((t, c) => t + c.points, 0);
      expect(Math.abs(sum - s.score)).toBeLessThan(1e-6);
      const raw = pAll[i] ?? NaN;
      const expectedPoints = offset - factor * (a * Math.log(raw / (1 - raw)) + b);
      expect(s.score).toBeCloseTo(expectedPoints, 3);
      expect(s.pd).toBeCloseTo(1 / (1 + Math.exp(-(a * Math.log(raw / (1 - raw)) + b))), 6);
      expect(s.contributions).toHaveLength(18);
      expect(s.reasons.length).toBeGreaterThan(0);
      expect(s.reasons.length).toBeLessThanOrEqual(5);
      expect(s.reasons.every((r) => r.points < 0 && r.text.endsWith('raised the risk'))).toBe(true);
    });
  }, 120_000);
});
