// The job worker: runs every registered job kind on pg-boss. Start more of these to scale out.
import { createDb, readDbEnv } from '@platform/db';
import { platformJobs, startBoss, startWorker } from '@platform/jobs';
import { createLogger } from '@platform/util';
import { toolsEnv } from './lib/env';
import { importApplicationsJob, switchServingModelJob } from '@platform/finance';
import { germanCreditTrainingJob } from './lib/german-credit-job';

// Platform jobs plus model training (registry); verticals add theirs here.
const definitions = [...platformJobs, germanCreditTrainingJob, importApplicationsJob, switchServingModelJob];

const logger = createLogger({ base: { service: 'worker', pid: process.pid } });

async function main() {
  const url = readDbEnv().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the worker is started by `npm start`, or set it yourself');
  const db = createDb({ url });
  const boss = await startBoss({ url, maintenanceIntervalSeconds: toolsEnv.JOBS_MAINTENANCE_SECONDS });
  await startWorker({ db, boss, definitions, logger });
  logger.info('worker ready', { kinds: definitions.map((d) => d.kind) });
  const stop = async () => {
    logger.info('worker stopping');
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    await db.$disconnect();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  logger.error('worker failed to start', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
