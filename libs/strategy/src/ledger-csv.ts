// The cost and benefit ledger as CSV for a spreadsheet. Cells a spreadsheet would run as a formula (starting
// with = + - @, tab or carriage return) are prefixed with an apostrophe (OWASP "CSV injection"), and every
// cell is quoted with quotes doubled (RFC 4180).

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula-safe and quoted. Numbers are written plainly (a negative number is not text). */
export function csvCell(value: string | number | null): string {
  if (value === null) return '""';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '""';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export interface TLedgerCsvRow {
  initiative: string;
  kind: 'cost' | 'benefit';
  category: string;
  description: string;
  amount: number;
  recurrence: string;
  startDate: Date;
  endDate: Date | null;
  confidence: number | null;
}

const HEADER = ['initiative', 'kind', 'category_or_type', 'description', 'amount_dm', 'recurrence', 'start_date', 'end_date', 'confidence'];
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export function writeLedgerCsv({ rows }: { rows: readonly TLedgerCsvRow[] }): string {
  const lines = [HEADER.map(csvCell).join(',')];
  for (const r of rows) {
    lines.push([r.initiative, r.kind, r.category, r.description, r.amount, r.recurrence, day(r.startDate), day(r.endDate), r.confidence].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
