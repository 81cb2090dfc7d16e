// A worker process for the kill-and-retry test: runs only the slow test job, with fast maintenance.
import { createDb, readDbEnv } from '@platform/db';
import { createLogger } from '@platform/util';
import { startBoss } from '../boss';
import { startWorker } from '../worker';
import { slowTestJob } from './slow-job';

const url = readDbEnv().DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const db = createDb({ url });
const boss = await startBoss({ url, maintenanceIntervalSeconds: 1 });
await startWorker({ db, boss, definitions: [slowTestJob], logger: createLogger({ level: 'warn' }), pollingIntervalSeconds: 0.5 });
process.stdout.write('ready\n');
