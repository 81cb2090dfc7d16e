import type { Db, Prisma } from '@platform/db';
import type { TSessionUser } from '@platform/auth';
import { writeAudit, findAuditRows, type TAuditFilter } from '@platform/audit';

/**
 * Runs a change and its audit row in one transaction: both are stored, or neither.
 * @example await runAudited({ db, actor, app: 'risk', action: 'application.decide', target: 'application', targetId: id },
 *   (tx) => tx.decision.create({ … }));
 */
export async function runAudited<T>(
  {
    db,
    actor,
    app,
    action,
    target,
    targetId,
    details,
  }: {
    db: Db;
    actor: TSessionUser;
    app: string;
    action: string;
    target: string;
    targetId?: string;
    details?: Prisma.InputJsonValue;
  },
  change: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    const result = await change(tx);
    await writeAudit({ db: tx, entry: { actor, app, action, target, targetId, outcome: 'success', details } });
    return result;
  });
}

/** Reads a record marked sensitive and leaves an audit row saying who read it. */
export async function readSensitive<T>(
  { db, actor, app, target, targetId }: { db: Db; actor: TSessionUser; app: string; target: string; targetId: string },
  read: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return runAudited({ db, actor, app, action: `${target}.read`, target, targetId }, read);
}

export async function listAudit({
  db,
  filter,
  cursor,
  limit = 50,
}: {
  db: Db;
  filter: TAuditFilter;
  cursor?: string;
  limit?: number;
}) {
  return findAuditRows({ db, filter, cursor, limit });
}
