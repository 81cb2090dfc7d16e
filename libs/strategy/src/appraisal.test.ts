import { describe, expect, it } from 'vitest';
import { appraiseFlows, computeIrr, computeSensitivity, countSignChanges } from './appraisal';
import { addMonthsUtc, bucketLines, occurrencesOf } from './cash-flows';

const d = (s: string) => new Date(`${s}T00:00:00.000Z`);

describe('appraiseFlows (numpy convention: first flow at t = 0)', () => {
  it('matches the hand-worked case from the notes: npv(0.1, [-100, 50, 60]) = -4.96, irr 6.39%', () => {
    const a = appraiseFlows({ flows: { benefit: [0, 50, 60], cost: [100, 0, 0] }, rate: 0.1 });
    // By hand: -100 + 50/1.1 + 60/1.21 = -100 + 45.4545 + 49.5868 = -4.9587
    expect(a.npv).toBeCloseTo(-4.9587, 3);
    // IRR r solves -100 + 50/(1+r) + 60/(1+r)^2 = 0: with x = 1/(1+r), 60x² + 50x − 100 = 0,
    // x = (−50 + √(2500 + 24000)) / 120 = 0.93987, r = 1/x − 1 = 0.06394.
    const x = (-50 + Math.sqrt(2500 + 24000)) / 120;
    expect(a.irr).toEqual({ ok: true, rate: expect.closeTo(1 / x - 1, 6) });
    expect(a.roi).toBeCloseTo((110 - 100) / 100, 10);
    // Cumulative: -100, -50, +10: repaid in period 2, 50/60 of the way through → 1 + 50/60.
    expect(a.paybackPeriods).toBeCloseTo(1 + 50 / 60, 10);
    // Discounted cumulative: -100, -54.545, -4.959: never repaid within the horizon.
    expect(a.discountedPaybackPeriods).toBeNull();
  });

  it('discounted payback interpolates on discounted flows', () => {
    // Flows -1000, 600, 600 at 5%: discounted 571.4286, 544.2177; cumulative -428.571, +115.646.
    const a = appraiseFlows({ flows: { benefit: [0, 600, 600], cost: [1000, 0, 0] }, rate: 0.05 });
    expect(a.discountedPaybackPeriods).toBeCloseTo(1 + (1000 - 600 / 1.05) / (600 / 1.05 ** 2), 8);
    expect(a.paybackPeriods).toBeCloseTo(1 + 400 / 600, 10);
    expect(a.npv).toBeCloseTo(-1000 + 600 / 1.05 + 600 / 1.1025, 6);
  });

  it('a rate of 0 makes NPV the plain sum; no cost means no ROI', () => {
    const a = appraiseFlows({ flows: { benefit: [5, 5], cost: [0, 0] }, rate: 0 });
    expect(a.npv).toBe(10);
    expect(a.roi).toBeNull();
    expect(a.paybackPeriods).toBe(0);
    expect(a.irr).toEqual({ ok: false, reason: 'No IRR: the net cash flows never change sign' });
  });
});

describe('computeIrr', () => {
  it('refuses flows with several sign changes, naming how many', () => {
    // -100, +230, -132 has IRRs 10% and 20%: 100(1+r)² − 230(1+r) + 132 = (1+r − 1.1)(100(1+r) − 120).
    const flows = [-100, 230, -132];
    expect(countSignChanges(flows)).toBe(2);
    for (const r of [0.1, 0.2]) expect(-100 + 230 / (1 + r) - 132 / (1 + r) ** 2).toBeCloseTo(0, 9);
    expect(computeIrr({ flows })).toEqual({ ok: false, reason: 'No single IRR: the net cash flows change sign 2 times, so more than one rate can make NPV zero' });
  });

  it('skips zeros when counting sign changes', () => {
    expect(countSignChanges([-5, 0, 0, 3, 0, 4])).toBe(1);
    const r = computeIrr({ flows: [-100, 0, 121] });
    // -100 + 121/(1+r)² = 0 → r = 0.1
    expect(r).toEqual({ ok: true, rate: expect.closeTo(0.1, 8) });
  });
});

describe('computeSensitivity', () => {
  it('moves NPV by the hand-computed amounts and sorts the widest bar first', () => {
    const flows = { benefit: [0, 600, 600], cost: [1000, 0, 0] };
    const { baseNpv, bars } = computeSensitivity({ flows, rate: 0.05, swing: 0.1, rateSwing: 0.02 });
    const pvBenefit = 600 / 1.05 + 600 / 1.05 ** 2;
    expect(baseNpv).toBeCloseTo(pvBenefit - 1000, 8);
    const byKey = Object.fromEntries(bars.map((b) => [b.key, b]));
    expect(byKey.benefit?.npvAtLow).toBeCloseTo(0.9 * pvBenefit - 1000, 8);
    expect(byKey.benefit?.npvAtHigh).toBeCloseTo(1.1 * pvBenefit - 1000, 8);
    expect(byKey.cost?.npvAtLow).toBeCloseTo(pvBenefit - 900, 8);
    expect(byKey.cost?.npvAtHigh).toBeCloseTo(pvBenefit - 1100, 8);
    expect(byKey.rate?.npvAtLow).toBeCloseTo(600 / 1.03 + 600 / 1.03 ** 2 - 1000, 8);
    expect(byKey.rate?.npvAtHigh).toBeCloseTo(600 / 1.07 + 600 / 1.07 ** 2 - 1000, 8);
    // Benefit swing (±111.6) beats cost swing (±100) beats the rate swing (≈ ±43).
    expect(bars.map((b) => b.key)).toEqual(['benefit', 'cost', 'rate']);
  });
});

describe('ledger lines into yearly periods', () => {
  it('clamps month ends', () => {
    expect(addMonthsUtc({ date: d('2025-01-31'), months: 1 })).toEqual(d('2025-02-28'));
    expect(addMonthsUtc({ date: d('2024-01-31'), months: 1 })).toEqual(d('2024-02-29'));
    expect(addMonthsUtc({ date: d('2025-11-15'), months: 3 })).toEqual(d('2026-02-15'));
  });

  it('buckets one-off, monthly and yearly lines, with end dates and weights', () => {
    const start = d('2025-04-01');
    const lines = [
      { amount: 1000, recurrence: 'one_off' as const, startDate: d('2025-04-01'), endDate: null },
      // Jul 2025 .. Mar 2026 in period 0 (9 months), Apr .. Jun 2026 in period 1 (3 months, ends 30 Jun).
      { amount: 10, recurrence: 'monthly' as const, startDate: d('2025-07-01'), endDate: d('2026-06-30') },
      // 2025-05-01, 2026-05-01, 2027-05-01 (the last falls in period 2)
      { amount: 100, recurrence: 'yearly' as const, startDate: d('2025-05-01'), endDate: null },
    ];
    expect(bucketLines({ lines, startDate: start, horizonYears: 3 })).toEqual([1000 + 90 + 100, 30 + 100, 100]);
    expect(bucketLines({ lines, startDate: start, horizonYears: 3, weight: (l) => (l.recurrence === 'one_off' ? 0.5 : 1) })).toEqual([500 + 90 + 100, 130, 100]);
  });

  it('stops recurring at the end of the horizon', () => {
    const dates = occurrencesOf({ line: { amount: 1, recurrence: 'monthly', startDate: d('2025-01-15'), endDate: null }, horizonEnd: d('2025-04-15') });
    expect(dates).toEqual([d('2025-01-15'), d('2025-02-15'), d('2025-03-15')]);
  });
});
