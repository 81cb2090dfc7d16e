import { ZodError } from 'zod';
import type { Db, Prisma } from '@platform/db';
import { AppError } from '@platform/util';
import type { PgBoss } from './pg-boss';
import { ensureQueue } from './boss';
import {
  addJobRunCompute,
  cancelJobRunRow,
  completeJobRun,
  failJobRun,
  findJobRun,
  findJobRunPage,
  findJobRuns,
  insertJobRun,
  markJobRunning,
  updateJobProgress,
  type TJobHistoryFilter,
} from './job-repository';
import { JobCancelledError, type TJobBackend, type TJobCompute, type TJobDefinition } from './types';

/**
 * Records a job run and queues it. The row is what the UI shows; pg-boss carries only its id.
 * @example const run = await enqueueJob({ db, boss, definition: verifyDataJob, app: 'strategy', title: 'Verify data', payload: {}, createdById });
 */
export async function enqueueJob<TPayload>({
  db,
  boss,
  definition,
  app,
  title,
  payload,
  createdById,
}: {
  db: Db;
  boss: PgBoss;
  definition: TJobDefinition<TPayload>;
  app: string;
  title: string;
  payload: unknown;
  createdById: string | null;
}) {
  let parsed: TPayload;
  try {
    parsed = definition.parse(payload);
  } catch (error) {
    const detail =
      error instanceof ZodError
        ? error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ')
        : error instanceof Error
          ? error.message
          : String(error);
    throw new AppError({ code: 'BAD_INPUT', message: `Invalid ${definition.kind} payload: ${detail}` });
  }
  await ensureQueue({ boss, kind: definition.kind, settings: definition.settings });
  const run = await insertJobRun({
    db,
    kind: definition.kind,
    app,
    title,
    payload: parsed as Prisma.InputJsonValue,
    createdById,
  });
  try {
    await boss.send(definition.kind, { jobRunId: run.id }, {
      retryLimit: definition.settings.retryLimit,
      retryDelay: definition.settings.retryDelaySeconds,
      expireInSeconds: definition.settings.expireInSeconds,
      singletonKey: run.id,
    });
  } catch (error) {
    await failJobRun({ db, id: run.id, error: 'Could not queue the job', final: true });
    throw error;
  }
  return run;
}

export async function getJob({ db, id }: { db: Db; id: string }) {
  const run = await findJobRun({ db, id });
  if (!run) throw new AppError({ code: 'NOT_FOUND', message: `No job ${id}` });
  return run;
}

export async function listJobs({ db, app, limit = 20 }: { db: Db; app?: string; limit?: number }) {
  return findJobRuns({ db, app, limit });
}

/**
 * Job history for administrators: runs of every status and app, newest first, one page at a time, with who
 * started each and how long its last attempt ran (running ones: so far, at `now`).
 * @example const { rows, nextCursor } = await listJobHistory({ db, filter: { status: 'failed' }, limit: 25 });
 */
export async function listJobHistory({ db, filter = {}, cursor, limit = 25, now = new Date() }: { db: Db; filter?: TJobHistoryFilter; cursor?: string; limit?: number; now?: Date }) {
  const page = await findJobRunPage({ db, filter, cursor, limit });
  return {
    rows: page.rows.map((r) => ({
      ...r,
      durationMs: durationOf({ ...r, now }),
    })),
    nextCursor: page.nextCursor ?? null,
  };
}

/** Last attempt's run time: start to finish, or to `now` while it runs; null when it has not run (yet). */
function durationOf({ status, startedAt, finishedAt, now }: { status: string; startedAt: Date | null; finishedAt: Date | null; now: Date }) {
  if (!startedAt) return null;
  if (finishedAt) return Math.max(0, finishedAt.getTime() - startedAt.getTime());
  return status === 'running' ? Math.max(0, now.getTime() - startedAt.getTime()) : null;
}

export async function cancelJob({ db, id }: { db: Db; id: string }) {
  const run = await getJob({ db, id });
  const cancelled = await cancelJobRunRow({ db, id });
  if (!cancelled) throw new AppError({ code: 'CONFLICT', message: `Job ${id} already ${run.status}` });
  return { id, status: 'cancelled' as const };
}

/**
 * Runs one delivered job: claims the run, reports progress, and completes it exactly once.
 * A worker killed mid-way leaves the run `running`; pg-boss expires the delivery and redelivers it,
 * and the next attempt starts over (handlers keep their effects in `commit`, so nothing doubles).
 */
export async function executeJob<TPayload>({
  db,
  definition,
  jobRunId,
  retriesLeft,
}: {
  db: Db;
  definition: TJobDefinition<TPayload>;
  jobRunId: string;
  retriesLeft: number;
}): Promise<void> {
  const claimed = await markJobRunning({ db, id: jobRunId });
  if (!claimed) return; // finished or cancelled already: a duplicate delivery does nothing
  const run = await getJob({ db, id: jobRunId });
  const controller = new AbortController();
  const meter = startComputeMeter();
  try {
    const outcome = await definition.run({
      db,
      jobRunId,
      attempt: run.attempts,
      payload: definition.parse(run.payload),
      signal: controller.signal,
      progress: async (fraction, message) => {
        const status = await updateJobProgress({ db, id: jobRunId, progress: fraction, message });
        if (status === 'cancelled') {
          controller.abort();
          throw new JobCancelledError();
        }
      },
    });
    const compute = meter.stop(outcome.backend);
    const committed = await completeJobRun({ db, id: jobRunId, result: outcome.result, commit: outcome.commit, compute });
    if (committed) outcome.afterCommit?.();
  } catch (error) {
    const compute = meter.stop();
    if (error instanceof JobCancelledError) {
      await addJobRunCompute({ db, id: jobRunId, compute });
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    await failJobRun({ db, id: jobRunId, error: message, final: retriesLeft <= 0, compute });
    throw error;
  }
}

/**
 * Measures a handler: CPU time of this process (user + system, `process.cpuUsage`) and wall time. A worker
 * runs one job at a time per kind, so the process's CPU time is the job's, plus whatever else the process did
 * meanwhile (another kind's job, the pg-boss poller): a slight over-count, never an under-count. Node cannot
 * read GPU busy time, so a handler on a GPU backend is charged its wall time as GPU seconds; others 0.
 */
function startComputeMeter() {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  return {
    stop(backend?: TJobBackend): TJobCompute {
      const cpu = process.cpuUsage(cpuStart);
      const wallSeconds = Math.max(0, (performance.now() - wallStart) / 1000);
      return {
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        wallSeconds,
        gpuSeconds: backend?.gpu ? wallSeconds : 0,
        backend: backend?.id ?? null,
      };
    },
  };
}
