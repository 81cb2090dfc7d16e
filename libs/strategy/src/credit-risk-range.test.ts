import { describe, expect, it } from 'vitest';
import { resolveCreditRiskRange } from './credit-risk-range';

const now = new Date('2025-06-30T12:00:00.000Z');

describe('resolveCreditRiskRange', () => {
  it('defaults to the last 30 days up to now', () => {
    expect(resolveCreditRiskRange({ search: {}, now })).toEqual({
      ok: true,
      range: { preset: '30d', from: new Date('2025-05-31T12:00:00.000Z'), to: now, fromDay: '2025-05-31', toDay: '2025-06-30' },
    });
  });

  it('reads a preset and ignores dates beside it', () => {
    const r = resolveCreditRiskRange({ search: { range: '365d', from: 'junk' }, now });
    expect(r).toMatchObject({ ok: true, range: { preset: '365d', from: new Date('2024-06-30T12:00:00.000Z'), to: now } });
  });

  it('takes custom days as whole UTC days, both included', () => {
    const expected = { ok: true, range: { preset: 'custom', from: new Date('2025-01-01T00:00:00.000Z'), to: new Date('2025-03-31T23:59:59.999Z'), fromDay: '2025-01-01', toDay: '2025-03-31' } };
    expect(resolveCreditRiskRange({ search: { range: 'custom', from: '2025-01-01', to: '2025-03-31' }, now })).toEqual(expected);
    // Dates without a range are a custom period too.
    expect(resolveCreditRiskRange({ search: { from: '2025-01-01', to: '2025-03-31' }, now })).toEqual(expected);
    // A single day is a valid period.
    expect(resolveCreditRiskRange({ search: { from: '2025-02-28', to: '2025-02-28' }, now })).toMatchObject({ ok: true });
  });

  it('names the field that is wrong', () => {
    const errors = (search: Record<string, string>) => {
      const r = resolveCreditRiskRange({ search, now });
      return r.ok ? null : r.fieldErrors;
    };
    expect(errors({ range: 'custom', from: '2025-02-30', to: '2025-03-31' })).toEqual({ from: ['From date is not a calendar date'] });
    expect(errors({ range: 'custom', from: '01/02/2025', to: '2025-03-31' })).toEqual({ from: ['From date must be a date written YYYY-MM-DD'] });
    expect(errors({ range: 'custom', from: '2025-01-01' })).toEqual({ to: ['To date is required'] });
    expect(errors({ range: 'custom', from: '2025-04-01', to: '2025-03-31' })).toEqual({ to: ['To date must be on or after the From date'] });
    expect(errors({ range: '7d' })).toEqual({ range: ['Period must be one of 30d, 90d, 365d or custom'] });
  });

  it('keeps what was typed so the form can show it again', () => {
    expect(resolveCreditRiskRange({ search: { from: '2025-13-01', to: '2025-01-31' }, now })).toMatchObject({ ok: false, values: { from: '2025-13-01', to: '2025-01-31' } });
  });
});
