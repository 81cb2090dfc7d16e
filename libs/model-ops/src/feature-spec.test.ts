import { describe, expect, it } from 'vitest';
import { decodeCell, describeFeatureValue, driftFeatures, fairnessAttributes, monotoneConstraints, proposeColumnMapping, specSchema, type TFeatureSpec } from './spec';

// A small spec of a shape unlike German Credit: a card portfolio with a date, an optional number and a protected group.
const spec: TFeatureSpec<'utilisation' | 'monthsOnBook' | 'region' | 'hasMortgage' | 'openedOn' | 'income' | 'ageBand'> = {
  name: 'Test cards',
  features: [
    { key: 'utilisation', label: 'Credit utilisation (%)', kind: 'numeric', unit: '%', min: 0, max: 200, riskDirection: 'increases' },
    { key: 'monthsOnBook', label: 'Months on book', kind: 'numeric', integer: true, min: 0, max: 600, riskDirection: 'decreases', aliases: ['MOB'] },
    { key: 'region', label: 'Region', kind: 'categorical', values: ['north', 'south'], codes: ['N', 'S'], labels: { north: 'North', south: 'South' } },
    { key: 'hasMortgage', label: 'Mortgage', kind: 'boolean', codes: ['M1', 'M0'], firstIs: true, labels: { true: 'has a mortgage', false: 'no mortgage' } },
    { key: 'openedOn', label: 'Account opened', kind: 'date' },
    { key: 'income', label: 'Income (EUR)', kind: 'numeric', unit: 'EUR', min: 0, exclusiveMin: true, missing: 'allow' },
    { key: 'ageBand', label: 'Age band', kind: 'categorical', values: ['18-30', '31-60', '61+'], labels: { '18-30': '18–30', '31-60': '31–60', '61+': '61 and over' }, protected: true },
  ],
};

describe('feature spec', () => {
  it('derives a row schema whose messages name the field and its bound', () => {
    const Z = specSchema<Record<string, unknown>>({ spec });
    const ok = Z.safeParse({ utilisation: 35, monthsOnBook: 12, region: 'north', hasMortgage: false, openedOn: '2024-01-31', income: null, ageBand: '31-60' });
    expect(ok.success).toBe(true);
    const bad = Z.safeParse({ utilisation: 250, monthsOnBook: 1.5, region: 'east', hasMortgage: 'maybe', openedOn: 'soon', income: 0, ageBand: '31-60' });
    expect(bad.success).toBe(false);
    expect(Object.fromEntries((bad.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]))).toEqual({
      utilisation: 'Credit utilisation must be at most 200',
      monthsOnBook: 'Months on book must be a whole number',
      region: 'Region must be one of north, south',
      hasMortgage: 'Mortgage must be yes or no',
      openedOn: 'Account opened must be a date (YYYY-MM-DD)',
      income: 'Income must be above 0',
    });
  });

  it('decodes cells by name, code or label, and reports every problem of a cell', () => {
    const [region, mortgage, income, months] = [spec.features[2], spec.features[3], spec.features[5], spec.features[1]];
    if (!region || !mortgage || !income || !months) throw new Error('spec');
    expect(decodeCell({ feature: region, cell: 'S' })).toEqual({ ok: true, value: 'south' });
    expect(decodeCell({ feature: region, cell: 'north' })).toEqual({ ok: true, value: 'north' });
    expect(decodeCell({ feature: region, cell: 'East' })).toEqual({ ok: false, messages: ['Region: unknown category "East"'] });
    expect(decodeCell({ feature: mortgage, cell: 'M0' })).toEqual({ ok: true, value: false });
    expect(decodeCell({ feature: mortgage, cell: 'has a mortgage' })).toEqual({ ok: true, value: true });
    expect(decodeCell({ feature: income, cell: '' })).toEqual({ ok: true, value: null });
    expect(decodeCell({ feature: months, cell: '' })).toEqual({ ok: false, messages: ['Months on book is empty'] });
    expect(decodeCell({ feature: months, cell: 'NaN' })).toEqual({ ok: false, messages: ['Months on book "NaN" is not a finite number'] });
    expect(decodeCell({ feature: months, cell: '-1.5' })).toEqual({ ok: false, messages: ['Months on book must be a whole number'] });
    expect(decodeCell({ feature: months, cell: '-2' })).toEqual({ ok: false, messages: ['Months on book must be at least 0'] });
  });

  it('maps headers by key, label, short label or alias; derives drift, fairness and monotone constraints', () => {
    expect(proposeColumnMapping({ spec, header: ['MOB', 'credit utilisation', 'REGION', 'x'] })).toEqual({ monthsOnBook: 'MOB', utilisation: 'credit utilisation', region: 'REGION' });
    expect(driftFeatures({ spec }).map((f) => `${f.key}:${f.kind}`)).toEqual(['utilisation:numeric', 'monthsOnBook:numeric', 'region:categorical', 'hasMortgage:categorical', 'income:numeric']);
    expect(fairnessAttributes({ spec }).map((f) => f.key)).toEqual(['ageBand']);
    expect(monotoneConstraints({ spec, keys: ['region', 'utilisation', 'monthsOnBook'] })).toEqual([0, 1, -1]);
    expect(() => monotoneConstraints({ spec, keys: ['nope' as 'region'] })).toThrow('"nope" is not a feature of Test cards');
    const util = spec.features[0];
    if (!util) throw new Error('spec');
    expect(describeFeatureValue({ feature: util, value: 35 })).toBe('35%');
  });
});
