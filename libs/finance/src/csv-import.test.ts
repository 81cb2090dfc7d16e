import { describe, expect, it } from 'vitest';
import { ATTRIBUTES } from './codebook';
import { proposeMapping, validateApplicantsCsv } from './csv-import';

const header = ATTRIBUTES.map((a) => a.key).join(',');
// german.data line 1, written three ways: named values, codebook codes, labels.
const named = 'below_0_dm,6,critical_account,radio_television,1169,unknown_or_none,at_least_7_years,4,male_single,none,4,real_estate,67,none,own,2,skilled_employee,1,yes,yes';
const coded = 'A12,48,A32,A43,5951,A61,A73,2,A92,A101,2,A121,22,A143,A152,1,A173,1,A191,A201';
const labelled = '"no checking account",12,"critical account / other credits elsewhere",education,2096,"below 100 DM","4 to 7 years",2,"male, single",none,3,"real estate",49,none,own,1,"unskilled, resident",2,none,yes';

describe('applicant CSV validation', () => {
  it('maps columns by key or label and accepts named values, codes and labels', () => {
    expect(proposeMapping({ header: ['Checking account balance', 'AGE', 'other'] })).toEqual({ checkingStatus: 'Checking account balance', age: 'AGE' });
    const v = validateApplicantsCsv({ text: [header, named, coded, labelled].join('\n') });
    expect(v.errors).toEqual([]);
    expect(v.rows).toHaveLength(3);
    expect(v.rows[1]).toMatchObject({ checkingStatus: 'dm_0_to_200', personalStatusSex: 'female_divorced_separated_married', hasTelephone: false, foreignWorker: true });
    expect(v.rows[2]).toMatchObject({ checkingStatus: 'no_checking_account', job: 'unskilled_resident', hasTelephone: false });
    expect(v.preview[0]?.values.checkingStatus).toBe('below 0 DM');
  });

  it('names the line and column of every bad cell, and flags duplicates', () => {
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
    const v = validateApplicantsCsv({ text: bad });
    expect(v.errors).toEqual([
      { line: 3, column: 'Purpose', message: 'Purpose: unknown category "spaceship"' },
      { line: 4, column: 'Credit amount (DM)', message: 'Credit amount (DM) "abc" is not a finite number' },
      { line: 5, column: 'Duration (months)', message: 'Duration (months) "NaN" is not a finite number' },
      { line: 6, column: 'Credit amount (DM)', message: 'Credit amount (DM) "Infinity" is not a finite number' },
      { line: 7, column: 'Age (years)', message: 'Age (years) is empty' },
      { line: 8, column: '', message: 'Duplicate of line 2' },
    ]);
    expect(v.rows).toHaveLength(1);
  });

  it('reports a missing column once, for the file', () => {
    const v = validateApplicantsCsv({ text: [header.replace('age,', 'years,'), named].join('\n') });
    expect(v.errors).toEqual([{ line: 0, column: 'Age (years)', message: 'Missing column for Age (years)' }]);
    const remapped = validateApplicantsCsv({ text: [header.replace('age,', 'years,'), named].join('\n'), mapping: { ...proposeMapping({ header: header.split(',') }), age: 'years' } });
    expect(remapped.errors).toEqual([]);
  });

  it('checks ranges with the same rules as the form', () => {
    const v = validateApplicantsCsv({ text: [header, named.replace(',67,', ',12,')].join('\n') });
    expect(v.errors).toEqual([{ line: 2, column: 'Age (years)', message: 'Age must be at least 18' }]);
  });
});
