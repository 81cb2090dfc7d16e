import { z } from 'zod';

export const ZAuditListInput = z.object({
  actorEmail: z.string().trim().max(200).optional(),
  action: z.string().trim().max(200).optional(),
  outcome: z.enum(['success', 'denied', 'error']).optional(),
  app: z.enum(['strategy', 'risk', 'imaging', 'retail']).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  cursor: z.string().uuid().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type TAuditListInput = z.infer<typeof ZAuditListInput>;

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

export const ZJobIdInput = z.object({ id: z.string().uuid() });
export type TJobIdInput = z.infer<typeof ZJobIdInput>;

export const ZJobOutput = z.object({
  id: z.string(),
  kind: z.string(),
  app: z.string(),
  title: z.string(),
  status: z.enum(JOB_STATUSES),
  progress: z.number(),
  message: z.string().nullable(),
  attempts: z.number().int(),
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});
export type TJobOutput = z.infer<typeof ZJobOutput>;

/** The administrators' job history: every app and status unless filtered, newest first, a page at a time. */
export const ZJobHistoryInput = z.object({
  status: z.enum(JOB_STATUSES).optional(),
  app: z.enum(['strategy', 'risk', 'imaging', 'retail']).optional(),
  cursor: z.string().uuid().optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type TJobHistoryInput = z.infer<typeof ZJobHistoryInput>;

export const ZJobHistoryOutput = z.object({
  rows: z.array(
    ZJobOutput.omit({ result: true }).extend({
      createdByEmail: z.string().nullable(),
      durationMs: z.number().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export type TJobHistoryOutput = z.infer<typeof ZJobHistoryOutput>;

export const ZMeOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'risk_officer', 'radiologist', 'merchandiser', 'executive']),
});
