import { describe, expect, it } from 'vitest';
import { ATTRIBUTES } from './codebook';
import { proposeMapping, validateApplicantsCsv } from './csv-import';

const header = ATTRIBUTES.map((a) => a.key).join(',');
// german.data line 1, written three ways: named values, codebook codes, labels.
const named = 'below_0_dm,6,critical_account,radio_television,1169,unknown_or_none,at_least_7_years,4,male_single,none,4,real_estate,67,none,own,2,skilled_employee,1,yes,yes';
const coded = 'A12,48,A32,A43,5951,A61,A73,2,A92,A101,2,A121,22,A143,A152,1,A173,1,A191,A201';
const labelled = '"no checking account",12,"critical account / other credits elsewhere",education,2096,"below 100 DM","4 to 7 years",2,"male, single",none,3,"real estate",49,none,own,1,"unskilled, resident",2,none,yes';

describe('applicant CSV validation', () => {
  it('maps columns by key or label and accepts named values, codes and labels', async () => {
    expect(proposeMapping({ header: ['Checking account balance', 'AGE', 'other'] })).toEqual({ checkingStatus: 'Checking account balance', age: 'AGE' });
    const v = await validateApplicantsCsv({ source: [header, named, coded, labelled].join('\n') });
    expect(v.errors).toEqual([]);
    expect(v.rows).toHaveLength(3);
    expect(v.rows[1]?.attributes).toMatchObject({ checkingStatus: 'dm_0_to_200', personalStatusSex: 'female_divorced_separated_married', hasTelephone: false, foreignWorker: true });
    expect(v.rows[2]?.attributes).toMatchObject({ checkingStatus: 'no_checking_account', job: 'unskilled_resident', hasTelephone: false });
    expect(v.preview[0]?.values.checkingStatus).toBe('below 0 DM');
  });

  it('names the line and column of every bad cell; a repeated row is a warning, not an error', async () => {
    const bad = [
      header,
      named,
      named.replace('radio_television', 'spaceship'),
      coded.replace(',5951,', ',abc,'),
      coded.replace(',48,', ',NaN,'),
      coded.replace(',5951,', ',Infinity,'),
      coded.replace(',22,', ',,'),
      named,
    ].join('\n');
    const v = await validateApplicantsCsv({ source: Buffer.from(bad) });
    expect(v.errors).toEqual([
      { line: 3, column: 'Purpose', message: 'Purpose: unknown category "spaceship"' },
      { line: 4, column: 'Credit amount (DM)', message: 'Credit amount (DM) "abc" is not a finite number' },
      { line: 5, column: 'Duration (months)', message: 'Duration (months) "NaN" is not a finite number' },
      { line: 6, column: 'Credit amount (DM)', message: 'Credit amount (DM) "Infinity" is not a finite number' },
      { line: 7, column: 'Age (years)', message: 'Age (years) is empty' },
    ]);
    expect(v.rowsWithErrors).toBe(5);
    expect(v.repeatedInFile).toEqual([{ line: 8, of: 2 }]);
    expect(v.rows.map((r) => r.line)).toEqual([2, 8]);
  });

  it('reports every problem of a row, not only the first', async () => {
    // The tester's row: NaN in one column and age −5 in another; both must be listed.
    const row = coded.replace(',48,', ',NaN,').replace(',22,', ',-5,').replace(',A43,', ',A4x,');
    const v = await validateApplicantsCsv({ source: [header, row].join('\n') });
    expect(v.errors).toEqual([
      { line: 2, column: 'Duration (months)', message: 'Duration (months) "NaN" is not a finite number' },
      { line: 2, column: 'Purpose', message: 'Purpose: unknown category "A4x"' },
      { line: 2, column: 'Age (years)', message: 'Age must be at least 18' },
    ]);
    expect(v.errorCount).toBe(3);
    expect(v.rowsWithErrors).toBe(1);
  });

  it('lists at most maxErrors problems but counts them all', async () => {
    const rows = Array.from({ length: 300 }, () => coded.replace(',22,', ',-5,').replace(',5951,', ',0,'));
    const v = await validateApplicantsCsv({ source: [header, ...rows].join('\n'), maxErrors: 50 });
    expect(v.errors).toHaveLength(50);
    expect(v.errorCount).toBe(600);
    expect(v.rowsWithErrors).toBe(300);
    expect(v.totalRows).toBe(300);
  });

  it('carries a chosen ID column, which must be filled and unique', async () => {
    const text = [`ref,${header}`, `A-1,${named}`, `A-2,${named}`, `,${coded}`, `A-1,${coded}`].join('\n');
    const v = await validateApplicantsCsv({ source: text, idColumn: 'ref' });
    expect(v.rows.map((r) => [r.line, r.id])).toEqual([
      [2, 'A-1'],
      [3, 'A-2'],
    ]);
    // With a declared key, identical content under two IDs is two applicants, not a repeat.
    expect(v.repeatedInFile).toEqual([]);
    expect(v.errors).toEqual([
      { line: 4, column: 'ref', message: 'ref is empty: every row needs an ID' },
      { line: 5, column: 'ref', message: 'ref "A-1" is also on line 2' },
    ]);
    expect((await validateApplicantsCsv({ source: text, idColumn: 'nope' })).errors).toEqual([{ line: 0, column: 'nope', message: 'ID column "nope" is not in the file' }]);
  });

  it('reports a missing column once, for the file', async () => {
    const v = await validateApplicantsCsv({ source: [header.replace('age,', 'years,'), named].join('\n') });
    expect(v.errors).toEqual([{ line: 0, column: 'Age (years)', message: 'Missing column for Age (years)' }]);
    const remapped = await validateApplicantsCsv({ source: [header.replace('age,', 'years,'), named].join('\n'), mapping: { ...proposeMapping({ header: header.split(',') }), age: 'years' } });
    expect(remapped.errors).toEqual([]);
  });

  it('checks ranges with the same rules as the form', async () => {
    const v = await validateApplicantsCsv({ source: [header, named.replace(',67,', ',12,')].join('\n') });
    expect(v.errors).toEqual([{ line: 2, column: 'Age (years)', message: 'Age must be at least 18' }]);
  });

  it('refuses an unreadable or empty file with a reason', async () => {
    expect((await validateApplicantsCsv({ source: `${header}\n"unclosed,1` })).errors[0]?.message).toMatch(/^Not a readable CSV file: /);
    expect((await validateApplicantsCsv({ source: header })).errors).toEqual([{ line: 0, column: '', message: 'The file has no data rows' }]);
  });
});
