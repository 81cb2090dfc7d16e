import { z } from 'zod';
import { readDbEnv } from '@platform/db';
import { cancelJob, enqueueJob, getJob, getSenderBoss, listJobHistory, listJobs, verifyDataJob } from '@platform/jobs';
import { AppError } from '@platform/util';
import { appProcedure, roleProcedure, router } from '../trpc';
import { runAudited } from '@platform/audit';
import { listAudit } from './audit-service';
import { getAppOverview } from './overview-service';
import { ZAuditListInput, ZJobHistoryInput, ZJobHistoryOutput, ZJobIdInput, ZJobOutput, ZMeOutput } from './schemas';

async function boss() {
  const url = readDbEnv().DATABASE_URL;
  if (!url) throw new AppError({ code: 'PRECONDITION_FAILED', message: 'DATABASE_URL is not set' });
  return getSenderBoss({ url });
}

/** Procedures every app mounts under `platform`: who am I, home overview, jobs, audit. */
export const platformRouter = router({
  me: appProcedure.output(ZMeOutput).query(({ ctx }) => ctx.session),

  overview: appProcedure.query(({ ctx }) => getAppOverview({ db: ctx.db, app: ctx.app, user: ctx.session })),

  jobs: router({
    list: appProcedure
      .output(z.array(ZJobOutput))
      .query(({ ctx }) => listJobs({ db: ctx.db, app: ctx.session.role === 'admin' ? undefined : ctx.app })),
    // Every app's runs, whoever started them: the administrators' jobs page.
    history: roleProcedure('admin')
      .input(ZJobHistoryInput)
      .output(ZJobHistoryOutput)
      .query(({ ctx, input }) => {
        const { cursor, limit, ...filter } = input;
        return listJobHistory({ db: ctx.db, filter, cursor, limit });
      }),
    get: appProcedure
      .input(ZJobIdInput)
      .output(ZJobOutput)
      .query(async ({ ctx, input }) => {
        const job = await getJob({ db: ctx.db, id: input.id });
        if (ctx.session.role !== 'admin' && job.app !== ctx.app) {
          throw new AppError({ code: 'NOT_FOUND', message: `No job ${input.id}` });
        }
        return job;
      }),
    cancel: appProcedure.input(ZJobIdInput).mutation(async ({ ctx, input }) =>
      runAudited(
        { db: ctx.db, actor: ctx.session, app: ctx.app, action: 'job.cancel', target: 'job', targetId: input.id },
        () => cancelJob({ db: ctx.db, id: input.id }),
      ),
    ),
    verifyData: roleProcedure('admin')
      .input(z.object({}).strict().default({}))
      .output(ZJobOutput)
      .mutation(async ({ ctx }) => {
        const run = await enqueueJob({
          db: ctx.db,
          boss: await boss(),
          definition: verifyDataJob,
          app: ctx.app,
          title: 'Verify data sets against SHA256SUMS',
          payload: {},
          createdById: ctx.session.id,
        });
        await runAudited(
          { db: ctx.db, actor: ctx.session, app: ctx.app, action: 'job.start', target: 'job', targetId: run.id, details: { kind: run.kind } },
          async () => undefined,
        );
        return { ...run, message: run.message ?? null };
      }),
  }),

  audit: router({
    list: roleProcedure('admin')
      .input(ZAuditListInput)
      .query(({ ctx, input }) => {
        const { cursor, limit, ...filter } = input;
        return listAudit({ db: ctx.db, filter, cursor, limit });
      }),
  }),
});

/** The part every app's router shares; client code that only needs `platform.*` types against this. */
const _platformOnlyRouter = router({ platform: platformRouter });
export type TPlatformRouter = typeof _platformOnlyRouter;
