import { describe, expect, it } from 'vitest';
import { inferColumns, specFromColumns, type TColumnChoice } from './column-inference';
import { validateCsv } from './csv-validation';

// A card portfolio unlike German Credit: an id, a decimal, a whole number, a category, a yes/no flag, a date,
// a constant column, a free-text column with a level per row, a mixed column and the outcome.
const header = 'account_id,utilisation,months_on_book,region,has_mortgage,opened_on,product,notes,bureau_band,defaulted';
const rows = Array.from({ length: 120 }, (_, i) =>
  [
    `AC-${1000 + i}`,
    ((i * 7.3) % 100).toFixed(1),
    String(i % 60),
    ['north', 'south', 'east'][i % 3],
    i % 4 === 0 ? 'yes' : 'no',
    `2024-0${(i % 9) + 1}-1${i % 10}`,
    'classic',
    `note ${i}`,
    i === 5 ? 'unknown' : String(i % 5),
    i % 5 === 0 ? 'bad' : 'good',
  ].join(','),
);
const file = `${header}\n${rows.join('\n')}\n`;

describe('column inference', () => {
  it('proposes a kind per column and names what a model cannot use', async () => {
    const { rows: n, columns } = await inferColumns({ source: file });
    expect(n).toBe(120);
    const by = Object.fromEntries(columns.map((c) => [c.name, c]));
    expect(by.account_id).toMatchObject({ kind: 'text', looksLikeId: true });
    expect(by.utilisation).toMatchObject({ kind: 'numeric', missing: 0, min: 0 });
    expect(by.months_on_book).toMatchObject({ kind: 'integer', distinct: 60, max: 59 });
    expect(by.region).toMatchObject({ kind: 'categorical', distinct: 3, levels: ['east', 'north', 'south'] });
    expect(by.has_mortgage?.kind).toBe('boolean');
    expect(by.opened_on?.kind).toBe('date');
    expect(by.product?.problems).toEqual(['product has the same value (classic) in every filled row: it cannot tell rows apart']);
    expect(by.notes?.problems[0]).toBe('notes has 120 different values: too many for a category (at most 50); exclude it or group its values');
    expect(by.bureau_band?.problems[0]).toBe('bureau_band mixes numbers (119 rows) with text (1 rows, e.g. "unknown")');
    expect(by.defaulted).toMatchObject({ kind: 'categorical', distinct: 2 });
  });

  it('refuses a header-only file, a duplicate header and a file that is not CSV, naming what is wrong', async () => {
    await expect(inferColumns({ source: 'a,b\n' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'The file has a header row but no data rows' });
    await expect(inferColumns({ source: 'a,a\n1,2\n' })).rejects.toMatchObject({ message: 'Column "a" appears twice in the header row' });
    await expect(inferColumns({ source: '' })).rejects.toMatchObject({ message: 'The file is empty: no header row' });
    await expect(inferColumns({ source: 'a,b\n"1,2\n' })).rejects.toMatchObject({ message: expect.stringMatching(/^Not a readable CSV file/) });
  });

  it('turns the choices into a feature spec the validator reads the same file with', async () => {
    const inference = await inferColumns({ source: file });
    const choices: TColumnChoice[] = [
      { name: 'account_id', role: 'exclude', kind: 'categorical' },
      { name: 'utilisation', role: 'input', kind: 'numeric', label: 'Credit utilisation (%)', riskDirection: 'increases' },
      { name: 'months_on_book', role: 'input', kind: 'integer' },
      { name: 'region', role: 'protected', kind: 'categorical' },
      { name: 'has_mortgage', role: 'input', kind: 'boolean' },
      { name: 'opened_on', role: 'input', kind: 'date' },
      { name: 'defaulted', role: 'target', kind: 'categorical' },
    ];
    const { spec, target } = specFromColumns({ name: 'Cards 2026', inference, choices, positive: 'bad' });
    expect(target).toEqual({ column: 'defaulted', positive: 'bad', positives: 24, negatives: 96 });
    expect(spec.features.map((f) => `${f.key}:${f.kind}${f.protected ? ':protected' : ''}`)).toEqual(['utilisation:numeric', 'months_on_book:numeric', 'region:categorical:protected', 'has_mortgage:boolean', 'opened_on:date']);
    const v = await validateCsv({ spec, source: file });
    expect(v).toMatchObject({ errorCount: 0, totalRows: 120 });
    expect(v.rows).toHaveLength(120);

    const pick = (over: Partial<TColumnChoice> & { name: string }) => choices.map((c) => (c.name === over.name ? { ...c, ...over } : c));
    expect(() => specFromColumns({ name: 'x', inference, choices, positive: 'late' })).toThrow('"late" is not a value of defaulted (values: good, bad)');
    expect(() => specFromColumns({ name: 'x', inference, choices: [...pick({ name: 'defaulted', role: 'input' })], positive: 'bad' })).toThrow('Mark one column as the target');
    expect(() => specFromColumns({ name: 'x', inference, choices: [...choices, { name: 'region', role: 'target', kind: 'categorical' } satisfies TColumnChoice], positive: 'bad' })).toThrow('Only one column can be the target (marked: defaulted, region)');
    expect(() => specFromColumns({ name: 'x', inference, choices: pick({ name: 'defaulted', role: 'exclude' }).concat({ name: 'product', role: 'target', kind: 'categorical' }), positive: 'classic' })).toThrow('Target product has one class only (classic): a model needs both outcomes');
    expect(() => specFromColumns({ name: 'x', inference, choices: [...choices, { name: 'notes', role: 'input', kind: 'categorical' }], positive: 'bad' })).toThrow('notes has 120 different values: too many for a category; exclude it or group its values');
    expect(() => specFromColumns({ name: 'x', inference, choices: [...choices, { name: 'bureau_band', role: 'input', kind: 'integer' }], positive: 'bad' })).toThrow('bureau_band cannot be a number: bureau_band mixes numbers (119 rows) with text (1 rows, e.g. "unknown")');
    expect(() => specFromColumns({ name: 'x', inference, choices: [...choices, { name: 'product', role: 'input', kind: 'categorical' }], positive: 'bad' })).toThrow('product has the same value in every row: exclude it');
    expect(() => specFromColumns({ name: 'x', inference, choices: [...choices, { name: 'nope', role: 'input', kind: 'numeric' }], positive: 'bad' })).toThrow('Column "nope" is not in the file');
  });
});
