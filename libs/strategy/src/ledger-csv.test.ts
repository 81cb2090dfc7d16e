import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, writeLedgerCsv } from './ledger-csv';

describe('ledger CSV', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      expect(csvCell(evil).startsWith(`"'`)).toBe(true);
    }
    expect(csvCell('GPU cluster')).toBe('"GPU cluster"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('""');
  });

  it('reads back with a CSV parser as the same fields', () => {
    const csv = writeLedgerCsv({
      rows: [
        { initiative: 'Credit, risk', kind: 'cost', category: 'people', description: '=cmd|" /C calc"!A0', amount: 1200.5, recurrence: 'monthly', startDate: new Date('2025-01-01T00:00:00Z'), endDate: null, confidence: null },
        { initiative: 'Imaging', kind: 'benefit', category: 'indirect', description: 'Line one\nline two', amount: 300, recurrence: 'one_off', startDate: new Date('2025-02-03T00:00:00Z'), endDate: null, confidence: 0.5 },
      ],
    });
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ initiative: 'Credit, risk', description: `'=cmd|" /C calc"!A0`, amount_dm: '1200.5', start_date: '2025-01-01', end_date: '', confidence: '' });
    expect(rows[1]).toMatchObject({ description: 'Line one\nline two', confidence: '0.5', category_or_type: 'indirect' });
  });
});
