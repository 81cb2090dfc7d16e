// Server-only: the audit log's repository and the audited-transaction helpers every domain service uses.
export { writeAudit, findAuditRows, countRecentAuditByActor } from './audit-repository';
export type { TAuditActor, TAuditEntry, TAuditFilter, TDbOrTx } from './audit-repository';
export { runAudited, readSensitive } from './audited';
