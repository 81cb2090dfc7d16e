import type { Db, Prisma } from '@platform/db';

/** A client or an open transaction: callers may wrap registry writes in their own (audited) transaction. */
export type TDbClient = Db | Prisma.TransactionClient;

/**
 * Runs `fn` in a transaction: a new one when given the client, the caller's when given a transaction client
 * (Prisma has no nested transactions; the caller's commit or rollback then covers these writes too).
 */
export async function inTransaction<T>({ db, fn }: { db: TDbClient; fn: (tx: Prisma.TransactionClient) => Promise<T> }): Promise<T> {
  if ('$transaction' in db) return db.$transaction(fn);
  return fn(db);
}
