import type { Db } from '@platform/db';
import { findAuditRows, type TAuditFilter } from '@platform/audit';

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
