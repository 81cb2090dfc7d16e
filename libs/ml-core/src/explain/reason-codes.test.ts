import { describe, expect, it } from 'vitest';
import { reasonCodes } from './reason-codes';

const names = ['utilisation', 'tenure', 'missed_payments', 'income', 'enquiries', 'age_of_file', 'limit'];
const contributions = [0.12, -0.05, 0.3, -0.2, 0.07, 0, 0.01];
const describeReason = (f: string, v: number | string | undefined, d: string) => `${f}=${String(v)} (${d})`;

describe('reasonCodes', () => {
  it('returns the top-k adverse contributions, largest first, with caller text', () => {
    const r = reasonCodes({ contributions, featureNames: names, values: [0.9, 2, 3, 1000, 4, 10, 500], describe: describeReason, k: 3 });
    expect(r.map((c) => c.feature)).toEqual(['missed_payments', 'utilisation', 'enquiries']);
    expect(r[0]?.text).toBe('missed_payments=3 (adverse)');
  });

  it('never offers a favourable or zero contribution as an adverse reason', () => {
    const r = reasonCodes({ contributions, featureNames: names, describe: describeReason, k: 10 });
    expect(r.map((c) => c.feature)).toEqual(['missed_payments', 'utilisation', 'enquiries', 'limit']);
  });

  it('respects adverseSign for approval-style scores', () => {
    const r = reasonCodes({ contributions, featureNames: names, describe: describeReason, k: 2, adverseSign: 'negative' });
    expect(r.map((c) => c.feature)).toEqual(['income', 'tenure']);
  });

  it('rejects mismatched lengths', () => {
    expect(() => reasonCodes({ contributions: [1], featureNames: [], describe: describeReason })).toThrow(/1 contributions/);
  });
});
