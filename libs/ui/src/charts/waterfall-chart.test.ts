import { describe, expect, it } from 'vitest';
import { waterfallRows } from './waterfall-chart';

describe('waterfallRows', () => {
  it('floats each step from the running total before it to after it, then the total from 0', () => {
    const rows = waterfallRows({ steps: [{ label: 'Y0', value: -100 }, { label: 'Y1', value: 60 }, { label: 'Y2', value: 70 }], totalLabel: 'Net' });
    expect(rows.map((r) => [r.label, r.range, r.kind])).toEqual([
      ['Y0', [-100, 0], 'down'],
      ['Y1', [-100, -40], 'up'],
      ['Y2', [-40, 30], 'up'],
      ['Net', [0, 30], 'total'],
    ]);
  });
});
// Recharts 3 draws its SVG only in the browser (server rendering gives the sized wrapper alone): the bars of
// both charts are checked in the strategy app's e2e spec.
