import { describe, expect, it } from 'vitest';
import { applicantTemplateCsv, describeApplicantColumns } from './column-guide';
import { validateApplicantsCsv } from './csv-import';

describe('import column guide and template', () => {
  it('the template imports as it is: every column matched, its example row valid', async () => {
    const v = await validateApplicantsCsv({ source: applicantTemplateCsv() });
    expect(v.errors).toEqual([]);
    expect(v.rows).toHaveLength(1);
    expect(v.rows[0]?.attributes).toMatchObject({ amount: 1169, age: 67, hasTelephone: true, checkingStatus: 'below_0_dm' });
  });

  it('lists every attribute with the ranges and values the validator enforces', async () => {
    const guide = describeApplicantColumns();
    expect(guide).toHaveLength(20);
    const age = guide.find((g) => g.column === 'age');
    expect(age).toMatchObject({ type: 'whole number', accepted: 'from 18 to 120 (years)' });
    // What the guide says is the edge really is the edge.
    const template = applicantTemplateCsv().split('\n');
    const ageIndex = (template[0] ?? '').split(',').indexOf('age');
    const withAge = (n: number) => {
      const cells = (template[1] ?? '').split(',');
      cells[ageIndex] = String(n);
      return `${template[0]}\n${cells.join(',')}\n`;
    };
    expect((await validateApplicantsCsv({ source: withAge(18) })).errorCount).toBe(0);
    expect((await validateApplicantsCsv({ source: withAge(17) })).errorCount).toBe(1);
    expect(guide.find((g) => g.column === 'checkingStatus')?.accepted).toContain('below_0_dm (A11: below 0 DM)');
    expect(guide.find((g) => g.column === 'hasTelephone')).toMatchObject({ type: 'yes / no' });
    // An exclusive bound reads as one: the validator refuses an amount of 0.
    expect(guide.find((g) => g.column === 'amount')).toMatchObject({ type: 'number', accepted: 'above 0 to 10,000,000 (DM)' });
  });
});
