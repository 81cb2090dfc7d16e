import type { Db, Prisma } from '@platform/db';
import { writeAudit, type TAuditActor } from './audit-repository';

/**
 * Runs a change and its audit row in one transaction: both are stored, or neither. Services call this
 * directly, so a domain service needs the audit lib and not the tRPC layer.
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
    actor: TAuditActor;
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
  { db, actor, app, target, targetId }: { db: Db; actor: TAuditActor; app: string; target: string; targetId: string },
  read: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return runAudited({ db, actor, app, action: `${target}.read`, target, targetId }, read);
}
