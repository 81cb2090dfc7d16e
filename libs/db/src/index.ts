// Server-only entry: the Prisma client and its types. Client components must not import this.
export { getDb, createDb, pingDatabase } from './client';
export { changeGeneration, stopChangeWatches } from './change-watch';
export type { Db } from './client';
export { readDbEnv, dataDir, stateDir, repoRoot } from './env';
export { Prisma } from './generated/prisma/client';
export type {
  AuditLog,
  AuditOutcome,
  JobRun,
  JobStatus,
  Model,
  ModelVersion,
  Role,
  User,
} from './generated/prisma/client';
