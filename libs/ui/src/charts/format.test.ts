// Axis scales and number formats of the shared charts, against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { formatChartNumber, niceScale, niceTicks, tickFormat } from './format';

describe('chart scales', () => {
  it('covers a count axis with round whole steps from zero', () => {
    // 218 over ~5 intervals: raw step 43.6 → 50.
    expect(niceScale({ min: 0, max: 218, integer: true })).toEqual({ domain: [0, 250], ticks: [0, 50, 100, 150, 200, 250] });
    // Small counts never get fractional ticks.
    expect(niceScale({ min: 0, max: 3, integer: true }).ticks).toEqual([0, 1, 2, 3]);
    // All zero: still a readable axis.
    expect(niceScale({ min: 0, max: 0, integer: true }).ticks).toEqual([0, 1]);
  });

  it('puts zero on a signed axis and ends on steps', () => {
    // −23.8 … 14.1: span 37.9 / 5 = 7.58 → step 10.
    expect(niceScale({ min: -23.8, max: 14.1 })).toEqual({ domain: [-30, 20], ticks: [-30, -20, -10, 0, 10, 20] });
  });

  it('ticks the unit square in fifths', () => {
    expect(niceTicks({ min: 0, max: 1 })).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('formats ticks with the digits that tell them apart', () => {
    const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
    expect(ticks.map((t) => formatChartNumber(t, tickFormat(ticks, { digits: 3 })))).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(ticks.map((t) => formatChartNumber(t, tickFormat(ticks, { style: 'percent', digits: 1 })))).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
  });

  it('formats values: percent, sign, thousands, unit, minus sign', () => {
    expect(formatChartNumber(0.1875, { style: 'percent', digits: 1 })).toBe('18.8%');
    expect(formatChartNumber(12.34, { digits: 1, signed: true })).toBe('+12.3');
    expect(formatChartNumber(-7.25, { digits: 1, signed: true })).toBe('−7.3');
    expect(formatChartNumber(-0.01, { digits: 1 })).toBe('0.0');
    expect(formatChartNumber(1234, { unit: 'DM' })).toBe('1,234 DM');
    expect(formatChartNumber(Number.NaN)).toBe('—');
  });
});
