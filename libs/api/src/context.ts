import { getDb, type Db } from '@platform/db';
import { getSessionUser, type TAppKey, type TSessionUser } from '@platform/auth';
import { createLogger, type TLogger } from '@platform/util';

export interface TContext {
  db: Db;
  session: TSessionUser | null;
  logger: TLogger;
  /** Which app serves this request: decides which roles may call its procedures. */
  app: TAppKey;
}

const rootLogger = createLogger();

/** Builds the tRPC context from request headers (route handler) or from RSC headers (server caller). */
export async function createContext({ headers, app }: { headers: Headers; app: TAppKey }): Promise<TContext> {
  const session = await getSessionUser({ headers });
  return {
    db: getDb(),
    session,
    app,
    logger: rootLogger.child({ app, user: session?.id }),
  };
}
