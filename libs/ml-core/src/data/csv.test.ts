import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readMlCoreEnv } from '../env';
import { parseCsv, readCsv } from './csv';

const schema = {
  id: { type: 'integer' },
  amount: { type: 'number' },
  purpose: { type: 'category', categories: ['car', 'tv'] },
  opened: { type: 'date' },
  note: { type: 'string', required: false },
} as const;

describe('parseCsv', () => {
  it('returns typed rows for valid input', () => {
    const text = 'id,amount,purpose,opened,note\n1,12.5,car,2011-12-09 12:50:00,hello\n2,-3e2,tv,2010-12-01,\n';
    const { rows, errors, rowCount } = parseCsv({ text, schema, key: 'id' });
    expect(errors).toEqual([]);
    expect(rowCount).toBe(2);
    expect(rows).toEqual([
      { id: 1, amount: 12.5, purpose: 'car', opened: new Date(Date.UTC(2011, 11, 9, 12, 50, 0)), note: 'hello' },
      { id: 2, amount: -300, purpose: 'tv', opened: new Date(Date.UTC(2010, 11, 1)), note: null },
    ]);
  });

  it('reports each problem with row, column and the offending text', () => {
    const text = [
      'id,amount,purpose,opened,note',
      '1,12.5,car,2011-01-01,', // ok
      '2,abc,car,2011-01-01,', // non-numeric
      '3,NaN,car,2011-01-01,', // NaN
      '4,Infinity,car,2011-01-01,', // Infinity
      '5,1,boat,2011-01-01,', // unknown category
      '6,,car,2011-01-01,', // required missing
      '1,2,tv,2011-01-01,', // duplicate key of row 1
      '7.5,1,tv,2011-02-30,', // not an integer, impossible date
      '8,1,tv', // too few fields
    ].join('\n');
    const { rows, errors } = parseCsv({ text, schema, key: 'id' });
    expect(rows.map((r) => r.id)).toEqual([1]);
    expect(errors).toEqual([
      { row: 2, column: 'amount', message: 'not a number: "abc"' },
      { row: 3, column: 'amount', message: 'non-finite value "NaN" (NaN/Infinity not allowed)' },
      { row: 4, column: 'amount', message: 'non-finite value "Infinity" (NaN/Infinity not allowed)' },
      { row: 5, column: 'purpose', message: 'unknown category "boat" (expected one of car, tv)' },
      { row: 6, column: 'amount', message: 'required value missing' },
      { row: 7, column: 'id', message: 'duplicate key id="1" (first seen in row 1)' },
      { row: 8, column: 'id', message: 'not an integer: "7.5"' },
      { row: 8, column: 'opened', message: 'not a valid date: "2011-02-30" (expected YYYY-MM-DD[ HH:MM[:SS]])' },
      { row: 9, column: null, message: 'row has 3 fields, header has 5' },
      { row: 9, column: 'opened', message: 'value missing (row too short)' },
    ]);
  });

  it('names a missing required column and reads quoted fields', () => {
    const missing = parseCsv({ text: 'id,amount\n1,2\n', schema });
    expect(missing.errors).toContainEqual({ row: 0, column: 'purpose', message: 'missing column "purpose" (header has: id, amount)' });
    expect(missing.errors.some((e) => e.column === 'note')).toBe(false); // optional column may be absent
    const quoted = parseCsv({
      text: 'name,qty\n"WHITE HANGING HEART, T-LIGHT",6\n',
      schema: { name: { type: 'string' }, qty: { type: 'integer' } },
    });
    expect(quoted.rows).toEqual([{ name: 'WHITE HANGING HEART, T-LIGHT', qty: 6 }]);
  });

  it('honours time zones in dates', () => {
    const { rows } = parseCsv({ text: 't\n2020-01-01T10:00:00+02:00\n', schema: { t: { type: 'date' } } });
    expect(rows[0]?.t.toISOString()).toBe('2020-01-01T08:00:00.000Z');
  });
});

// Real data: PLATFORM_DATA_DIR, else ../shared/data beside the repository (from libs/ml-core/src/data).
const DATA_DIR = readMlCoreEnv().PLATFORM_DATA_DIR ?? fileURLToPath(new URL('../../../../../shared/data', import.meta.url));
const GERMAN = join(DATA_DIR, 'german_credit', 'german.data');

describe('readCsv on UCI German Credit', () => {
  it('reads 1000 rows with 700 good / 300 bad (counts from the data README)', async () => {
    if (!existsSync(GERMAN)) throw new Error(`german.data not found at ${GERMAN}`);
    const columns = Array.from({ length: 21 }, (_, i) => `a${i + 1}`);
    const { rows, errors } = await readCsv({
      path: GERMAN,
      columns,
      delimiter: ' ',
      schema: {
        a1: { type: 'category', categories: ['A11', 'A12', 'A13', 'A14'] },
        a2: { type: 'integer', min: 1 },
        a5: { type: 'number', min: 0 },
        a13: { type: 'integer' },
        a21: { type: 'category', categories: ['1', '2'] },
      },
    });
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(1000);
    expect(rows.filter((r) => r.a21 === '1')).toHaveLength(700);
    // First applicant in german.data: A11 6 A34 A43 1169 ... 67 ... class 1.
    expect(rows[0]).toEqual({ a1: 'A11', a2: 6, a5: 1169, a13: 67, a21: '1' });
  });
  it('fails with the path when the file is missing', async () => {
    await expect(readCsv({ path: '/nonexistent/x.csv', schema: {} })).rejects.toThrow(/cannot read "\/nonexistent\/x.csv" \(ENOENT\)/);
  });
});
