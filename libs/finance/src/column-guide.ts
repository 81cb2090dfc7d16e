// The import's column guide and template, generated from the feature spec the validator checks against, so
// what the page promises is what the import accepts. Client-safe.
import { describeColumns, templateCsv, type TColumnGuideRow } from '@platform/model-ops/spec';
import { GERMAN_CREDIT_SPEC, type TApplicantAttributes } from './codebook';

export type { TColumnGuideRow };

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

/** One row per attribute: the column name the import matches, its type, the values it accepts and an example. */
export function describeApplicantColumns(): TColumnGuideRow[] {
  return describeColumns({ spec: GERMAN_CREDIT_SPEC, example: EXAMPLE });
}

/** A template CSV: the header the import matches at once, and one example applicant. */
export function applicantTemplateCsv(): string {
  return templateCsv({ spec: GERMAN_CREDIT_SPEC, example: EXAMPLE });
}
