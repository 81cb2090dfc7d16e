import { writeAudit, type TAuditEntry } from '@platform/audit';
import type { Db } from '@platform/db';
import type { TSignInAttemptState } from './account-lockout';

/**
 * Reads an account's sign-in attempt state under a row lock, lets `decide` (a pure rule, given PostgreSQL's
 * clock) say what it becomes, and stores that together with the audit row `decide` asks for — in one
 * transaction, so concurrent attempts on any app process are counted one after the other.
 * @example await recordSignInAttempt({ db, email, decide: (state, now) => ({ next: state, result: true }) })
 */
export async function recordSignInAttempt<T>({
  db,
  email,
  decide,
}: {
  db: Db;
  email: string;
  decide: (state: TSignInAttemptState, now: Date) => { next: TSignInAttemptState; audit?: TAuditEntry; result: T };
}): Promise<T> {
  return db.$transaction(async (tx) => {
    // A first attempt creates an empty row, so that even two simultaneous first attempts lock the same row.
    await tx.$executeRaw`
      INSERT INTO "sign_in_attempt" (email, attempts, "windowStartedAt", lockouts, "lastAttemptAt")
      VALUES (${email}, 0, clock_timestamp(), 0, clock_timestamp())
      ON CONFLICT (email) DO NOTHING`;
    const [row] = await tx.$queryRaw<(TSignInAttemptState & { now: Date })[]>`
      SELECT attempts, "windowStartedAt", "lockedUntil", lockouts, "lastAttemptAt", clock_timestamp() AS now
      FROM "sign_in_attempt" WHERE email = ${email} FOR UPDATE`;
    if (!row) throw new Error('sign_in_attempt row vanished inside its own transaction');
    const { now, ...state } = row;
    const { next, audit, result } = decide(state, now);
    await tx.signInAttempt.update({ where: { email }, data: next, select: { email: true } });
    if (audit) await writeAudit({ db: tx, entry: audit });
    return result;
  });
}

/** A successful sign-in: the account starts over (no attempts, no lockout history). */
export async function clearSignInAttempts({ db, email }: { db: Db; email: string }): Promise<void> {
  await db.signInAttempt.deleteMany({ where: { email } });
}

/** Drops the state of accounts nobody tried for `idleSeconds` and that are not locked (mostly mistyped emails). */
export async function pruneSignInAttempts({ db, idleSeconds }: { db: Db; idleSeconds: number }): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "sign_in_attempt"
    WHERE "lastAttemptAt" < clock_timestamp() - ${idleSeconds}::double precision * interval '1 second'
      AND ("lockedUntil" IS NULL OR "lockedUntil" < clock_timestamp())`;
}
