// Job history for administrators: finished, failed, cancelled and waiting runs of every app, newest first, with
// who started each, how long it ran and the error of a failed one; filtered by status and paged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@platform/db/testing';
import type { Db } from '@platform/db';
import { insertJobRun } from './job-repository';
import { cancelJob, executeJob, listJobHistory, listJobs } from './service';
import { defineJob } from './types';

let db: Db;
let drop: () => Promise<void>;

const officer = { id: 'history-officer', email: 'officer@history.test' };
const admin = { id: 'history-admin', email: 'admin@history.test' };

const importLike = defineJob({
  kind: 'test.history-import',
  parse: (payload) => payload as { rows: number },
  settings: { expireInSeconds: 60, retryLimit: 0, retryDelaySeconds: 1 },
  async run({ payload, progress }) {
    await progress(0.5, 'Half way');
    await new Promise((r) => setTimeout(r, 30));
    return { result: { imported: payload.rows } };
  },
});

const brokenImport = defineJob({
  kind: 'test.history-import',
  parse: (payload) => payload as { rows: number },
  settings: { expireInSeconds: 60, retryLimit: 0, retryDelaySeconds: 1 },
  async run({ progress }) {
    await progress(0.2, 'Validating');
    throw new Error('3 invalid row(s); nothing imported. First: line 2: age must be a number');
  },
});

/** Ids in the order the history must list them: created newest first, ties by id (descending). */
async function expectedOrder(where: { status?: 'failed' } = {}) {
  const rows = await db.jobRun.findMany({ where, select: { id: true, createdAt: true } });
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1)).map((r) => r.id);
}

let ids: { succeeded: string; failed: string; cancelled: string; queued: string; verify: string };

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  for (const role of ['risk_officer', 'admin']) {
    await db.role.upsert({ where: { key: role }, create: { key: role, label: role, description: '' }, update: {} });
  }
  await db.user.create({ data: { id: officer.id, email: officer.email, name: 'Officer', role: 'risk_officer' } });
  await db.user.create({ data: { id: admin.id, email: admin.email, name: 'Admin', role: 'admin' } });

  // Two imports in the risk app (one fine, one with bad rows), one cancelled while waiting, one still
  // waiting, and a data check the admin started in the strategy app; each created a minute after the last.
  const start = Date.now() - 60 * 60_000;
  const make = async ({ app, title, createdById, minute }: { app: string; title: string; createdById: string | null; minute: number }) => {
    const run = await insertJobRun({ db, kind: importLike.kind, app, title, payload: { rows: 4 }, createdById });
    await db.jobRun.update({ where: { id: run.id }, data: { createdAt: new Date(start + minute * 60_000) } });
    return run.id;
  };
  const succeeded = await make({ app: 'risk', title: 'Import good.csv', createdById: officer.id, minute: 1 });
  const failed = await make({ app: 'risk', title: 'Import broken.csv', createdById: officer.id, minute: 2 });
  const cancelled = await make({ app: 'risk', title: 'Import late.csv', createdById: officer.id, minute: 3 });
  const queued = await make({ app: 'retail', title: 'Forecast', createdById: null, minute: 4 });
  const verify = await make({ app: 'strategy', title: 'Verify data sets', createdById: admin.id, minute: 5 });
  await executeJob({ db, definition: importLike, jobRunId: succeeded, retriesLeft: 0 });
  await expect(executeJob({ db, definition: brokenImport, jobRunId: failed, retriesLeft: 0 })).rejects.toThrow(/invalid row/);
  await cancelJob({ db, id: cancelled });
  await executeJob({ db, definition: importLike, jobRunId: verify, retriesLeft: 0 });
  ids = { succeeded, failed, cancelled, queued, verify };
});
afterAll(async () => drop());

describe('job history', () => {
  it('lists finished, failed, cancelled and waiting runs of every app, newest first, with starter, duration and error', async () => {
    const { rows, nextCursor } = await listJobHistory({ db, limit: 25 });
    expect(nextCursor).toBeNull();
    expect(rows.map((r) => r.id)).toEqual(await expectedOrder());
    expect(rows.map((r) => r.id)).toEqual([ids.verify, ids.queued, ids.cancelled, ids.failed, ids.succeeded]);

    const byId = new Map(rows.map((r) => [r.id, r]));
    const stored = await db.jobRun.findMany({ select: { id: true, startedAt: true, finishedAt: true } });
    const storedById = new Map(stored.map((r) => [r.id, r]));

    const ok = byId.get(ids.succeeded);
    expect(ok).toMatchObject({ status: 'succeeded', app: 'risk', title: 'Import good.csv', progress: 1, createdByEmail: officer.email, error: null });
    const okTimes = storedById.get(ids.succeeded);
    expect(okTimes?.startedAt).toBeInstanceOf(Date);
    expect(okTimes?.finishedAt).toBeInstanceOf(Date);
    expect(ok?.durationMs).toBe((okTimes?.finishedAt?.getTime() ?? NaN) - (okTimes?.startedAt?.getTime() ?? NaN));
    expect(ok?.durationMs).toBeGreaterThanOrEqual(30);

    const bad = byId.get(ids.failed);
    expect(bad).toMatchObject({ status: 'failed', createdByEmail: officer.email, progress: 0.2, message: 'Validating' });
    expect(bad?.error).toBe('3 invalid row(s); nothing imported. First: line 2: age must be a number');
    expect(bad?.finishedAt).toBeInstanceOf(Date);

    expect(byId.get(ids.cancelled)).toMatchObject({ status: 'cancelled', startedAt: null, durationMs: null });
    expect(byId.get(ids.queued)).toMatchObject({ status: 'queued', app: 'retail', createdByEmail: null, startedAt: null, durationMs: null });
    expect(byId.get(ids.verify)).toMatchObject({ status: 'succeeded', app: 'strategy', createdByEmail: admin.email });
  });

  it('filters by status and by app', async () => {
    const failed = await listJobHistory({ db, filter: { status: 'failed' } });
    expect(failed.rows.map((r) => r.id)).toEqual(await expectedOrder({ status: 'failed' }));
    expect(failed.rows.map((r) => r.id)).toEqual([ids.failed]);
    const succeeded = await listJobHistory({ db, filter: { status: 'succeeded' } });
    expect(succeeded.rows.map((r) => r.id)).toEqual([ids.verify, ids.succeeded]);
    const risk = await listJobHistory({ db, filter: { app: 'risk' } });
    expect(risk.rows.map((r) => r.id)).toEqual([ids.cancelled, ids.failed, ids.succeeded]);
    expect((await listJobHistory({ db, filter: { app: 'imaging' } })).rows).toEqual([]);
  });

  it('pages with a cursor: no run twice, none left out, in order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const result = await listJobHistory({ db, limit: 2, cursor });
      expect(result.rows.length).toBeLessThanOrEqual(2);
      seen.push(...result.rows.map((r) => r.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(await expectedOrder());
    expect(seen).toHaveLength(5);
  });

  it('a running job reports how long it has run so far', async () => {
    const run = await insertJobRun({ db, kind: importLike.kind, app: 'risk', title: 'Import huge.csv', payload: { rows: 1 }, createdById: officer.id });
    const startedAt = new Date(Date.now() - 90_000);
    await db.jobRun.update({ where: { id: run.id }, data: { status: 'running', startedAt, attempts: 1 } });
    const now = new Date(startedAt.getTime() + 90_000);
    const { rows } = await listJobHistory({ db, filter: { status: 'running' }, now });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: run.id, durationMs: 90_000, finishedAt: null });
    await db.jobRun.delete({ where: { id: run.id } });
  });

  it('the home page list still narrows to one app', async () => {
    const risk = await listJobs({ db, app: 'risk', limit: 5 });
    expect(risk.map((r) => r.app)).toEqual(['risk', 'risk', 'risk']);
  });
});
