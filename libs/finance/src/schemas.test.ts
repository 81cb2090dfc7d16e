import { describe, expect, it } from 'vitest';
import { ZPromoteModelInput, ZRiskSettingsInput } from './schemas';
import { DEFAULT_GRADE_BANDS } from './scoring-service';

const bands = DEFAULT_GRADE_BANDS.map((b) => ({ ...b }));

describe('ZRiskSettingsInput', () => {
  it('accepts the default bands', () => {
    expect(ZRiskSettingsInput.safeParse({ lgd: 0.45, bands }).success).toBe(true);
  });

  it('names the field and the band of every error', () => {
    const result = ZRiskSettingsInput.safeParse({
      lgd: 1.2,
      bands: bands.map((b) => (b.grade === 'B' ? { ...b, maxPd: 0 } : b.grade === 'D' ? { ...b, maxPd: Number.NaN, description: ' ' } : b)),
    });
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];
    expect(issues).toEqual(
      expect.arrayContaining([
        ['lgd', 'LGD must be at most 1'],
        ['bands.1.maxPd', 'Maximum PD must be above 0'],
        ['bands.3.maxPd', 'Maximum PD must be a number'],
        ['bands.3.description', 'Description must not be empty'],
      ]),
    );
  });
});

describe('ZPromoteModelInput', () => {
  it('refuses a switch without a written reason, saying so', () => {
    const result = ZPromoteModelInput.safeParse({ versionId: '00000000-0000-4000-8000-000000000000', reason: '   ' });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['reason', 'Give a reason for the promotion']]);
  });
});
