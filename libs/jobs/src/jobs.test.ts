import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerProcess, waitFor } from './testing/worker-process';
import { createTestDatabase } from '@platform/db/testing';
import type { Db } from '@platform/db';
import { AppError } from '@platform/util';
import { startBoss } from './boss';
import type { PgBoss } from './pg-boss';
import { cancelJob, enqueueJob, executeJob, getJob } from './service';
import { defineJob } from './types';
import { slowTestJob } from './testing/slow-job';

const here = path.dirname(fileURLToPath(import.meta.url));

let db: Db;
let url: string;
let drop: () => Promise<void>;
let boss: PgBoss;
const children: ChildProcess[] = [];

const startWorker = async () => {
  const child = await startWorkerProcess({ script: path.join(here, 'testing/slow-worker.ts'), databaseUrl: url });
  children.push(child);
  return child;
};

beforeAll(async () => {
  ({ db, url, drop } = await createTestDatabase());
  boss = await startBoss({ url, supervise: false });
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await boss.stop({ graceful: false, wait: true });
  await drop();
});

describe('background jobs', () => {
  it('rejects a bad payload with a clear error and stores nothing', async () => {
    const before = await db.jobRun.count();
    const attempt = enqueueJob({ db, boss, definition: slowTestJob, app: 'strategy', title: 't', payload: { steps: 'many' }, createdById: null });
    await expect(attempt).rejects.toThrow(AppError);
    await expect(attempt).rejects.toThrow(/Invalid test\.slow payload.*steps/);
    expect(await db.jobRun.count()).toBe(before);
  });

  it('a worker killed mid-way loses the job to another worker, which finishes it exactly once', async () => {
    const first = await startWorker();
    const run = await enqueueJob({ db, boss, definition: slowTestJob, app: 'strategy', title: 'slow', payload: { steps: 10, stepMs: 250 }, createdById: null });
    await waitFor({ read: () => getJob({ db, id: run.id }), done: (j) => j.progress >= 0.3, timeoutMs: 30_000 });
    first.kill('SIGKILL');
    const killedAt = await getJob({ db, id: run.id });
    expect(killedAt.status).toBe('running');
    expect(killedAt.progress).toBeLessThan(1);

    await startWorker();
    const finished = await waitFor({ read: () => getJob({ db, id: run.id }), done: (j) => j.status === 'succeeded' || j.status === 'failed', timeoutMs: 60_000 });
    expect(finished.status).toBe('succeeded');
    expect(finished.progress).toBe(1);
    expect(finished.attempts).toBe(2);
    expect(finished.result).toEqual({ steps: 10 });
    const commits = await db.auditLog.count({ where: { action: 'test.slow.commit', targetId: run.id } });
    expect(commits).toBe(1);
  }, 120_000);

  it('cancelling stops a running job at its next progress report', async () => {
    const run = await enqueueJob({ db, boss, definition: slowTestJob, app: 'strategy', title: 'slow', payload: { steps: 40, stepMs: 100 }, createdById: null });
    await waitFor({ read: () => getJob({ db, id: run.id }), done: (j) => j.status === 'running' && j.progress > 0, timeoutMs: 30_000 });
    await cancelJob({ db, id: run.id });
    await new Promise((r) => setTimeout(r, 1500));
    const after = await getJob({ db, id: run.id });
    expect(after.status).toBe('cancelled');
    expect(after.progress).toBeLessThan(1);
    expect(await db.auditLog.count({ where: { action: 'test.slow.commit', targetId: run.id } })).toBe(0);
    await expect(cancelJob({ db, id: run.id })).rejects.toThrow(/already cancelled/);
  }, 60_000);

  it('afterCommit runs once the commit has committed: not for a duplicate delivery, not when the commit fails', async () => {
    const calls: string[] = [];
    const job = (failCommit: boolean) =>
      defineJob({
        kind: 'test.after-commit',
        parse: (p) => p,
        settings: { expireInSeconds: 60, retryLimit: 0, retryDelaySeconds: 1 },
        run: async ({ jobRunId }) => ({
          result: { ok: true },
          commit: async () => {
            if (failCommit) throw new Error('commit refused');
          },
          afterCommit: () => calls.push(jobRunId),
        }),
      });
    const row = () => db.jobRun.create({ data: { kind: 'test.after-commit', app: 'strategy', title: 't', payload: {} }, select: { id: true } });
    const ok = await row();
    await executeJob({ db, definition: job(false), jobRunId: ok.id, retriesLeft: 0 });
    await executeJob({ db, definition: job(false), jobRunId: ok.id, retriesLeft: 0 });
    expect(calls).toEqual([ok.id]);
    const bad = await row();
    await expect(executeJob({ db, definition: job(true), jobRunId: bad.id, retriesLeft: 0 })).rejects.toThrow('commit refused');
    expect(calls).toEqual([ok.id]);
    expect((await getJob({ db, id: bad.id })).status).toBe('failed');
  });
});
