import type { Db } from '@platform/db';
import type { TLogger } from '@platform/util';
import type { PgBoss } from './pg-boss';
import { ensureQueue } from './boss';
import { executeJob } from './service';
import type { TJobDefinition } from './types';

/**
 * Subscribes this process to every job kind given. Call once per worker process.
 * @example await startWorker({ db, boss, definitions: [verifyDataJob], logger });
 */
export async function startWorker({
  db,
  boss,
  definitions,
  logger,
  pollingIntervalSeconds = 1,
}: {
  db: Db;
  boss: PgBoss;
  definitions: TJobDefinition<unknown>[];
  logger: TLogger;
  pollingIntervalSeconds?: number;
}): Promise<void> {
  for (const definition of definitions) {
    await ensureQueue({ boss, kind: definition.kind, settings: definition.settings });
    await boss.work<{ jobRunId: string }>(
      definition.kind,
      { batchSize: 1, pollingIntervalSeconds, includeMetadata: true },
      async (jobs) => {
        for (const job of jobs) {
          const retriesLeft = job.retryLimit - job.retryCount;
          logger.info('job started', { kind: definition.kind, jobRunId: job.data.jobRunId, retryCount: job.retryCount });
          await executeJob({ db, definition, jobRunId: job.data.jobRunId, retriesLeft });
          logger.info('job finished', { kind: definition.kind, jobRunId: job.data.jobRunId });
        }
      },
    );
  }
}
