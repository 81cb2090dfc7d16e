// Inputs of the strategy app's procedures, shared with the forms (server actions parse FormData with them).
import { z } from 'zod';

export const VERTICALS = ['finance', 'imaging', 'retail'] as const;
export type TVertical = (typeof VERTICALS)[number];
/** Apps whose measured job compute can be charged to an initiative. */
export const COMPUTE_APPS = ['risk', 'imaging', 'retail', 'strategy'] as const;
export type TComputeApp = (typeof COMPUTE_APPS)[number];
export const STAGES = ['idea', 'pilot', 'production', 'retired'] as const;
export type TStage = (typeof STAGES)[number];
export const COST_CATEGORIES = ['hardware', 'software', 'people', 'other'] as const;
export type TCostCategory = (typeof COST_CATEGORIES)[number];
export const BENEFIT_TYPES = ['direct', 'indirect', 'long_term'] as const;
export type TBenefitType = (typeof BENEFIT_TYPES)[number];
export const RECURRENCES = ['one_off', 'monthly', 'yearly'] as const;
export type TRecurrenceInput = (typeof RECURRENCES)[number];

const oneOf = (label: string, values: readonly string[]) => `${label} must be one of ${values.join(', ')}`;

/** `YYYY-MM-DD` naming a real calendar day, as a Date at 00:00 UTC (a Date is accepted as is). */
export function dayField(label: string) {
  return z.union([
    z.date({ error: `${label} must be a date` }),
    z
      .string({ error: `${label} is required` })
      .trim()
      .min(1, { message: `${label} is required`, abort: true })
      .regex(/^\d{4}-\d{2}-\d{2}$/, { message: `${label} must be a date written YYYY-MM-DD`, abort: true })
      .refine((s) => {
        const t = Date.parse(`${s}T00:00:00.000Z`);
        return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
      }, `${label} is not a calendar date`)
      .transform((s) => new Date(`${s}T00:00:00.000Z`)),
  ], { error: `${label} must be a date written YYYY-MM-DD` });
}

const text = (label: string, max: number) =>
  z.string({ error: `${label} is required` }).trim().min(1, `${label} is required`).max(max, `${label} must be at most ${max} characters`);

const money = (label: string) =>
  z.coerce
    .number({ error: `${label} must be a number` })
    .finite(`${label} must be a finite number`)
    .positive(`${label} must be above 0 (a saving is a benefit, not a negative cost)`)
    .max(1_000_000_000, `${label} must be at most 1 000 000 000 DM`);

const initiativeFields = {
  name: text('Name', 120),
  owner: text('Owner', 120),
  vertical: z.enum(VERTICALS, { error: oneOf('Vertical', VERTICALS) }).nullable(),
  app: z.enum(COMPUTE_APPS, { error: oneOf('Compute app', COMPUTE_APPS) }).nullable(),
  stage: z.enum(STAGES, { error: oneOf('Stage', STAGES) }),
  startDate: dayField('Start date'),
  horizonYears: z.coerce.number({ error: 'Horizon must be a number' }).int('Horizon must be whole years').min(1, 'Horizon must be at least 1 year').max(30, 'Horizon must be at most 30 years'),
  discountRate: z.coerce.number({ error: 'Discount rate must be a number' }).finite('Discount rate must be a finite number').min(0, 'Discount rate must be at least 0%').max(1, 'Discount rate must be at most 100%'),
  modelIds: z.array(z.string().uuid('Each linked model must be a registry model id')).max(50, 'At most 50 linked models').default([]),
};

export const ZCreateInitiativeInput = z.object(initiativeFields);
export type TCreateInitiativeInput = z.infer<typeof ZCreateInitiativeInput>;

export const ZUpdateInitiativeInput = z.object({ id: z.string().uuid('Initiative id must be a UUID'), ...initiativeFields });
export type TUpdateInitiativeInput = z.infer<typeof ZUpdateInitiativeInput>;

export const ZInitiativeIdInput = z.object({ id: z.string().uuid('Initiative id must be a UUID') });
export type TInitiativeIdInput = z.infer<typeof ZInitiativeIdInput>;

export const ZLedgerEntryIdInput = z.object({ id: z.string().uuid('Entry id must be a UUID') });

const datedLine = {
  initiativeId: z.string().uuid('Initiative id must be a UUID'),
  description: text('Description', 200),
  amount: money('Amount'),
  recurrence: z.enum(RECURRENCES, { error: oneOf('Recurrence', RECURRENCES) }),
  startDate: dayField('Start date'),
  endDate: dayField('End date').nullable().default(null),
};

type TDatedLine = { recurrence: TRecurrenceInput; startDate: Date; endDate: Date | null };
const datesInOrder = <T extends TDatedLine>(schema: z.ZodType<T>) =>
  schema
    .refine((v) => v.endDate === null || v.endDate >= v.startDate, { path: ['endDate'], message: 'End date must be on or after the start date' })
    .refine((v) => v.endDate === null || v.recurrence !== 'one_off', { path: ['endDate'], message: 'End date applies to recurring entries only' });

export const ZAddCostInput = datesInOrder(z.object({ ...datedLine, category: z.enum(COST_CATEGORIES, { error: oneOf('Category', COST_CATEGORIES) }) }));
export type TAddCostInput = z.infer<typeof ZAddCostInput>;

export const ZAddBenefitInput = datesInOrder(
  z.object({
    ...datedLine,
    type: z.enum(BENEFIT_TYPES, { error: oneOf('Benefit type', BENEFIT_TYPES) }),
    confidence: z.coerce.number({ error: 'Confidence must be a number' }).finite('Confidence must be a finite number').gt(0, 'Confidence must be above 0%').max(1, 'Confidence must be at most 100%').default(1),
  }),
);
export type TAddBenefitInput = z.infer<typeof ZAddBenefitInput>;

export const ZComputeRatesInput = z.object({
  cpuHourRate: z.coerce.number({ error: 'CPU-hour rate must be a number' }).finite('CPU-hour rate must be finite').min(0, 'CPU-hour rate must be at least 0').max(10_000, 'CPU-hour rate must be at most 10 000 DM'),
  gpuHourRate: z.coerce.number({ error: 'GPU-hour rate must be a number' }).finite('GPU-hour rate must be finite').min(0, 'GPU-hour rate must be at least 0').max(100_000, 'GPU-hour rate must be at most 100 000 DM'),
});
export type TComputeRatesInput = z.infer<typeof ZComputeRatesInput>;

export const ZAppraisalInput = z.object({
  id: z.string().uuid('Initiative id must be a UUID'),
  /** Relative swing of benefits and costs in the tornado (0.2 = ±20%). */
  swing: z.coerce.number().min(0.01, 'Swing must be at least 1%').max(0.9, 'Swing must be at most 90%').default(0.2),
  /** Absolute swing of the discount rate (0.02 = ±2 points). */
  rateSwing: z.coerce.number().min(0.001, 'Rate swing must be at least 0.1 points').max(0.5, 'Rate swing must be at most 50 points').default(0.02),
});
export type TAppraisalInput = z.infer<typeof ZAppraisalInput>;

export const RISK_CATEGORIES = ['technical', 'market', 'legal'] as const;
export const RISK_STATUSES = ['open', 'mitigating', 'closed'] as const;
const scale = (label: string) => z.coerce.number({ error: `${label} must be a number` }).int(`${label} must be a whole number from 1 to 5`).min(1, `${label} must be from 1 to 5`).max(5, `${label} must be from 1 to 5`);

const riskFields = {
  title: text('Title', 200),
  category: z.enum(RISK_CATEGORIES, { error: oneOf('Category', RISK_CATEGORIES) }),
  likelihood: scale('Likelihood'),
  impact: scale('Impact'),
  owner: text('Owner', 120),
  mitigation: text('Mitigation', 2000),
  status: z.enum(RISK_STATUSES, { error: oneOf('Status', RISK_STATUSES) }).default('open'),
  reviewDate: dayField('Review date'),
  initiativeId: z.string().uuid('Initiative id must be a UUID').nullable().default(null),
};

export const ZCreateRiskInput = z.object(riskFields);
export type TCreateRiskInput = z.infer<typeof ZCreateRiskInput>;
export const ZUpdateRiskInput = z.object({ id: z.string().uuid('Risk id must be a UUID'), ...riskFields });
export type TUpdateRiskInput = z.infer<typeof ZUpdateRiskInput>;
