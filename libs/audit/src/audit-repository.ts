import type { Db, Prisma } from '@platform/db';

/** A Prisma client or the transaction client handed to `$transaction(async (tx) => …)`. */
export type TDbOrTx = Db | Prisma.TransactionClient;

/** Who acted: a signed-in user, or (for refused sign-ins) only the email that was tried. */
export interface TAuditActor {
  id: string | null;
  email: string | null;
  role: string | null;
}

export interface TAuditEntry {
  actor: TAuditActor | null;
  app: string;
  action: string;
  target: string;
  targetId?: string | null;
  outcome: 'success' | 'denied' | 'error';
  details?: Prisma.InputJsonValue;
}

/** Writes one audit row; pass the transaction client so the row commits (or not) with the change. */
export async function writeAudit({ db, entry }: { db: TDbOrTx; entry: TAuditEntry }): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      role: entry.actor?.role ?? null,
      app: entry.app,
      action: entry.action,
      target: entry.target,
      targetId: entry.targetId ?? null,
      outcome: entry.outcome,
      details: entry.details,
    },
    select: { id: true },
  });
}

export interface TAuditFilter {
  actorEmail?: string;
  action?: string;
  outcome?: 'success' | 'denied' | 'error';
  app?: string;
  from?: Date;
  to?: Date;
}

export async function findAuditRows({
  db,
  filter,
  cursor,
  limit,
}: {
  db: Db;
  filter: TAuditFilter;
  cursor?: string;
  limit: number;
}) {
  const rows = await db.auditLog.findMany({
    where: {
      actorEmail: filter.actorEmail ? { contains: filter.actorEmail, mode: 'insensitive' } : undefined,
      action: filter.action ? { contains: filter.action, mode: 'insensitive' } : undefined,
      outcome: filter.outcome,
      app: filter.app,
      at: filter.from || filter.to ? { gte: filter.from, lte: filter.to } : undefined,
    },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      at: true,
      actorEmail: true,
      role: true,
      app: true,
      action: true,
      target: true,
      targetId: true,
      outcome: true,
      details: true,
    },
  });
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  return { rows: page, nextCursor: hasMore ? page[page.length - 1]?.id : undefined };
}

export async function countRecentAuditByActor({ db, actorId, since }: { db: Db; actorId: string; since: Date }) {
  return db.auditLog.count({ where: { actorId, at: { gte: since } } });
}
