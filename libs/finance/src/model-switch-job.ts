// Background switch of the serving credit model (promote a challenger, or restore the scorecard): re-scores
// every application with progress, then the alias, the scores and the audit row commit with the run's
// completion, exactly once.
import { z } from 'zod';
import type { TSessionUser } from '@platform/auth';
import { readDbEnv, type Db } from '@platform/db';
import { defineJob, enqueueJob, getSenderBoss } from '@platform/jobs';
import { AppError } from '@platform/util';
import { runModelSwitch, type TModelSwitchPayload, type TQueueModelSwitch } from './model-service';

export const ZModelSwitchPayload = z.object({
  action: z.enum(['promote', 'restore']),
  versionId: z.string().uuid(),
  reason: z.string().trim().min(1).max(2000),
  actor: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(['admin', 'risk_officer', 'radiologist', 'merchandiser', 'executive']) }),
}) satisfies z.ZodType<TModelSwitchPayload>;

export const switchServingModelJob = defineJob({
  kind: 'finance.switch-serving-model',
  parse: (payload) => ZModelSwitchPayload.parse(payload),
  // Scoring a large book with KernelSHAP takes minutes; one retry covers a worker that died mid-way.
  settings: { expireInSeconds: 60 * 60, retryLimit: 1, retryDelaySeconds: 2 },
  run: ({ db, payload, progress }) => runModelSwitch({ db, payload, progress }),
});

/** The router's queue: a job run row and a pg-boss message for the worker. */
export function queueModelSwitchWithBoss({ db, actor }: { db: Db; actor: TSessionUser }): TQueueModelSwitch {
  return async ({ title, payload }) => {
    const url = readDbEnv().DATABASE_URL;
    if (!url) throw new AppError({ code: 'PRECONDITION_FAILED', message: 'DATABASE_URL is not set' });
    return enqueueJob({ db, boss: await getSenderBoss({ url }), definition: switchServingModelJob, app: 'risk', title, payload, createdById: actor.id });
  };
}
