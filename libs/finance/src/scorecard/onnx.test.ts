// The scorecard served by onnxruntime-node against the same scorecard evaluated in JS (bin lookup by
// findBin, the logistic regression's own formula): every German Credit applicant, plus values it never saw.
import { afterAll, describe, expect, it } from 'vitest';
import { clearOnnxSessionCache, inspectOnnx } from '@platform/ml-core/onnx';
import { readGermanCredit } from '../seed-service';
import { scoreWithScorecard, topReasons, trainScorecard } from './scorecard';
import { exportScorecardToOnnx, openScorecardOnnx, scoreScorecardWithOnnx } from './onnx';
import type { TApplicantAttributes } from '../codebook';

const { rows, outcomes } = readGermanCredit();
const labels = outcomes.map((o) => (o === 'bad' ? 1 : 0));
const scorecard = trainScorecard({ rows, labels });
const bytes = exportScorecardToOnnx({ scorecard });

afterAll(async () => {
  await clearOnnxSessionCache();
});

describe('the scorecard as ONNX', () => {
  it('declares one float input per scored attribute and returns terms, total and PD', async () => {
    const info = await inspectOnnx({ bytes, runtimeCheck: true });
    expect(info.inputs).toEqual([expect.objectContaining({ name: 'features', shape: ['N', scorecard.features.length] })]);
    expect(info.outputs.map((o) => o.name)).toEqual(['terms', 'total', 'probability']);
  });

  it('gives every German Credit applicant the PD, points and contributions of the JS scorecard', async () => {
    const model = await openScorecardOnnx({ onnx: bytes, scorecard });
    expect(model.session.executionProvider).toBe('cpu');
    const served = await scoreScorecardWithOnnx({ model, items: rows.map((attributes) => ({ attributes })) });
    expect(served).toHaveLength(rows.length);
    let worstPd = 0;
    served.forEach((s, i) => {
      const reference = scoreWithScorecard({ scorecard, attributes: rows[i] as TApplicantAttributes });
      worstPd = Math.max(worstPd, Math.abs(s.pd - reference.pd));
      expect(s.score).toBeCloseTo(reference.score, 2);
      expect(s.basePoints).toBeCloseTo(reference.basePoints, 9);
      s.contributions.forEach((c, j) => {
        expect(c.key).toBe(reference.contributions[j]?.key);
        expect(c.points).toBeCloseTo(reference.contributions[j]?.points ?? NaN, 3);
        expect(c.woe).toBeCloseTo(reference.contributions[j]?.woe ?? NaN, 5);
      });
      // The explanation adds up to the runtime's own output (float32 terms: within a thousandth of a point).
      expect(Math.abs(s.basePoints + s.contributions.reduce((sum, c) => sum + c.points, 0) - s.score)).toBeLessThan(1e-3);
    });
    expect(worstPd).toBeLessThan(1e-5);
    // Same five reasons, in the same order, as the JS scorecard for the riskiest applicant.
    const riskiest = served.reduce((best, s, i) => (s.pd > (served[best]?.pd ?? -1) ? i : best), 0);
    const attributes = rows[riskiest] as TApplicantAttributes;
    const result = served[riskiest];
    if (!result) throw new Error('no scores');
    const fromOnnx = topReasons({ result, attributes });
    expect(fromOnnx.map((r) => r.key)).toEqual(topReasons({ result: scoreWithScorecard({ scorecard, attributes }), attributes }).map((r) => r.key));
    expect(fromOnnx).toHaveLength(5);
  });

  it('puts an unseen category and a missing number in the missing bin, as findBin does', async () => {
    const model = await openScorecardOnnx({ onnx: bytes, scorecard });
    const base = rows[0] as TApplicantAttributes;
    const odd = { ...base, purpose: 'spaceship', durationMonths: Number.NaN } as unknown as TApplicantAttributes;
    const [s] = await scoreScorecardWithOnnx({ model, items: [{ attributes: odd }] });
    const reference = scoreWithScorecard({ scorecard, attributes: odd });
    expect(s?.pd).toBeCloseTo(reference.pd, 6);
    for (const key of ['purpose', 'durationMonths'] as const) {
      const j = scorecard.features.findIndex((f) => f.key === key);
      expect(j, `${key} is scored`).toBeGreaterThanOrEqual(0);
      const missingWoe = scorecard.features[j]?.binning.bins.find((b) => b.kind === 'missing')?.woe;
      expect(s?.contributions[j]?.woe).toBeCloseTo(missingWoe ?? NaN, 5);
    }
  });

  it('refuses ONNX bytes that are not a scorecard', async () => {
    const other = exportScorecardToOnnx({ scorecard: { ...scorecard, features: scorecard.features.slice(0, 2) } });
    await expect(openScorecardOnnx({ onnx: other, scorecard })).rejects.toThrow(/expects 2 attributes.*the scorecard has \d+/);
  });
});
