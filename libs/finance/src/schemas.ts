// Zod schemas shared by the finance procedures and the risk app's forms. Client-safe.
import { z } from 'zod';
import { specSchema } from '@platform/model-ops/spec';
import { APPLICATION_STATUS, DECISION_OUTCOME, GERMAN_CREDIT_SPEC, GRADES, LOAN_PURPOSE, type TApplicantAttributes } from './codebook';

export const ZQueueSort = z.enum(['pd', 'amount', 'createdAt', 'points']);

export const ZQueueInput = z.object({
  sort: ZQueueSort.default('pd'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  grades: z.array(z.enum(GRADES)).max(5).optional(),
  purpose: z.enum(LOAN_PURPOSE).optional(),
  status: z.enum(APPLICATION_STATUS).optional(),
  minPd: z.number().min(0).max(1).optional(),
  maxPd: z.number().min(0).max(1).optional(),
  minAmount: z.number().min(0).optional(),
  maxAmount: z.number().min(0).optional(),
  /** The last row of the previous page: its sort value (as text) and id. */
  cursor: z.object({ value: z.string().min(1).max(64), id: z.string().uuid() }).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type TQueueInput = z.infer<typeof ZQueueInput>;

export const ZApplicationIdInput = z.object({ id: z.string().uuid() });
export type TApplicationIdInput = z.infer<typeof ZApplicationIdInput>;

export const ZDecideInput = z.object({
  applicationId: z.string().uuid(),
  outcome: z.enum(DECISION_OUTCOME),
  reason: z.string().trim().max(2000).optional(),
});
export type TDecideInput = z.infer<typeof ZDecideInput>;

/** Promoting a challenger changes which model a risk officer relies on: the reason is written down. */
export const ZPromoteModelInput = z.object({
  versionId: z.string().uuid(),
  reason: z.string().trim().min(1, 'Give a reason for the promotion').max(2000),
});
export type TPromoteModelInput = z.infer<typeof ZPromoteModelInput>;

export const ZFinanceAuditInput = z.object({
  /** Which finance actions: every one, decisions only, or reads of applications only. */
  kind: z.enum(['all', 'decisions', 'reads']).default('all'),
  cursor: z.string().uuid().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type TFinanceAuditInput = z.infer<typeof ZFinanceAuditInput>;

export const ZKpisInput = z.object({
  from: z.coerce.date().default(() => new Date(Date.now() - 30 * 24 * 3600 * 1000)),
  to: z.coerce.date().default(() => new Date()),
});
export type TKpisInput = z.infer<typeof ZKpisInput>;

export const ZKpisOutput = z.object({
  from: z.date(),
  to: z.date(),
  applicationsScored: z.number().int(),
  decisions: z.object({ approve: z.number().int(), decline: z.number().int(), refer: z.number().int(), total: z.number().int() }),
  overrideRate: z.number(),
  expectedLossAvoided: z.number(),
  expectedLossIfAllApproved: z.number(),
});

/** One application as a risk officer enters it (the form and the CSV import share it): derived from the feature spec. */
export const ZNewApplicationInput = specSchema<TApplicantAttributes>({ spec: GERMAN_CREDIT_SPEC });
export type TNewApplicationInput = TApplicantAttributes;

const ZMapping = z.record(z.string(), z.string().max(200));

/** A file the risk officer uploaded (POST /api/uploads), read with a column mapping and an optional ID column. */
export const ZCsvPreviewInput = z.object({
  uploadId: z.string().uuid('Upload the file again (its id is not valid)'),
  mapping: ZMapping.optional(),
  /** A column of the user's to carry with each row (into the scored CSV, and as the application's reference). */
  idColumn: z.string().trim().min(1).max(200).optional(),
});
export type TCsvPreviewInput = z.infer<typeof ZCsvPreviewInput>;

/** What to do with rows already in the book or repeated in the file. */
export const DUPLICATE_CHOICES = ['skip', 'import'] as const;

export const ZCsvImportInput = ZCsvPreviewInput.extend({
  mapping: ZMapping,
  onDuplicates: z.enum(DUPLICATE_CHOICES, { error: 'Choose whether to skip or import the repeated rows' }).optional(),
});
export type TCsvImportInput = z.infer<typeof ZCsvImportInput>;

export const ZRiskSettingsInput = z
  .object({
    lgd: z.number().gt(0, 'LGD must be above 0').max(1, 'LGD must be at most 1'),
    bands: z
      .array(
        z.object({
          grade: z.enum(GRADES, { error: 'Grade must be one of A–E' }),
          maxPd: z.number({ error: 'Maximum PD must be a number' }).gt(0, 'Maximum PD must be above 0').max(1, 'Maximum PD must be at most 1 (100%)'),
          description: z.string().trim().min(1, 'Description must not be empty').max(200, 'Description must be at most 200 characters'),
        }),
      )
      .length(5, 'Give one band for each grade A–E'),
  })
  .superRefine((v, ctx) => {
    const order = [...v.bands].sort((a, b) => a.grade.localeCompare(b.grade));
    if (new Set(order.map((b) => b.grade)).size !== 5) ctx.addIssue({ code: 'custom', path: ['bands'], message: 'Each grade A–E appears exactly once' });
    for (let i = 1; i < order.length; i++) {
      if ((order[i]?.maxPd ?? 0) <= (order[i - 1]?.maxPd ?? 0)) ctx.addIssue({ code: 'custom', path: ['bands'], message: `Grade ${order[i]?.grade ?? ''} must start above grade ${order[i - 1]?.grade ?? ''}'s maximum PD` });
    }
    if (order[4]?.maxPd !== 1) ctx.addIssue({ code: 'custom', path: ['bands'], message: 'Grade E must reach PD 1 (100%)' });
  });
export type TRiskSettingsInput = z.infer<typeof ZRiskSettingsInput>;

/** The drift windows offered: a month, a quarter, half a year and a year of applications. */
export const DRIFT_WINDOW_DAYS = [30, 90, 180, 365] as const;
export type TDriftWindowDays = (typeof DRIFT_WINDOW_DAYS)[number];
export const DEFAULT_DRIFT_WINDOW_DAYS: TDriftWindowDays = 90;

/**
 * Which recent applications PSI compares with the training sample: those created in the `days` whole UTC days
 * ending with `to` (default today). A fixed end date lets a validator reproduce last quarter's report later.
 */
export const ZMonitoringInput = z
  .object({
    days: z.literal(DRIFT_WINDOW_DAYS, { error: 'Window (days) must be 30, 90, 180 or 365' }).default(DEFAULT_DRIFT_WINDOW_DAYS),
    to: z.iso
      .date({ error: 'Window end (to) must be a date written YYYY-MM-DD' })
      // ISO dates compare as text; a window ending in the future would silently read as a shorter one.
      .refine((d) => d <= new Date().toISOString().slice(0, 10), 'Window end (to) must not be after today (UTC)')
      .optional(),
  })
  // The page and older callers ask without an input: that means the last 90 days.
  .prefault({});
export type TMonitoringInput = z.infer<typeof ZMonitoringInput>;
