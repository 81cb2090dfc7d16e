import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@platform/db/testing';
import type { Db } from '@platform/db';
import { openDatabase, seed } from './database';

let db: Db;
let url: string;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, url, drop } = await createTestDatabase());
});
afterAll(async () => drop());

describe('platform database bootstrap', () => {
  it('uses DATABASE_URL when set and never starts the embedded server', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url;
    try {
      const opened = await openDatabase({ stateDir: '/nonexistent-state-dir-proves-nothing-is-created' });
      expect(opened).toMatchObject({ url, embedded: false });
    } finally {
      // Assigning undefined to process.env stores the string "undefined".
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });

  it('seeds one demo user per role and the German Credit applications, once', async () => {
    expect(await seed({ url })).toMatchObject({ usersCreated: 5, finance: { applicationsCreated: 1000, modelRegistered: true, scored: 1000 } });
    expect(await seed({ url })).toMatchObject({ usersCreated: 0, finance: { applicationsCreated: 0, modelRegistered: false, scored: 0 } });
    const roles = await db.user.groupBy({ by: ['role'], _count: { _all: true } });
    expect(roles.map((r) => [r.role, r._count._all]).sort()).toEqual([
      ['admin', 1],
      ['executive', 1],
      ['merchandiser', 1],
      ['radiologist', 1],
      ['risk_officer', 1],
    ]);
  });
});
