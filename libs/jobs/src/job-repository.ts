import type { Db, Prisma } from '@platform/db';
import type { TJobCompute } from './types';

export type TJobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

const jobSelect = {
  id: true,
  kind: true,
  app: true,
  title: true,
  status: true,
  progress: true,
  message: true,
  attempts: true,
  result: true,
  error: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  cpuSeconds: true,
  wallSeconds: true,
  gpuSeconds: true,
  computeBackend: true,
} as const;

/** Adds one attempt's measured compute to the run's totals (attempts accumulate; a retry costs too). */
function computeUpdate(compute: TJobCompute) {
  return {
    cpuSeconds: { increment: compute.cpuSeconds },
    wallSeconds: { increment: compute.wallSeconds },
    gpuSeconds: { increment: compute.gpuSeconds },
    computeBackend: compute.backend ?? undefined,
  };
}

export async function insertJobRun({
  db,
  kind,
  app,
  title,
  payload,
  createdById,
}: {
  db: Db | Prisma.TransactionClient;
  kind: string;
  app: string;
  title: string;
  payload: Prisma.InputJsonValue;
  createdById: string | null;
}) {
  return db.jobRun.create({ data: { kind, app, title, payload, createdById }, select: jobSelect });
}

export async function findJobRun({ db, id }: { db: Db; id: string }) {
  return db.jobRun.findUnique({ where: { id }, select: { ...jobSelect, payload: true } });
}

export async function findJobRuns({ db, app, limit }: { db: Db; app?: string; limit: number }) {
  return db.jobRun.findMany({ where: { app }, orderBy: { createdAt: 'desc' }, take: limit, select: jobSelect });
}

export interface TJobHistoryFilter {
  app?: string;
  status?: TJobStatus;
  kind?: string;
}

/**
 * One page of job runs of every status, newest first (ties broken by id so pages never overlap), with the
 * email of whoever started each. `nextCursor` is the id to pass for the next, older page.
 */
export async function findJobRunPage({ db, filter, cursor, limit }: { db: Db; filter: TJobHistoryFilter; cursor?: string; limit: number }) {
  const rows = await db.jobRun.findMany({
    where: { app: filter.app, status: filter.status, kind: filter.kind },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    // The run's fields as everywhere else, without the result (a history row does not show it), plus who started it.
    select: { ...jobSelect, result: false, createdById: true },
  });
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  // job_run keeps the starter's id without a foreign key (a job outlives an account); look the emails up.
  const starterIds = [...new Set(page.flatMap((r) => (r.createdById ? [r.createdById] : [])))];
  const starters = starterIds.length > 0 ? await db.user.findMany({ where: { id: { in: starterIds } }, select: { id: true, email: true } }) : [];
  const emailOf = new Map(starters.map((u) => [u.id, u.email]));
  return {
    rows: page.map(({ createdById, ...r }) => ({ ...r, createdByEmail: createdById ? (emailOf.get(createdById) ?? null) : null })),
    nextCursor: hasMore ? page[page.length - 1]?.id : undefined,
  };
}

/** Claims a run for an attempt. Returns false when it already finished (a retry after success must not redo it). */
export async function markJobRunning({ db, id }: { db: Db; id: string }): Promise<boolean> {
  const { count } = await db.jobRun.updateMany({
    where: { id, status: { in: ['queued', 'running'] } },
    data: { status: 'running', attempts: { increment: 1 }, startedAt: new Date(), error: null },
  });
  return count === 1;
}

export async function updateJobProgress({ db, id, progress, message }: { db: Db; id: string; progress: number; message?: string }) {
  const clamped = Math.max(0, Math.min(1, progress));
  const row = await db.jobRun.update({
    where: { id },
    data: { progress: clamped, message: message ?? undefined },
    select: { status: true },
  });
  return row.status;
}

/**
 * Finishes a run exactly once: the handler's own writes (`commit`) and the status change share one
 * transaction guarded by the current status, so a duplicate delivery cannot apply them twice.
 */
export async function completeJobRun({
  db,
  id,
  result,
  commit,
  compute,
}: {
  db: Db;
  id: string;
  result: Prisma.InputJsonValue;
  commit?: (tx: Prisma.TransactionClient) => Promise<void>;
  compute: TJobCompute;
}): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.jobRun.updateMany({
      where: { id, status: 'running' },
      data: { status: 'succeeded', progress: 1, result, finishedAt: new Date(), message: 'Done', ...computeUpdate(compute) },
    });
    if (count !== 1) return false;
    if (commit) await commit(tx);
    return true;
    // A job's commit can write a whole book (100k scores): Prisma's 5 s default would abort it half-way.
  }, { timeout: 10 * 60_000, maxWait: 30_000 });
}

export async function failJobRun({ db, id, error, final, compute }: { db: Db; id: string; error: string; final: boolean; compute?: TJobCompute }) {
  const spent = compute ? computeUpdate(compute) : {};
  await db.jobRun.updateMany({
    where: { id, status: 'running' },
    data: final
      ? { status: 'failed', error, finishedAt: new Date(), ...spent }
      : { status: 'queued', error: `${error} (will retry)`, ...spent },
  });
}

/** A cancelled attempt still used the machine: its compute is added although the status moved on. */
export async function addJobRunCompute({ db, id, compute }: { db: Db; id: string; compute: TJobCompute }) {
  await db.jobRun.update({ where: { id }, data: computeUpdate(compute), select: { id: true } });
}

export async function cancelJobRunRow({ db, id }: { db: Db; id: string }): Promise<boolean> {
  const { count } = await db.jobRun.updateMany({
    where: { id, status: { in: ['queued', 'running'] } },
    data: { status: 'cancelled', finishedAt: new Date(), message: 'Cancelled' },
  });
  return count === 1;
}
