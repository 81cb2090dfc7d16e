// The LISTEN/NOTIFY watcher against a real PostgreSQL: null until it listens, a new generation for every
// notification (including the ones the migrations' triggers send), null again when its connection is killed,
// and back once it has reconnected.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './testing';
import { changeGeneration, stopChangeWatches } from './change-watch';
import type { Db } from './client';

let db: Db;
let url: string;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, url, drop } = await createTestDatabase());
});
afterAll(async () => drop());

async function until<T>(read: () => T, accept: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(value)})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const CHANNEL = 'platform_scoring_state';
const generation = () => changeGeneration({ db, channel: CHANNEL });

describe('changeGeneration', () => {
  it('is null until listening, then moves on with every notification, the triggers included', async () => {
    const first = await until(generation, (g) => g !== null, 'the listener');
    expect(generation()).toBe(first);
    await db.$executeRaw`SELECT pg_notify('platform_scoring_state', 'test')`;
    const second = await until(generation, (g) => g !== first, 'a notification');
    // Another channel is not ours.
    await db.$executeRaw`SELECT pg_notify('some_other_channel', 'x')`;
    await new Promise((r) => setTimeout(r, 200));
    expect(generation()).toBe(second);
    // A write to a watched table, by any client, notifies through the migration's trigger after commit.
    await db.riskSetting.upsert({ where: { id: 'default' }, create: { id: 'default', lgd: 0.4 }, update: { lgd: 0.4 } });
    const third = await until(generation, (g) => g !== second, 'the risk_setting trigger');
    const outside = new pg.Client({ connectionString: url });
    await outside.connect();
    await outside.query('BEGIN');
    await outside.query(`INSERT INTO grade_band (grade, "maxPd", description, "updatedAt") VALUES ('Z', 0.99, 'test', now())`);
    await new Promise((r) => setTimeout(r, 200));
    // Not before the transaction commits.
    expect(generation()).toBe(third);
    await outside.query('COMMIT');
    await outside.end();
    await until(generation, (g) => g !== third, 'the grade_band trigger after commit');
  });

  it('reads null when its connection is killed, and listens again after reconnecting', async () => {
    const before = await until(generation, (g) => g !== null, 'the listener');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'watch:${CHANNEL}' AND datname = current_database()`);
    await admin.end();
    await until(generation, (g) => g === null, 'the drop to be noticed');
    const after = await until(generation, (g) => g !== null, 'the reconnect');
    // A cache loaded under the old generation must not survive a gap in which notifications could be lost.
    expect(after).not.toBe(before);
  });

  it('stops listening on request', async () => {
    await until(generation, (g) => g !== null, 'the listener');
    await stopChangeWatches({ url });
    const count = async () => {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const { rows } = await admin.query<{ n: string }>(`SELECT count(*)::text AS n FROM pg_stat_activity WHERE application_name = 'watch:${CHANNEL}' AND datname = current_database()`);
      await admin.end();
      return Number(rows[0]?.n);
    };
    const deadline = Date.now() + 5000;
    while ((await count()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await count()).toBe(0);
  });
});
