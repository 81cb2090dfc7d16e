import { z } from 'zod';
import type { Prisma } from '@platform/db';
import { AppError } from '@platform/util';
import type { TDbClient } from './db-client';
import { ZJsonValue } from './schemas';
import { parseOrThrow } from './validation';

const ZStartTrainingRun = z.object({
  /** Pre-chosen id (a job names the run in its result); generated when absent. */
  id: z.uuid().optional(),
  modelName: z.string().trim().min(1).max(200),
  backend: z.string().trim().min(1).max(200),
  seed: z.number().int(),
  dataFingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest'),
  hyperparameters: z.record(z.string(), ZJsonValue),
  /** The JobRun that trains it, when a job does. */
  jobId: z.string().min(1).optional(),
});
export type TStartTrainingRunInput = z.input<typeof ZStartTrainingRun>;

/**
 * Records that a training run started (status `running`), so running and failed runs are visible too.
 * @example const run = await startTrainingRun({ db, run: { modelName, backend: 'wasm', seed: 1, dataFingerprint, hyperparameters: {} } });
 */
export async function startTrainingRun({ db, run }: { db: TDbClient; run: TStartTrainingRunInput }) {
  const data = parseOrThrow({ schema: ZStartTrainingRun, value: run, what: 'training run' });
  return db.trainingRun.create({ data, select: { id: true, startedAt: true } });
}

const ZFinishTrainingRun = z.object({
  status: z.enum(['succeeded', 'failed', 'cancelled']),
  /**
   * Epoch records (and, for failures, `{ error }`): TrainingRun has no error column, so the reason a run
   * failed goes in this Json field.
   */
  history: ZJsonValue.optional(),
  wallTimeMs: z.number().int().nonnegative().optional(),
  metrics: z
    .array(z.object({ name: z.string().min(1), value: z.number().refine(Number.isFinite, 'must be finite'), slice: z.string().min(1).default('all'), split: z.string().min(1).default('test') }))
    .default([]),
});
export type TFinishTrainingRunInput = z.input<typeof ZFinishTrainingRun>;

/**
 * Closes a running training run once: status, history, wall time (measured from `startedAt` when not given)
 * and run-level metrics. Throws CONFLICT when the run is not running any more.
 * @example await finishTrainingRun({ db: tx, runId, outcome: { status: 'succeeded', history, metrics: [{ name: 'auc', value: 0.8 }] } });
 */
export async function finishTrainingRun({
  db,
  runId,
  outcome,
  reclaimAbandoned = false,
}: {
  db: TDbClient;
  runId: string;
  outcome: TFinishTrainingRunInput;
  /**
   * Also finish a run `abandonTrainingRuns` marked failed: an attempt pg-boss expired while it was still
   * alive may win the exactly-once completion after all, and its run then did succeed.
   */
  reclaimAbandoned?: boolean;
}) {
  const parsed = parseOrThrow({ schema: ZFinishTrainingRun, value: outcome, what: 'training run outcome' });
  const run = await db.trainingRun.findUnique({ where: { id: runId }, select: { startedAt: true, status: true } });
  if (!run) throw new AppError({ code: 'NOT_FOUND', message: `No training run ${runId}` });
  const finishedAt = new Date();
  const { count } = await db.trainingRun.updateMany({
    where: { id: runId, status: { in: reclaimAbandoned ? ['running', 'failed'] : ['running'] } },
    data: {
      status: parsed.status,
      history: parsed.history === undefined ? undefined : (parsed.history as Prisma.InputJsonValue),
      finishedAt,
      wallTimeMs: parsed.wallTimeMs ?? finishedAt.getTime() - run.startedAt.getTime(),
    },
  });
  if (count !== 1) throw new AppError({ code: 'CONFLICT', message: `Training run ${runId} is already ${run.status}` });
  if (parsed.metrics.length > 0) await db.metric.createMany({ data: parsed.metrics.map((m) => ({ ...m, runId })) });
}

/**
 * Marks runs of a job still `running` as failed: their worker died (a retry is starting), so they never finish.
 * @example await abandonTrainingRuns({ db, jobId, reason: 'worker stopped; retried' });
 */
export async function abandonTrainingRuns({ db, jobId, reason }: { db: TDbClient; jobId: string; reason: string }): Promise<number> {
  const { count } = await db.trainingRun.updateMany({
    where: { jobId, status: 'running' },
    data: { status: 'failed', finishedAt: new Date(), history: { error: reason } },
  });
  return count;
}

export async function getTrainingRun({ db, runId }: { db: TDbClient; runId: string }) {
  const run = await db.trainingRun.findUnique({
    where: { id: runId },
    select: {
      id: true,
      modelName: true,
      versionId: true,
      jobId: true,
      status: true,
      backend: true,
      seed: true,
      dataFingerprint: true,
      hyperparameters: true,
      history: true,
      startedAt: true,
      finishedAt: true,
      wallTimeMs: true,
      metrics: { select: { name: true, value: true, slice: true, split: true } },
    },
  });
  if (!run) throw new AppError({ code: 'NOT_FOUND', message: `No training run ${runId}` });
  return run;
}
