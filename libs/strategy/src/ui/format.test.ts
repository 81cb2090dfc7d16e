import { describe, expect, it } from 'vitest';
import { formatCount, formatDm, formatShare, formatUtcDay } from './format';

describe('executive number formats', () => {
  it('groups counts, rounds shares to one decimal and amounts to whole DM', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatShare(0.0456)).toBe('4.6%');
    expect(formatShare(0)).toBe('0.0%');
    expect(formatShare(1)).toBe('100.0%');
    expect(formatDm(441234.4)).toBe('441,234 DM');
    expect(formatDm(0.4)).toBe('0 DM');
  });

  it('shows days in UTC, whatever the offset the date was written with', () => {
    expect(formatUtcDay(new Date('2025-03-01T23:30:00-02:00'))).toBe('2 Mar 2025');
  });
});
