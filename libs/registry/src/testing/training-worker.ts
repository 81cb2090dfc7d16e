// A worker process for the kill-and-retry training test: runs only the synthetic training job, fast maintenance.
import { createDb, readDbEnv } from '@platform/db';
import { startBoss, startWorker } from '@platform/jobs';
import { createLogger } from '@platform/util';
import { syntheticTrainingJob } from './synthetic-training-job';

const url = readDbEnv().DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const db = createDb({ url });
const boss = await startBoss({ url, maintenanceIntervalSeconds: 1 });
await startWorker({ db, boss, definitions: [syntheticTrainingJob], logger: createLogger({ level: 'warn' }), pollingIntervalSeconds: 0.5 });
process.stdout.write('ready\n');
