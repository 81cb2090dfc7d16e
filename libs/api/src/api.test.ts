import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase } from '@platform/db/testing';
import type { Db } from '@platform/db';
import { AppError, createLogger } from '@platform/util';
import { appProcedure, createCallerFactory, router } from './trpc';
import { runAudited } from '@platform/audit';
import type { TContext } from './context';

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
});
afterAll(async () => drop());

const actor = { id: 'u-1', email: 'risk@test.invalid', name: 'Risk', role: 'risk_officer' as const };

describe('runAudited', () => {
  it('stores the change and its audit row together', async () => {
    await runAudited({ db, actor, app: 'risk', action: 'role.describe', target: 'role', targetId: 'x1' }, (tx) =>
      tx.role.create({ data: { key: 'x1', label: 'X1', description: 'test' } }),
    );
    expect(await db.role.count({ where: { key: 'x1' } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: 'role.describe', targetId: 'x1', outcome: 'success' } })).toBe(1);
  });

  it('stores neither when the change fails half-way', async () => {
    const attempt = runAudited({ db, actor, app: 'risk', action: 'role.describe', target: 'role', targetId: 'x2' }, async (tx) => {
      await tx.role.create({ data: { key: 'x2', label: 'X2', description: 'test' } });
      throw new AppError({ code: 'CONFLICT', message: 'second write refused' });
    });
    await expect(attempt).rejects.toThrow('second write refused');
    expect(await db.role.count({ where: { key: 'x2' } })).toBe(0);
    expect(await db.auditLog.count({ where: { targetId: 'x2' } })).toBe(0);
  });
});

describe('procedures and the error formatter', () => {
  const testRouter = router({
    echo: appProcedure.input(z.object({ amount: z.number().positive(), purpose: z.string().min(3) })).mutation(({ input }) => input),
    missing: appProcedure.query(() => {
      throw new AppError({ code: 'NOT_FOUND', message: 'No application 42' });
    }),
  });
  // Built per call: `db` exists only once beforeAll has run.
  const context = (): TContext => ({ db, app: 'risk', session: actor, logger: createLogger({ write: () => undefined }) });
  const caller = createCallerFactory(testRouter)(context);

  it('maps a domain error to its tRPC code with its message', async () => {
    const error = await caller.missing().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('NOT_FOUND');
    expect((error as TRPCError).message).toBe('No application 42');
  });

  it('turns zod errors into field errors, names the fields, and audits the failed mutation', async () => {
    const error = await caller.echo({ amount: -5, purpose: 'x' }).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    const shape = testRouter._def._config.errorFormatter({
      error: error as TRPCError,
      type: 'mutation',
      path: 'echo',
      input: undefined,
      ctx: context(),
      shape: { message: 'x', code: -32600, data: { code: 'BAD_REQUEST', httpStatus: 400, path: 'echo' } },
    }) as { data: { fieldErrors: Record<string, string[]> | null } };
    expect(Object.keys(shape.data.fieldErrors ?? {}).sort()).toEqual(['amount', 'purpose']);
    expect(await db.auditLog.count({ where: { action: 'echo', outcome: 'error' } })).toBe(1);
  });
});

describe('health endpoint', () => {
  it('answers 503 and db down when the database is unreachable', async () => {
    const { createHealthHandler } = await import('./next/health');
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgresql://nobody:nothing@127.0.0.1:9/none';
    try {
      const response = await createHealthHandler({ app: 'risk' })();
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ db: 'down' });
    } finally {
      process.env.DATABASE_URL = saved;
    }
  });
});
