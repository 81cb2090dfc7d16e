import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError, z } from 'zod';
import { APP_INFO, type TRole } from '@platform/auth';
import { AppError, TRPC_CODE_FOR } from '@platform/util';
import type { TContext } from './context';
import { writeAudit } from '@platform/audit';

const t = initTRPC.context<TContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fieldErrors =
      cause instanceof ZodError
        ? (z.flattenError(cause).fieldErrors as Record<string, string[] | undefined>)
        : cause instanceof AppError
          ? cause.fieldErrors
          : undefined;
    // Stack traces stay in the server log, never in responses.
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      // Internal errors keep their details in the log, never in the response.
      message: error.code === 'INTERNAL_SERVER_ERROR' && !(cause instanceof AppError) ? 'Internal error' : shape.message,
      data: { ...data, fieldErrors: fieldErrors ?? null },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

/** Maps domain errors thrown by services to tRPC codes, and logs unexpected ones. */
const errorMapping = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      throw new TRPCError({ code: TRPC_CODE_FOR[cause.code], message: cause.message, cause });
    }
    if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      ctx.logger.error('procedure failed', { path, error: result.error.cause?.message ?? result.error.message });
    }
  }
  return result;
});

/** Every mutation leaves an audit row: success rows are written by services inside their transaction;
 * refusals and failures are recorded here, because the service never ran or rolled back. */
const mutationAudit = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (type === 'mutation' && !result.ok) {
    const code = result.error.code;
    const outcome = code === 'UNAUTHORIZED' || code === 'FORBIDDEN' ? 'denied' : 'error';
    await writeAudit({
      db: ctx.db,
      entry: {
        actor: ctx.session,
        app: ctx.app,
        action: path,
        target: path.split('.')[0] ?? path,
        outcome,
        details: { code, message: result.error.message },
      },
    }).catch((e: unknown) => ctx.logger.error('audit write failed', { path, error: String(e) }));
  }
  return result;
});

const base = t.procedure.use(mutationAudit).use(errorMapping);

export const publicProcedure = base;

export const authedProcedure = base.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });
  return next({ ctx: { ...ctx, session: ctx.session } });
});

/** Open to the listed roles; admin is always allowed (the platform's operators). */
export function roleProcedure(...roles: TRole[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (ctx.session.role !== 'admin' && !roles.includes(ctx.session.role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role may not use this' });
    }
    return next();
  });
}

/** Open to the roles of the app serving the request (its users and admin). */
export const appProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!APP_INFO[ctx.app].roles.includes(ctx.session.role)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role may not use this app' });
  }
  return next();
});
