import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrisma, type TPrismaResult } from './prisma';
import {
  createTempProject,
  denyNetworkPreload,
  makeTempDir,
  parseEngineLog,
  runSchemaEngine,
  startTestPostgres,
  type TTestPostgres,
} from './testing/harness';

// The Prisma CLI's migrate and introspection commands against a real PostgreSQL 17, with the
// WebAssembly schema engine and every non-loopback connection refused (deny-network.mjs).

const SCHEMA = `datasource db {
  provider = "postgresql"
}

enum Role {
  ADMIN
  ANALYST
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  role      Role     @default(ANALYST)
  createdAt DateTime @default(now())
  posts     Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id], onDelete: Cascade)

  @@index([authorId])
}
`;

// Semicolons inside a dollar-quoted body: split on ";" (as @prisma/adapter-pg does), this cannot run.
const FUNCTION_MIGRATION = `-- Raw SQL the schema cannot express.
CREATE FUNCTION "user_post_count"(uid INTEGER) RETURNS INTEGER AS $$
DECLARE
  n INTEGER;
BEGIN
  SELECT count(*) INTO n FROM "Post" WHERE "authorId" = uid;
  RETURN n;
END;
$$ LANGUAGE plpgsql STABLE;
`;

describe('Prisma CLI in air-gapped mode', () => {
  let root = '';
  let project = '';
  let networkLog = '';
  let server: TTestPostgres | undefined;

  function db(): TTestPostgres {
    if (!server) throw new Error('PostgreSQL did not start');
    return server;
  }

  function prisma(args: string[], database: string): Promise<TPrismaResult> {
    return runPrisma({
      args,
      databaseUrl: db().urlFor(database),
      cwd: project,
      env: { ...process.env, NODE_OPTIONS: `--import ${denyNetworkPreload}`, DENY_NETWORK_LOG: networkLog },
    });
  }

  function expectSuccess(result: TPrismaResult) {
    expect(result.code, `prisma failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
  }

  async function migrationDirs(): Promise<string[]> {
    const entries = await fs.readdir(path.join(project, 'prisma', 'migrations'), { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  }

  const appliedMigrations = (database: string) =>
    db().withClient(database, async (client) => {
      const { rows } = await client.query<{ migration_name: string }>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
      );
      return rows.map((row) => row.migration_name);
    });

  beforeAll(async () => {
    root = await makeTempDir('prisma-engine-it-');
    networkLog = path.join(root, 'network-attempts.log');
    await fs.writeFile(networkLog, '');
    project = await createTempProject({ dir: path.join(root, 'project'), schema: SCHEMA });
    server = await startTestPostgres({ dir: root });
  });

  afterAll(async () => {
    await server?.stop();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('cli can-connect-to-database: succeeds on a live database, P1003 names a missing one', async () => {
    const ok = await runSchemaEngine({
      args: ['--datasource', JSON.stringify({ url: db().urlFor('postgres') }), 'cli', 'can-connect-to-database'],
    });
    expect(ok.code).toBe(0);
    const missing = await runSchemaEngine({
      args: ['--datasource', JSON.stringify({ url: db().urlFor('no_such_db') }), 'cli', 'can-connect-to-database'],
    });
    expect(missing.code).toBe(1);
    const error = parseEngineLog(missing.stderr).find((line) => line.level === 'ERROR');
    expect(error?.fields.error_code).toBe('P1003');
    expect(error?.fields.message).toContain('Database `no_such_db` does not exist');
  });

  it('migrate diff --from-empty --to-schema --script prints the SQL', async () => {
    const result = await prisma(['migrate', 'diff', '--from-empty', '--to-schema', 'prisma/schema.prisma', '--script'], 'postgres');
    expectSuccess(result);
    expect(result.stdout).toContain(`CREATE TYPE "Role" AS ENUM ('ADMIN', 'ANALYST');`);
    expect(result.stdout).toContain('CREATE TABLE "User"');
    expect(result.stdout).toContain('CREATE UNIQUE INDEX "User_email_key"');
    expect(result.stdout).toMatch(/ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY \("authorId"\) REFERENCES "User"\("id"\)/);
  });

  it('migrate dev --name init creates the database, writes the migration and applies it', async () => {
    const result = await prisma(['migrate', 'dev', '--name', 'init'], 'dev_db');
    expectSuccess(result);
    const dirs = await migrationDirs();
    expect(dirs).toHaveLength(1);
    expect(dirs[0]).toMatch(/^\d{14}_init$/);
    const sql = await fs.readFile(path.join(project, 'prisma', 'migrations', dirs[0] ?? '', 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "Post"');
    expect(await appliedMigrations('dev_db')).toEqual(dirs);
    await db().withClient('dev_db', async (client) => {
      const { rows } = await client.query<{ role: string }>(
        `INSERT INTO "User" (email) VALUES ('first@example.org') RETURNING role::text AS role`,
      );
      expect(rows[0]?.role).toBe('ANALYST');
    });
  });

  it('migrate dev applies a hand-written $$ function migration, through a separate shadow database', async () => {
    expectSuccess(await prisma(['migrate', 'dev', '--create-only', '--name', 'user_post_count'], 'dev_db'));
    const created = (await migrationDirs()).find((dir) => dir.endsWith('_user_post_count'));
    expect(created).toBeDefined();
    await fs.writeFile(path.join(project, 'prisma', 'migrations', created ?? '', 'migration.sql'), FUNCTION_MIGRATION);

    // Pending migration + evaluateDataLoss + shadow database replay, all in one `migrate dev`.
    expectSuccess(await prisma(['migrate', 'dev'], 'dev_db'));

    expect(await appliedMigrations('dev_db')).toEqual(await migrationDirs());
    await db().withClient('dev_db', async (client) => {
      // The row written before survives: the shadow database was not the main one in disguise.
      const users = await client.query<{ email: string; posts: number }>(
        `SELECT email, user_post_count(id) AS posts FROM "User"`,
      );
      expect(users.rows).toEqual([{ email: 'first@example.org', posts: 0 }]);
      // ...and it was dropped once its pool had closed.
      const shadows = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`);
      expect(shadows.rows).toEqual([]);
    });
  });

  it('migrate deploy applies every migration to a fresh database', async () => {
    await db().withClient('postgres', (client) => client.query('CREATE DATABASE deploy_db'));
    const result = await prisma(['migrate', 'deploy'], 'deploy_db');
    expectSuccess(result);
    expect(result.stdout).toContain('All migrations have been successfully applied.');
    const dirs = await migrationDirs();
    expect(dirs).toHaveLength(2);
    expect(await appliedMigrations('deploy_db')).toEqual(dirs);
    await db().withClient('deploy_db', async (client) => {
      const { rows } = await client.query<{ count: number }>('SELECT user_post_count(42) AS count');
      expect(rows[0]?.count).toBe(0);
    });
  });

  it('migrate reset --force empties the database and re-applies the migrations', async () => {
    await db().withClient('deploy_db', (client) => client.query(`INSERT INTO "User" (email) VALUES ('gone@example.org')`));
    expectSuccess(await prisma(['migrate', 'reset', '--force'], 'deploy_db'));
    expect(await appliedMigrations('deploy_db')).toEqual(await migrationDirs());
    await db().withClient('deploy_db', async (client) => {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM "User"');
      expect(rows[0]?.n).toBe(0);
    });
  });

  it('db pull introspects the models, enum and relation back (catalog "char"/name columns as text)', async () => {
    const result = await prisma(['db', 'pull', '--print'], 'deploy_db');
    expectSuccess(result);
    expect(result.stdout).toMatch(/model User \{[^}]*email\s+String\s+@unique/);
    expect(result.stdout).toMatch(/model Post \{[^}]*@relation\(fields: \[authorId\], references: \[id\], onDelete: Cascade\)/);
    expect(result.stdout).toMatch(/enum Role \{\s*ADMIN\s+ANALYST\s*\}/);
  });

  it('never tried to reach the network (and the guard does catch an attempt)', async () => {
    expect(await fs.readFile(networkLog, 'utf8')).toBe('');
    // Control: the same preload records a connection attempt, so the empty log above means something.
    execFileSync(process.execPath, ['-e', "require('node:net').connect(443, 'binaries.prisma.sh').on('error', () => {})"], {
      env: { ...process.env, NODE_OPTIONS: `--import ${denyNetworkPreload}`, DENY_NETWORK_LOG: networkLog },
    });
    expect(await fs.readFile(networkLog, 'utf8')).toContain('binaries.prisma.sh');
  });
});
