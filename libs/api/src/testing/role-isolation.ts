import { TRPCError, type AnyRouter } from '@trpc/server';
import type { Db } from '@platform/db';
import { ROLE_KEYS, type TAppKey, type TRole } from '@platform/auth';
import { createLogger } from '@platform/util';
import { createCallerFactory } from '../trpc';
import type { TContext } from '../context';

/** Every procedure path of a router, e.g. `platform.jobs.get`. */
export function listProcedures({ router }: { router: AnyRouter }): { path: string; type: string }[] {
  const procedures = router._def.procedures as Record<string, { _def: { type: string } }>;
  return Object.entries(procedures).map(([path, procedure]) => ({ path, type: procedure._def.type }));
}

type TCallable = (input?: unknown) => Promise<unknown>;

function resolvePath(caller: unknown, path: string): TCallable {
  let node: unknown = caller;
  for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'function') throw new Error(`No procedure at ${path}`);
  return node as TCallable;
}

async function codeOf(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : `THREW ${String(error)}`;
  }
}

/**
 * Calls every procedure with no session and with each role not allowed, and reports the codes seen.
 * A procedure passes when no session gives UNAUTHORIZED and every refused role gives FORBIDDEN.
 * `allowed(path)` lists the roles that may call a path (most paths: the app's roles).
 */
export async function expectRoleIsolation({
  router,
  app,
  db,
  allowed,
}: {
  router: AnyRouter;
  app: TAppKey;
  db: Db;
  allowed: (path: string) => readonly TRole[];
}): Promise<{ path: string; who: string; code: string; expected: string }[]> {
  const createCaller = createCallerFactory(router);
  const logger = createLogger({ level: 'error', write: () => undefined });
  const failures: { path: string; who: string; code: string; expected: string }[] = [];
  for (const { path } of listProcedures({ router })) {
    const anonymous: TContext = { db, app, logger, session: null };
    const anonCode = await codeOf(() => resolvePath(createCaller(anonymous), path)(undefined));
    if (anonCode !== 'UNAUTHORIZED') failures.push({ path, who: 'anonymous', code: anonCode, expected: 'UNAUTHORIZED' });
    for (const role of ROLE_KEYS) {
      if (allowed(path).includes(role)) continue;
      const ctx: TContext = { db, app, logger, session: { id: `test-${role}`, email: `${role}@test.invalid`, name: role, role } };
      const code = await codeOf(() => resolvePath(createCaller(ctx), path)(undefined));
      if (code !== 'FORBIDDEN') failures.push({ path, who: role, code, expected: 'FORBIDDEN' });
    }
  }
  return failures;
}
