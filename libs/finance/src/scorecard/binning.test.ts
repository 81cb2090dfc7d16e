import { describe, expect, it } from 'vitest';
import { binFeature, findBin, woeOf } from './binning';

describe('WoE / IV', () => {
  it('matches a hand computation on a 3-category table', () => {
    // good/bad per category: a 40/10, b 30/20, c 30/70 → G = 100, B = 100.
    const values: string[] = [];
    const labels: number[] = [];
    const add = (v: string, good: number, bad: number) => {
      for (let i = 0; i < good; i++) {
        values.push(v);
        labels.push(0);
      }
      for (let i = 0; i < bad; i++) {
        values.push(v);
        labels.push(1);
      }
    };
    add('a', 40, 10);
    add('b', 30, 20);
    add('c', 30, 70);
    const binning = binFeature({ feature: 'x', kind: 'categorical', values, labels, minShare: 0.01 });
    const woe = (v: string) => findBin({ binning, value: v }).woe;
    expect(woe('a')).toBeCloseTo(Math.log(0.4 / 0.1), 10);
    expect(woe('b')).toBeCloseTo(Math.log(0.3 / 0.2), 10);
    expect(woe('c')).toBeCloseTo(Math.log(0.3 / 0.7), 10);
    const iv = (0.4 - 0.1) * Math.log(4) + (0.3 - 0.2) * Math.log(1.5) + (0.3 - 0.7) * Math.log(0.3 / 0.7);
    expect(binning.iv).toBeCloseTo(iv, 10);
    // No missing values in training: the missing bin is neutral.
    expect(findBin({ binning, value: null }).woe).toBe(0);
    expect(findBin({ binning, value: 'unseen' }).woe).toBe(0);
  });

  it('adds 0.5 to both counts of a bin with no bads', () => {
    expect(woeOf({ good: 10, bad: 0, totalGood: 100, totalBad: 50 }).woe).toBeCloseTo(Math.log(10.5 / 100 / (0.5 / 50)), 10);
  });

  it('makes numeric bins monotonic and keeps missing values in their own bin', () => {
    // Bad rate falls with x except a bump at 40–49; the bump must be merged away.
    const values: (number | null)[] = [];
    const labels: number[] = [];
    const rates = [0.6, 0.5, 0.4, 0.45, 0.2, 0.1];
    rates.forEach((rate, g) => {
      for (let i = 0; i < 100; i++) {
        values.push(g * 10 + (i % 10));
        labels.push(i < rate * 100 ? 1 : 0);
      }
    });
    for (let i = 0; i < 40; i++) {
        values.push(null);
        labels.push(i < 30 ? 1 : 0);
      }
    const binning = binFeature({ feature: 'x', kind: 'numeric', values, labels, minShare: 0.05, maxFineBins: 6 });
    const ranges = binning.bins.filter((b) => b.kind === 'range');
    for (let i = 1; i < ranges.length; i++) expect((ranges[i]?.woe ?? 0) > (ranges[i - 1]?.woe ?? 0)).toBe(true);
    expect(ranges.length).toBeGreaterThanOrEqual(3);
    const missing = binning.bins.find((b) => b.kind === 'missing');
    expect(missing).toMatchObject({ good: 10, bad: 30 });
    // Every row lands in exactly one bin, including values outside the training range.
    expect(findBin({ binning, value: -1000 })).toBe(ranges[0]);
    expect(findBin({ binning, value: 1e9 })).toBe(ranges[ranges.length - 1]);
    expect(binning.bins.reduce((s, b) => s + b.good + b.bad, 0)).toBe(values.length);
  });

  it('keeps ordinal categories in order and special categories apart', () => {
    const values: string[] = [];
    const labels: number[] = [];
    const spec: [string, number, number][] = [['low', 30, 30], ['mid', 40, 20], ['high', 50, 10], ['none', 45, 5]];
    for (const [v, good, bad] of spec) {
      for (let i = 0; i < good; i++) {
        values.push(v);
        labels.push(0);
      }
      for (let i = 0; i < bad; i++) {
        values.push(v);
        labels.push(1);
      }
    }
    const binning = binFeature({ feature: 'c', kind: 'categorical', ordinal: ['low', 'mid', 'high'], values, labels, minShare: 0.05 });
    expect(binning.bins.filter((b) => b.kind === 'categories').map((b) => b.categories)).toEqual([['low'], ['mid'], ['high'], ['none']]);
  });
});
