import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { readDbEnv } from './env';

export type Db = PrismaClient;

const cache = globalThis as unknown as { __platformDb?: { url: string; client: Db } };
// Which database each client talks to, for helpers that need their own connection (LISTEN).
const urls = new WeakMap<Db, string>();

/** The connection string a client was created with (undefined for a client this module did not create). */
export function urlOfDb(db: Db): string | undefined {
  return urls.get(db);
}

/**
 * The one Prisma client of this process (cached on globalThis so Next dev reloads do not leak pools).
 * @example const db = getDb(); await db.user.count();
 */
export function getDb(): Db {
  const url = readDbEnv().DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set: start the platform with `npm start` or set DATABASE_URL');
  }
  if (cache.__platformDb && cache.__platformDb.url === url) {
    // A development reload brings a fresh module (and map) but keeps the client on globalThis.
    urls.set(cache.__platformDb.client, url);
    return cache.__platformDb.client;
  }
  const adapter = new PrismaPg({ connectionString: url, max: 10 });
  const client = new PrismaClient({ adapter });
  urls.set(client, url);
  cache.__platformDb = { url, client };
  return client;
}

/** A client for an explicit URL (tests, tools); the caller disconnects it. */
export function createDb({ url }: { url: string }): Db {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 5 }) });
  urls.set(client, url);
  return client;
}

/** True when a trivial query succeeds within the timeout. */
export async function pingDatabase({ db, timeoutMs = 2000 }: { db: Db; timeoutMs?: number }): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('database ping timed out')), timeoutMs);
    });
    await Promise.race([db.$queryRaw`SELECT 1::int AS ok`, timeout]);
    return true;
  } catch {
    return false;
  } finally {
    if (timer) clearTimeout(timer);
  }
}
