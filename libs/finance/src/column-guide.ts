// The import's column guide and template, generated from the codebook and the form's schema, so what the page
// promises is what the validator checks. Client-safe.
import { z } from 'zod';
import { ATTRIBUTES, type TApplicantAttributes } from './codebook';
import { ZNewApplicationInput } from './schemas';

export interface TColumnGuideRow {
  column: string;
  label: string;
  type: string;
  accepted: string;
  example: string;
}

/** german.data line 1 (a real applicant), the example row of the template. */
const EXAMPLE: TApplicantAttributes = {
  checkingStatus: 'below_0_dm',
  durationMonths: 6,
  creditHistory: 'critical_account',
  purpose: 'radio_television',
  amount: 1169,
  savings: 'unknown_or_none',
  employmentSince: 'at_least_7_years',
  instalmentRatePct: 4,
  personalStatusSex: 'male_single',
  otherDebtors: 'none',
  residenceSinceYears: 4,
  property: 'real_estate',
  age: 67,
  otherInstalmentPlans: 'none',
  housing: 'own',
  existingCredits: 2,
  job: 'skilled_employee',
  dependants: 1,
  hasTelephone: true,
  foreignWorker: true,
};

const exampleCell = (v: string | number | boolean) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));

/** One row per attribute: the column name the import matches, its type, the values it accepts and an example. */
export function describeApplicantColumns(): TColumnGuideRow[] {
  return ATTRIBUTES.map((a) => {
    const example = exampleCell(EXAMPLE[a.key]);
    if (a.kind === 'numeric') {
      // zod's own JSON Schema of the field: the bounds (and whether they are inclusive) the validator applies.
      const bounds = z.toJSONSchema(ZNewApplicationInput.shape[a.key]) as { type?: string; minimum?: number; exclusiveMinimum?: number; maximum?: number; exclusiveMaximum?: number };
      const n = (v: number) => v.toLocaleString('en-GB');
      const range = [
        bounds.minimum !== undefined ? `from ${n(bounds.minimum)}` : bounds.exclusiveMinimum !== undefined ? `above ${n(bounds.exclusiveMinimum)}` : '',
        bounds.maximum !== undefined ? `to ${n(bounds.maximum)}` : bounds.exclusiveMaximum !== undefined ? `below ${n(bounds.exclusiveMaximum)}` : '',
      ]
        .filter(Boolean)
        .join(' ');
      return { column: a.key, label: a.label, type: bounds.type === 'integer' ? 'whole number' : 'number', accepted: `${range || 'any number'}${a.unit ? ` (${a.unit})` : ''}`, example };
    }
    if (a.kind === 'boolean') {
      return { column: a.key, label: a.label, type: 'yes / no', accepted: `yes or no (also true/false, 1/0, ${a.codes.join('/')})`, example };
    }
    return {
      column: a.key,
      label: a.label,
      type: 'category',
      accepted: a.values.map((v, i) => `${v} (${a.codes[i] ?? ''}: ${a.labels[v] ?? v})`).join('; '),
      example,
    };
  });
}

/** A template CSV: the header the import matches at once, and one example applicant. */
export function applicantTemplateCsv(): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return `${ATTRIBUTES.map((a) => a.key).join(',')}\n${ATTRIBUTES.map((a) => quote(exampleCell(EXAMPLE[a.key]))).join(',')}\n`;
}
