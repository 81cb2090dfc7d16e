// Server-only: background jobs on pg-boss with progress stored for the UI.
export { startBoss, ensureQueue, getSenderBoss, DEFAULT_QUEUE_SETTINGS } from './boss';
export type { TQueueSettings } from './boss';
export { PgBoss } from './pg-boss';
export { enqueueJob, getJob, listJobs, listJobHistory, cancelJob, executeJob } from './service';
export type { TJobHistoryFilter, TJobStatus } from './job-repository';
export { startWorker } from './worker';
export { defineJob, JobCancelledError } from './types';
export type { TJobDefinition, TJobContext, TJobOutcome, TJobBackend, TJobCompute } from './types';
export { verifyDataJob } from './definitions/verify-data';
export { platformJobs } from './registry';
