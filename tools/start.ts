// `npm start`: database (embedded unless DATABASE_URL), migrations, seed, production builds when missing,
// the four apps and the job worker; prints URLs and demo logins once every app answers its health check.
import path from 'node:path';
import { APP_INFO } from '@platform/auth';
import { stateDir as getStateDir } from '@platform/db';
import { DEMO_USERS } from '@platform/db/seed';
import { appPorts, buildStaleApps, startApps, startWorker, waitHealthy } from './lib/apps';
import { migrateDatabase, openDatabase, seed } from './lib/database';
import { toolsEnv } from './lib/env';
import { loadOrCreateSecret } from './lib/secret';
import { superviseProcesses } from './lib/supervise';

const dev = process.argv.includes('--dev');
const rebuild = process.argv.includes('--rebuild');

/** PostgreSQL (embedded unless DATABASE_URL), migrated and seeded. */
async function prepareDatabase({ stateDir, since }: { stateDir: string; since: () => string }) {
  const database = await openDatabase({ stateDir });
  console.log(`database: ${database.embedded ? `embedded PostgreSQL 17 in ${path.relative(process.cwd(), path.join(stateDir, 'pg')) || '.'}` : 'DATABASE_URL'} (${since()})`);
  try {
    await migrateDatabase({ url: database.url });
    const { usersCreated } = await seed({ url: database.url });
    console.log(`migrated and seeded (${usersCreated} demo users created) (${since()})`);
    return database;
  } catch (error) {
    await database.stop();
    throw error;
  }
}

async function main() {
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  const stateDir = getStateDir();
  // Builds need no database, so they run while PostgreSQL boots, migrates and seeds: a build leaves part
  // of a 2-core machine idle, and the seed (single-threaded model training) fills it.
  const stopBuilds = new AbortController();
  const builds = dev ? Promise.resolve([]) : buildStaleApps({ rebuild, log: (line) => console.log(line), signal: stopBuilds.signal });
  // A database that cannot start stops the builds at once rather than after minutes of them.
  const databaseReady = prepareDatabase({ stateDir, since }).catch((error: unknown) => {
    stopBuilds.abort();
    throw error;
  });
  const [databaseResult, buildsResult] = await Promise.allSettled([databaseReady, builds]);
  if (databaseResult.status === 'rejected') throw databaseResult.reason;
  const database = databaseResult.value;
  if (buildsResult.status === 'rejected') {
    await database.stop();
    throw buildsResult.reason;
  }
  if (buildsResult.value.length > 0) console.log(`built ${buildsResult.value.length} app${buildsResult.value.length === 1 ? '' : 's'} (${since()})`);

  const secret = loadOrCreateSecret({ stateDir, fromEnv: toolsEnv.BETTER_AUTH_SECRET });
  const env = { DATABASE_URL: database.url, BETTER_AUTH_SECRET: secret };
  const tApps = Date.now();
  const logDir = path.join(stateDir, 'logs');
  const apps = startApps({ env, ports: appPorts(), dev, logDir });
  const worker = startWorker({ env, logDir });

  const supervisor = superviseProcesses({
    processes: [
      ...apps.map((a) => ({ name: a.app, child: a.child, logFile: path.join(logDir, `${a.app}.log`) })),
      { name: 'worker', child: worker, logFile: path.join(logDir, 'worker.log') },
    ],
    report: ({ message, failed }) => (failed ? console.error(message) : console.log(message)),
  });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    const { failed } = await supervisor.stop();
    await database.stop();
    if (database.embedded) console.log('database stopped');
    process.exit(failed ? 1 : 0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  await waitHealthy({ apps, timeoutMs: dev ? 300_000 : 120_000 });
  const total = (Date.now() - t0) / 1000;
  console.log(`\nAll four apps healthy ${((Date.now() - tApps) / 1000).toFixed(1)}s after launch, ${total.toFixed(1)}s after npm start.\n`);
  for (const a of apps) console.log(`  ${APP_INFO[a.app].title.padEnd(16)} ${a.url}`);
  console.log('\nDemo logins (change before real use):');
  for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(13)} ${u.email.padEnd(26)} ${u.password}`);
  console.log(`\nLogs: ${logDir}. Ctrl-C stops everything.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
