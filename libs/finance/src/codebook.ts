// The German Credit codebook (german.doc, UCI Statlog): coded attribute values → named values and plain-language
// labels, bounds and protected attributes. This is the German Credit feature spec: the form's and the import's
// zod schema, the CSV mapping, the column guide, fairness groups and monotone constraints all derive from it.
// Client-safe (no node imports): forms and tables use the same labels as the import.
import type { TBooleanFeature, TCategoricalFeature, TFeatureSpec, TNumericFeature } from '@platform/model-ops/spec';

export const CHECKING_STATUS = ['below_0_dm', 'dm_0_to_200', 'at_least_200_dm', 'no_checking_account'] as const;
export const CREDIT_HISTORY = ['no_credits_all_paid', 'all_paid_at_this_bank', 'existing_paid_duly', 'past_delays', 'critical_account'] as const;
export const LOAN_PURPOSE = [
  'car_new',
  'car_used',
  'furniture_equipment',
  'radio_television',
  'domestic_appliances',
  'repairs',
  'education',
  'vacation',
  'retraining',
  'business',
  'other',
] as const;
export const SAVINGS_BALANCE = ['below_100_dm', 'dm_100_to_500', 'dm_500_to_1000', 'at_least_1000_dm', 'unknown_or_none'] as const;
export const EMPLOYMENT_SINCE = ['unemployed', 'below_1_year', 'years_1_to_4', 'years_4_to_7', 'at_least_7_years'] as const;
export const PERSONAL_STATUS_SEX = [
  'male_divorced_separated',
  'female_divorced_separated_married',
  'male_single',
  'male_married_widowed',
  'female_single',
] as const;
export const OTHER_DEBTORS = ['none', 'co_applicant', 'guarantor'] as const;
export const PROPERTY_TYPE = ['real_estate', 'savings_agreement_life_insurance', 'car_or_other', 'unknown_or_none'] as const;
export const OTHER_INSTALMENT_PLANS = ['bank', 'stores', 'none'] as const;
export const HOUSING = ['rent', 'own', 'for_free'] as const;
export const JOB_TYPE = ['unemployed_unskilled_non_resident', 'unskilled_resident', 'skilled_employee', 'management_self_employed'] as const;
export const APPLICATION_STATUS = ['pending', 'approved', 'declined', 'referred'] as const;
export const DECISION_OUTCOME = ['approve', 'decline', 'refer'] as const;
export const GRADES = ['A', 'B', 'C', 'D', 'E'] as const;

export type TCheckingStatus = (typeof CHECKING_STATUS)[number];
export type TCreditHistory = (typeof CREDIT_HISTORY)[number];
export type TLoanPurpose = (typeof LOAN_PURPOSE)[number];
export type TSavingsBalance = (typeof SAVINGS_BALANCE)[number];
export type TEmploymentSince = (typeof EMPLOYMENT_SINCE)[number];
export type TPersonalStatusSex = (typeof PERSONAL_STATUS_SEX)[number];
export type TOtherDebtors = (typeof OTHER_DEBTORS)[number];
export type TPropertyType = (typeof PROPERTY_TYPE)[number];
export type TOtherInstalmentPlans = (typeof OTHER_INSTALMENT_PLANS)[number];
export type THousing = (typeof HOUSING)[number];
export type TJobType = (typeof JOB_TYPE)[number];
export type TApplicationStatus = (typeof APPLICATION_STATUS)[number];
export type TDecisionOutcome = (typeof DECISION_OUTCOME)[number];
export type TGrade = (typeof GRADES)[number];

/** The applicant attributes of one application, decoded (what the scorecard reads). */
export interface TApplicantAttributes {
  checkingStatus: TCheckingStatus;
  durationMonths: number;
  creditHistory: TCreditHistory;
  purpose: TLoanPurpose;
  amount: number;
  savings: TSavingsBalance;
  employmentSince: TEmploymentSince;
  instalmentRatePct: number;
  personalStatusSex: TPersonalStatusSex;
  otherDebtors: TOtherDebtors;
  residenceSinceYears: number;
  property: TPropertyType;
  age: number;
  otherInstalmentPlans: TOtherInstalmentPlans;
  housing: THousing;
  existingCredits: number;
  job: TJobType;
  dependants: number;
  hasTelephone: boolean;
  foreignWorker: boolean;
}
export type TAttributeKey = keyof TApplicantAttributes;

/**
 * An attribute is a feature of the shared feature spec (@platform/model-ops/spec) plus its german.data column;
 * categories and yes/no attributes always carry their codebook codes (A11…).
 */
export type TAttributeSpec = { column: number } & (
  | TNumericFeature<TAttributeKey>
  | (TCategoricalFeature<TAttributeKey> & { codes: readonly string[] })
  | (TBooleanFeature<TAttributeKey> & { codes: readonly [string, string]; firstIs: boolean })
);

function labelled<T extends string>(values: readonly T[], labels: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((v, i) => [v, labels[i] ?? v]));
}

/** The 20 attributes in german.data column order. */
export const ATTRIBUTES: readonly TAttributeSpec[] = [
  {
    key: 'checkingStatus',
    label: 'Checking account balance',
    column: 0,
    kind: 'categorical',
    codes: ['A11', 'A12', 'A13', 'A14'],
    values: CHECKING_STATUS,
    labels: labelled(CHECKING_STATUS, ['below 0 DM', '0 to 200 DM', '200 DM or more (or salary assigned ≥ 1 year)', 'no checking account']),
    ordinal: ['below_0_dm', 'dm_0_to_200', 'at_least_200_dm'],
  },
  { key: 'durationMonths', label: 'Duration (months)', column: 1, kind: 'numeric', integer: true, min: 1, max: 120, unit: 'months', riskDirection: 'increases' },
  {
    key: 'creditHistory',
    label: 'Credit history',
    column: 2,
    kind: 'categorical',
    codes: ['A30', 'A31', 'A32', 'A33', 'A34'],
    values: CREDIT_HISTORY,
    labels: labelled(CREDIT_HISTORY, [
      'no credits taken / all paid back duly',
      'all credits at this bank paid back duly',
      'existing credits paid back duly till now',
      'delay in paying off in the past',
      'critical account / other credits elsewhere',
    ]),
  },
  {
    key: 'purpose',
    label: 'Purpose',
    column: 3,
    kind: 'categorical',
    codes: ['A40', 'A41', 'A42', 'A43', 'A44', 'A45', 'A46', 'A47', 'A48', 'A49', 'A410'],
    values: LOAN_PURPOSE,
    labels: labelled(LOAN_PURPOSE, [
      'new car',
      'used car',
      'furniture / equipment',
      'radio / television',
      'domestic appliances',
      'repairs',
      'education',
      'vacation',
      'retraining',
      'business',
      'other',
    ]),
  },
  { key: 'amount', label: 'Credit amount (DM)', shortLabel: 'Amount', column: 4, kind: 'numeric', min: 0, exclusiveMin: true, max: 10_000_000, unit: 'DM', riskDirection: 'increases' },
  {
    key: 'savings',
    label: 'Savings account / bonds',
    column: 5,
    kind: 'categorical',
    codes: ['A61', 'A62', 'A63', 'A64', 'A65'],
    values: SAVINGS_BALANCE,
    labels: labelled(SAVINGS_BALANCE, ['below 100 DM', '100 to 500 DM', '500 to 1000 DM', '1000 DM or more', 'unknown / no savings account']),
    ordinal: ['below_100_dm', 'dm_100_to_500', 'dm_500_to_1000', 'at_least_1000_dm'],
  },
  {
    key: 'employmentSince',
    label: 'Present employment since',
    column: 6,
    kind: 'categorical',
    codes: ['A71', 'A72', 'A73', 'A74', 'A75'],
    values: EMPLOYMENT_SINCE,
    labels: labelled(EMPLOYMENT_SINCE, ['unemployed', 'less than 1 year', '1 to 4 years', '4 to 7 years', '7 years or more']),
    ordinal: EMPLOYMENT_SINCE,
  },
  { key: 'instalmentRatePct', label: 'Instalment rate (% of disposable income)', column: 7, kind: 'numeric', integer: true, min: 1, max: 100, unit: '%', riskDirection: 'increases' },
  {
    key: 'personalStatusSex',
    label: 'Personal status and sex',
    column: 8,
    protected: true,
    kind: 'categorical',
    codes: ['A91', 'A92', 'A93', 'A94', 'A95'],
    values: PERSONAL_STATUS_SEX,
    labels: labelled(PERSONAL_STATUS_SEX, [
      'male, divorced / separated',
      'female, divorced / separated / married',
      'male, single',
      'male, married / widowed',
      'female, single',
    ]),
  },
  {
    key: 'otherDebtors',
    label: 'Other debtors / guarantors',
    column: 9,
    kind: 'categorical',
    codes: ['A101', 'A102', 'A103'],
    values: OTHER_DEBTORS,
    labels: labelled(OTHER_DEBTORS, ['none', 'co-applicant', 'guarantor']),
  },
  { key: 'residenceSinceYears', label: 'Present residence since (years)', shortLabel: 'Residence since', column: 10, kind: 'numeric', integer: true, min: 0, max: 100, unit: 'years' },
  {
    key: 'property',
    label: 'Property',
    column: 11,
    kind: 'categorical',
    codes: ['A121', 'A122', 'A123', 'A124'],
    values: PROPERTY_TYPE,
    labels: labelled(PROPERTY_TYPE, ['real estate', 'building society savings / life insurance', 'car or other', 'unknown / no property']),
  },
  { key: 'age', label: 'Age (years)', column: 12, kind: 'numeric', integer: true, min: 18, max: 120, unit: 'years' },
  {
    key: 'otherInstalmentPlans',
    label: 'Other instalment plans',
    column: 13,
    kind: 'categorical',
    codes: ['A141', 'A142', 'A143'],
    values: OTHER_INSTALMENT_PLANS,
    labels: labelled(OTHER_INSTALMENT_PLANS, ['bank', 'stores', 'none']),
  },
  {
    key: 'housing',
    label: 'Housing',
    column: 14,
    kind: 'categorical',
    codes: ['A151', 'A152', 'A153'],
    values: HOUSING,
    labels: labelled(HOUSING, ['rent', 'own', 'for free']),
  },
  { key: 'existingCredits', label: 'Existing credits at this bank', shortLabel: 'Existing credits', column: 15, kind: 'numeric', integer: true, min: 0, max: 50 },
  {
    key: 'job',
    label: 'Job',
    column: 16,
    kind: 'categorical',
    codes: ['A171', 'A172', 'A173', 'A174'],
    values: JOB_TYPE,
    labels: labelled(JOB_TYPE, [
      'unemployed / unskilled, non-resident',
      'unskilled, resident',
      'skilled employee / official',
      'management / self-employed / highly qualified',
    ]),
    ordinal: JOB_TYPE,
  },
  { key: 'dependants', label: 'Dependants (people liable to maintain)', column: 17, kind: 'numeric', integer: true, min: 0, max: 50 },
  {
    key: 'hasTelephone',
    label: 'Telephone',
    column: 18,
    kind: 'boolean',
    codes: ['A191', 'A192'],
    firstIs: false,
    labels: { true: 'yes, registered in the customer’s name', false: 'none' },
  },
  {
    key: 'foreignWorker',
    label: 'Foreign worker',
    column: 19,
    protected: true,
    kind: 'boolean',
    codes: ['A201', 'A202'],
    firstIs: true,
    labels: { true: 'yes', false: 'no' },
  },
];

/** German Credit as a feature spec of the shared model-operations library. */
export const GERMAN_CREDIT_SPEC: TFeatureSpec<TAttributeKey> = { name: 'German Credit (UCI Statlog)', features: ATTRIBUTES };

export const ATTRIBUTE_BY_KEY: Record<TAttributeKey, TAttributeSpec> = Object.fromEntries(ATTRIBUTES.map((a) => [a.key, a])) as Record<
  TAttributeKey,
  TAttributeSpec
>;

/** A value as a risk officer reads it: "below 0 DM", "36 months", "yes". */
export function describeValue({ key, value }: { key: TAttributeKey; value: string | number | boolean | null | undefined }): string {
  if (value === null || value === undefined) return 'missing';
  const spec = ATTRIBUTE_BY_KEY[key];
  if (spec.kind === 'categorical') return spec.labels[String(value)] ?? String(value);
  if (spec.kind === 'boolean') return value === true ? spec.labels.true : spec.labels.false;
  return spec.unit && spec.unit !== 'DM' && spec.unit !== '%' ? `${value} ${spec.unit}` : spec.unit === '%' ? `${value}%` : spec.unit === 'DM' ? `${value} DM` : String(value);
}

/** The plain-language reason sentence: "Checking account balance below 0 DM raised the risk". */
export function reasonText({ key, value, raised }: { key: TAttributeKey; value: string | number | boolean | null | undefined; raised: boolean }): string {
  const spec = ATTRIBUTE_BY_KEY[key];
  const label = spec.label.replace(/ \(.*\)$/, '');
  return `${label} ${describeValue({ key, value })} ${raised ? 'raised' : 'lowered'} the risk`;
}

export type TGermanRowResult = { ok: true; attributes: TApplicantAttributes; outcome: 'good' | 'bad' } | { ok: false; error: string };

/** Decodes one line of german.data (20 coded attributes + class 1 = good, 2 = bad). */
export function decodeGermanRow({ line }: { line: string }): TGermanRowResult {
  const fields = line.trim().split(/\s+/);
  if (fields.length !== 21) return { ok: false, error: `expected 21 fields, found ${fields.length}` };
  const out: Record<string, string | number | boolean> = {};
  for (const spec of ATTRIBUTES) {
    const raw = fields[spec.column] ?? '';
    if (spec.kind === 'numeric') {
      const n = Number(raw);
      if (!Number.isFinite(n) || raw === '') return { ok: false, error: `${spec.label}: "${raw}" is not a number` };
      out[spec.key] = n;
    } else if (spec.kind === 'categorical') {
      const i = spec.codes.indexOf(raw);
      if (i < 0) return { ok: false, error: `${spec.label}: unknown code "${raw}"` };
      out[spec.key] = spec.values[i] ?? raw;
    } else {
      const i = spec.codes.indexOf(raw);
      if (i < 0) return { ok: false, error: `${spec.label}: unknown code "${raw}"` };
      out[spec.key] = i === 0 ? spec.firstIs : !spec.firstIs;
    }
  }
  const cls = fields[20];
  if (cls !== '1' && cls !== '2') return { ok: false, error: `class: "${cls ?? ''}" is not 1 or 2` };
  return { ok: true, attributes: out as unknown as TApplicantAttributes, outcome: cls === '1' ? 'good' : 'bad' };
}

/** Sex as the codebook's personal-status attribute gives it (for fairness reports). */
export function sexOf({ personalStatusSex }: { personalStatusSex: TPersonalStatusSex }): 'female' | 'male' {
  return personalStatusSex.startsWith('female') ? 'female' : 'male';
}
