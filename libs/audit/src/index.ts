// Server-only: the audit log's repository, shared by the API layer and the auth library.
export { writeAudit, findAuditRows, countRecentAuditByActor } from './audit-repository';
export type { TAuditActor, TAuditEntry, TAuditFilter, TDbOrTx } from './audit-repository';
