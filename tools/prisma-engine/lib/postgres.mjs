// @ts-check
/**
 * PostgreSQL side of the air-gapped schema engine: connection strings, user-facing connection errors,
 * `create-database` / `drop-database`, and the driver-adapter factory the WebAssembly engine migrates
 * through. The factory wraps `@prisma/adapter-pg` and fixes, on this migration connection only, what
 * breaks migrate commands (see /work/shared/notes/offline-toolchain.md):
 *   1. catalog columns of type `name` / `"char"` (and the reg* types) are reported to the adapter as text;
 *   3. the shadow database is opened with host/port/user/password/database fields, never a
 *      connectionString (pg lets `connectionString` override `database`, so the "shadow" would silently
 *      be the main database);
 *   4. the shadow database is dropped only after its pool has ended;
 *   5. scripts go to the server as one simple-protocol query, so `$$` function bodies survive.
 * The application's runtime adapter (libs/db) is untouched by any of this.
 */
import { randomUUID } from 'node:crypto';
import { URL } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

/** @typedef {import('pg').PoolConfig} PoolConfig */
/** @typedef {import('pg').ClientConfig} ClientConfig */
/** @typedef {import('@prisma/driver-adapter-utils').SqlDriverAdapter} SqlDriverAdapter */
/** @typedef {import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory} SqlMigrationAwareDriverAdapterFactory */
/** @typedef {import('@prisma/driver-adapter-utils').SqlQuery} SqlQuery */
/** @typedef {import('@prisma/driver-adapter-utils').SqlResultSet} SqlResultSet */
/** @typedef {import('@prisma/driver-adapter-utils').IsolationLevel} IsolationLevel */
/** @typedef {import('@prisma/driver-adapter-utils').Transaction} Transaction */
/** @typedef {import('@prisma/driver-adapter-utils').ConnectionInfo} ConnectionInfo */

/**
 * @typedef {object} PgTarget
 * @property {ClientConfig} config  separate connection fields; never `connectionString`
 * @property {string} database
 * @property {string | undefined} schema  the `?schema=` parameter, if any
 * @property {string} location  `host:port`, as Prisma prints it in errors
 * @property {string} user
 */

/** An error with a Prisma error code (P1001, ...), shown to the user as `CODE: message`. */
export class UserFacingError extends Error {
  /**
   * @param {string | undefined} code
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = 'UserFacingError';
    this.code = code;
  }
}

const DEFAULT_PORT = 5432;
const DEFAULT_CONNECT_TIMEOUT_S = 5;

/**
 * Parses a `postgresql://` URL into separate pg connection fields, understanding the parameters
 * Prisma documents for PostgreSQL (`schema`, `sslmode`, `connect_timeout`, `connection_limit`,
 * `host` for a Unix socket directory, `application_name`).
 * @param {string} url
 * @returns {PgTarget}
 */
export function parseDatabaseUrl(url) {
  if (!url) {
    throw new UserFacingError('P1012', 'The datasource url is empty. Set DATABASE_URL (read by prisma.config.ts).');
  }
  /** @type {URL} */
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserFacingError('P1013', 'The provided database string is invalid. It is not a valid URL.');
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new UserFacingError(
      'P1013',
      `The provided database string is invalid. The air-gapped schema engine supports PostgreSQL only: the URL must start with \`postgresql://\` or \`postgres://\`, not \`${parsed.protocol}//\`.`,
    );
  }
  const params = parsed.searchParams;
  const socketDir = params.get('host');
  const host = socketDir ?? (decodeURIComponent(parsed.hostname).replace(/^\[(.*)\]$/, '$1') || 'localhost');
  const port = parsed.port ? Number(parsed.port) : DEFAULT_PORT;
  const user = decodeURIComponent(parsed.username) || 'postgres';
  const password = decodeURIComponent(parsed.password);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres';
  const schema = params.get('schema') ?? undefined;
  const timeoutSeconds = Number(params.get('connect_timeout') ?? DEFAULT_CONNECT_TIMEOUT_S);

  /** @type {ClientConfig} */
  const config = {
    host,
    port,
    user,
    database,
    connectionTimeoutMillis: timeoutSeconds > 0 ? timeoutSeconds * 1000 : 0,
  };
  if (password) config.password = password;
  const applicationName = params.get('application_name');
  if (applicationName) config.application_name = applicationName;
  const ssl = sslFromParams(params);
  if (ssl !== undefined) config.ssl = ssl;
  // Migration SQL is unqualified (as with the native engine), so the schema has to be on the search path.
  if (schema) config.options = `-c search_path=${quoteIdent(schema)}`;

  return { config, database, schema, location: `${host}:${port}`, user };
}

/**
 * @param {URLSearchParams} params
 * @returns {ClientConfig['ssl']}
 */
function sslFromParams(params) {
  const mode = params.get('sslmode');
  const acceptInvalid = params.get('sslaccept') === 'accept_invalid_certs';
  switch (mode) {
    case null:
    case 'disable':
    case 'prefer': // pg cannot fall back from TLS to plain; `prefer` servers on-prem are usually plain.
      return undefined;
    case 'no-verify':
      return { rejectUnauthorized: false };
    default: // require, verify-ca, verify-full
      return acceptInvalid ? { rejectUnauthorized: false } : true;
  }
}

/** @param {string} identifier */
export function quoteIdent(identifier) {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/**
 * Maps a pg / socket error to the user-facing error the native engine would report.
 * @param {unknown} error
 * @param {PgTarget} target
 * @returns {UserFacingError}
 */
export function toUserFacingError(error, target) {
  if (error instanceof UserFacingError) return error;
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case '3D000':
      return new UserFacingError(
        'P1003',
        `Database \`${target.database}\` does not exist on the database server at \`${target.location}\`.`,
      );
    case '28P01':
    case '28000':
      return new UserFacingError(
        'P1000',
        `Authentication failed against database server at \`${target.location}\`, the provided database credentials for \`${target.user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${target.location}\`.`,
      );
    case '42P04':
      return new UserFacingError(
        'P1009',
        `Database \`${target.database}\` already exists on the database server at \`${target.location}\``,
      );
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ECONNRESET':
    case 'ENOENT': // Unix socket path missing
      return new UserFacingError(
        'P1001',
        `Can't reach database server at \`${target.location}\`\n\nPlease make sure your database server is running at \`${target.location}\`.`,
      );
    default:
      if (/timeout/i.test(message)) {
        return new UserFacingError(
          'P1001',
          `Can't reach database server at \`${target.location}\` (timed out)\n\nPlease make sure your database server is running at \`${target.location}\`.`,
        );
      }
      return new UserFacingError(undefined, message);
  }
}

/**
 * @param {unknown} error
 * @returns {string | undefined}
 */
function errorCode(error) {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  // Node reports a refused dual-stack `localhost` as an AggregateError whose members carry the code.
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const innerCode = errorCode(inner);
      if (innerCode) return innerCode;
    }
  }
  return undefined;
}

/**
 * Runs `fn` with a single client connected to `target`, mapping connection errors.
 * @template T
 * @param {PgTarget} target
 * @param {(client: pg.Client) => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withClient(target, fn) {
  const client = new pg.Client(target.config);
  // An idle client's socket error must not crash the process; the awaited call reports it.
  client.on('error', () => {});
  try {
    await client.connect();
    return await fn(client);
  } catch (error) {
    throw toUserFacingError(error, target);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * `schema-engine cli can-connect-to-database`.
 * @param {string} url
 */
export async function canConnectToDatabase(url) {
  const target = parseDatabaseUrl(url);
  await withClient(target, (client) => client.query('SELECT 1'));
}

/**
 * A connection to a maintenance database on the same server (`postgres`, else `template1`), for
 * CREATE / DROP DATABASE, which cannot run inside the target database.
 * @template T
 * @param {PgTarget} target
 * @param {(client: pg.Client) => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withMaintenanceClient(target, fn) {
  /** @param {string} database */
  const on = (database) => ({ ...target, config: { ...target.config, database }, database });
  try {
    return await withClient(on('postgres'), fn);
  } catch (error) {
    if (error instanceof UserFacingError && error.code === 'P1003') return withClient(on('template1'), fn);
    throw error;
  }
}

/**
 * `schema-engine cli create-database` and the `createDatabase` RPC method.
 * @param {string} url
 * @returns {Promise<string>} the database name
 */
export async function createDatabase(url) {
  const target = parseDatabaseUrl(url);
  try {
    await withMaintenanceClient(target, (client) => client.query(`CREATE DATABASE ${quoteIdent(target.database)}`));
  } catch (error) {
    throw toUserFacingError(error, target);
  }
  return target.database;
}

/**
 * `schema-engine cli drop-database`.
 * @param {string} url
 */
export async function dropDatabase(url) {
  const target = parseDatabaseUrl(url);
  await withMaintenanceClient(target, (client) => client.query(`DROP DATABASE ${quoteIdent(target.database)}`));
}

// ---------------------------------------------------------------------------------------------------
// Pitfall 1: catalog types the adapter cannot deserialize.

const TEXT_OID = 25;
/**
 * OIDs of catalog types that pg hands back as plain strings but `@prisma/adapter-pg` refuses
 * (prisma/orm#27403): "char", name, regproc, pg_node_tree, aclitem and the reg* aliases.
 */
const CATALOG_TEXT_OIDS = new Set([18, 19, 24, 194, 1033, 2202, 2203, 2204, 2205, 2206, 3734, 4089, 4096, 4191]);

/**
 * Relabels catalog-typed fields as text. Values are already parsed by then (pg parses by the
 * original OID, and has no parser for these types, so they are strings), only the label changes.
 * @param {unknown} result
 * @returns {unknown}
 */
function labelCatalogColumnsAsText(result) {
  if (Array.isArray(result)) return result.map(labelCatalogColumnsAsText);
  if (typeof result === 'object' && result !== null && 'fields' in result && Array.isArray(result.fields)) {
    for (const field of result.fields) {
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

/**
 * Wraps one client's `query` so every result passes through `labelCatalogColumnsAsText`, whichever
 * calling convention is used (promise: the adapter; callback: pg.Pool#query).
 * @param {pg.Client} client
 */
function relabelCatalogTypes(client) {
  const original = client.query;
  /** @param {unknown[]} args */
  const query = (...args) => {
    const last = args.at(-1);
    if (typeof last === 'function') {
      /** @type {(error: unknown, result: unknown) => void} */
      const callback = (error, result) => last(error, error ? result : labelCatalogColumnsAsText(result));
      return Reflect.apply(original, client, [...args.slice(0, -1), callback]);
    }
    /** @type {unknown} */
    const returned = Reflect.apply(original, client, args);
    return returned instanceof Promise ? returned.then(labelCatalogColumnsAsText) : returned;
  };
  Object.defineProperty(client, 'query', { value: query, configurable: true, writable: true });
}

/**
 * @param {PgTarget} target
 * @returns {pg.Pool}
 */
function createMigrationPool(target) {
  const pool = new pg.Pool({ ...target.config, max: 4 });
  // 'connect' fires for each new client before the pool hands it out, so transactions get it too.
  pool.on('connect', relabelCatalogTypes);
  pool.on('error', () => {}); // idle-client errors surface on the next query instead
  return pool;
}

// ---------------------------------------------------------------------------------------------------
// The adapter and its factory.

/**
 * A `SqlDriverAdapter` that delegates to `@prisma/adapter-pg` except for `executeScript`, and that
 * can run a clean-up step after its pool has closed.
 * @implements {SqlDriverAdapter}
 */
class MigrationAdapter {
  /** @type {'postgres'} */
  provider = 'postgres';

  /**
   * @param {Awaited<ReturnType<PrismaPg['connect']>>} inner
   * @param {() => Promise<void>} [afterDispose]
   */
  constructor(inner, afterDispose) {
    this.inner = inner;
    this.adapterName = inner.adapterName;
    this.afterDispose = afterDispose;
    /** @type {Promise<void> | undefined} */
    this.disposed = undefined;
  }

  /** @param {SqlQuery} query */
  queryRaw(query) {
    return this.inner.queryRaw(query);
  }

  /** @param {SqlQuery} query */
  executeRaw(query) {
    return this.inner.executeRaw(query);
  }

  /**
   * Pitfall 5: `@prisma/adapter-pg` splits scripts on `;`, which cuts `$$ ... $$` function bodies
   * apart. A query without bind values goes over pg's simple protocol, which accepts many statements
   * in one message and runs them in one implicit transaction, as the native engine does.
   * @param {string} script
   */
  async executeScript(script) {
    await this.inner.executeRaw({ sql: script, args: [], argTypes: [] });
  }

  /** @param {IsolationLevel} [isolationLevel] */
  startTransaction(isolationLevel) {
    return this.inner.startTransaction(isolationLevel);
  }

  /** @returns {ConnectionInfo} */
  getConnectionInfo() {
    return this.inner.getConnectionInfo();
  }

  dispose() {
    this.disposed ??= (async () => {
      await this.inner.dispose();
      await this.afterDispose?.();
    })();
    return this.disposed;
  }
}

/**
 * @typedef {SqlMigrationAwareDriverAdapterFactory & { disposeAll(): Promise<void> }} MigrationAdapterFactory
 */

/**
 * The driver-adapter factory handed to the WebAssembly schema engine.
 * @param {{ url: string, shadowDatabaseUrl?: string | undefined }} datasource
 * @returns {MigrationAdapterFactory}
 */
export function createMigrationAdapterFactory({ url, shadowDatabaseUrl }) {
  const main = parseDatabaseUrl(url);
  /** @type {Set<MigrationAdapter>} */
  const live = new Set();

  /**
   * @param {PgTarget} target
   * @param {() => Promise<void>} [afterDispose]
   */
  const open = async (target, afterDispose) => {
    const pool = createMigrationPool(target);
    const inner = await new PrismaPg(pool, { schema: target.schema, disposeExternalPool: true }).connect();
    const adapter = new MigrationAdapter(inner, async () => {
      live.delete(adapter);
      await afterDispose?.();
    });
    live.add(adapter);
    return adapter;
  };

  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => open(main),
    async connectToShadowDb() {
      if (shadowDatabaseUrl) return open(parseDatabaseUrl(shadowDatabaseUrl));
      const admin = await open(main);
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      await admin.executeScript(`CREATE DATABASE ${quoteIdent(name)}`);
      // Pitfall 3: same fields, other database; pitfall 4: drop only once the shadow pool has ended.
      const shadow = { ...main, config: { ...main.config, database: name }, database: name };
      return open(shadow, async () => {
        try {
          await admin.executeScript(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
        } finally {
          await admin.dispose();
        }
      });
    },
    async disposeAll() {
      // Shadow adapters first: their clean-up needs the admin connections, which are also live.
      const adapters = [...live].reverse();
      for (const adapter of adapters) await adapter.dispose().catch(() => {});
    },
  };
}
