// @ts-check
/**
 * The schema engine's JSON-RPC 2.0 server over stdio, as the Prisma CLI drives it: one JSON request
 * per stdin line, one JSON response per stdout line. Each request goes to the WebAssembly engine; the
 * few methods the WebAssembly build lacks (`createDatabase`, the version alias) are done here.
 *
 * The engine may also call the CLI: `print` asks it to write text to the user's stdout (that is how
 * `migrate diff` output reaches the terminal or `--output`), and the CLI answers on our stdin.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import process from 'node:process';
import { createInterface } from 'node:readline';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { logLine } from './log.mjs';
import { canConnectToDatabase, createDatabase, createMigrationAdapterFactory, UserFacingError } from './postgres.mjs';
import { loadSchemaEngineWasm, takePanicMessage } from './wasm.mjs';

/** @typedef {import('./wasm.mjs').WasmSchemaEngine} WasmSchemaEngine */
/** @typedef {import('./postgres.mjs').MigrationAdapterFactory} MigrationAdapterFactory */
/** @typedef {{ url?: string, shadowDatabaseUrl?: string }} DatasourceUrls */
/** @typedef {string | number} RpcId */
/** @typedef {{ jsonrpc: '2.0', id?: RpcId, method: string, params?: unknown }} RpcRequest */
/** @typedef {{ jsonrpc: '2.0', id: RpcId, result?: unknown, error?: unknown }} RpcResponse */

/** The native engine's code for "look at error.data" (prisma-engines json_rpc). */
const ENGINE_ERROR_CODE = 4466;

/**
 * @typedef {object} ServeOptions
 * @property {string[]} datamodelPaths  `--datamodels` files, read once at start like the native engine
 * @property {DatasourceUrls} datasource  `--datasource` JSON from prisma.config.ts
 */

/** @param {ServeOptions} options */
export async function serveJsonRpc({ datamodelPaths, datasource }) {
  /** @type {[string, string][]} */
  const datamodels = await Promise.all(
    datamodelPaths.map(async (path) => /** @type {[string, string]} */ ([path, await readFile(resolve(path), 'utf8')])),
  );
  const session = new EngineSession(datamodels, datasource);
  /** @type {Map<RpcId, (response: RpcResponse) => void>} */
  const awaitingCli = new Map();
  let nextOutgoingId = 1;

  /** @param {unknown} message */
  const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

  /** @type {(text: string) => Promise<void>} */
  const print = (text) =>
    new Promise((done) => {
      const id = `engine-print-${nextOutgoingId++}`;
      awaitingCli.set(id, () => done());
      send({ jsonrpc: '2.0', id, method: 'print', params: { content: text } });
    });

  /** @type {string | undefined} */
  let panicked;

  /** @param {RpcRequest} request */
  const handle = async (request) => {
    try {
      // After a panic the WebAssembly instance is in an undefined state (the native engine exits).
      if (panicked) throw new Error(`The schema engine panicked earlier in this session: ${panicked}`);
      const result = await session.call(request.method, request.params, print);
      return { jsonrpc: '2.0', id: request.id, result: result === undefined ? null : result };
    } catch (error) {
      const rpcError = toRpcError(error);
      if (rpcError.data?.is_panic) panicked = rpcError.data.message;
      return { jsonrpc: '2.0', id: request.id, error: rpcError };
    }
  };

  // The engine is not re-entrant: requests run one after another, in arrival order.
  /** @type {Promise<void>} */
  let queue = Promise.resolve();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    /** @type {unknown} */
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    if (!isObject(message)) return;
    if (typeof message.method === 'string') {
      const request = /** @type {RpcRequest} */ (message);
      queue = queue.then(async () => {
        const response = await handle(request);
        if (request.id !== undefined) send(response);
      });
    } else if (typeof message.id === 'string' || typeof message.id === 'number') {
      awaitingCli.get(message.id)?.(/** @type {RpcResponse} */ (message));
      awaitingCli.delete(message.id);
    }
  });

  const shutdown = async () => {
    await queue;
    await session.dispose();
    process.exit(0);
  };
  // The CLI stops the engine by closing our stdin (and SIGTERM/SIGKILL after a grace period).
  lines.on('close', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
  return typeof value === 'object' && value !== null;
}

class EngineSession {
  /**
   * @param {[string, string][]} datamodels
   * @param {DatasourceUrls} datasource
   */
  constructor(datamodels, datasource) {
    this.datamodels = datamodels;
    this.datasource = datasource;
    /** @type {Promise<WasmSchemaEngine> | undefined} */
    this.engine = undefined;
    /** @type {MigrationAdapterFactory | undefined} */
    this.factory = undefined;
    /** @type {import('@prisma/driver-adapter-utils').ErrorRegistry | undefined} */
    this.errorRegistry = undefined;
  }

  /**
   * The engine connects as it starts, so it is started on the first request that needs it: a
   * `--version` or `createDatabase` must not fail because the database does not exist yet.
   * @returns {Promise<WasmSchemaEngine>}
   */
  getEngine() {
    this.engine ??= this.startEngine().catch((error) => {
      this.engine = undefined;
      throw error;
    });
    return this.engine;
  }

  async startEngine() {
    const url = this.datasource.url ?? '';
    const factory = createMigrationAdapterFactory({ url, shadowDatabaseUrl: this.datasource.shadowDatabaseUrl });
    this.factory = factory;
    const wasm = await loadSchemaEngineWasm();
    const bound = bindMigrationAwareSqlAdapterFactory(factory);
    this.errorRegistry = bound.errorRegistry;
    try {
      return await wasm.newEngine(
        // `datamodels` must be undefined or non-empty.
        { datamodels: this.datamodels.length > 0 ? this.datamodels : undefined },
        forwardEngineLog,
        bound,
      );
    } catch (error) {
      await factory.disposeAll();
      // The WebAssembly engine reports a failed first connection without an error code; our own
      // check names it the way the native engine does (P1001 unreachable, P1003 no database, ...).
      await canConnectToDatabase(url);
      throw error;
    }
  }

  /**
   * @param {string} method
   * @param {unknown} params
   * @param {(text: string) => Promise<void>} print
   * @returns {Promise<unknown>}
   */
  async call(method, params, print) {
    try {
      return await this.dispatch(method, params, print);
    } catch (error) {
      throw this.withJsCause(error);
    }
  }

  /**
   * A plain JS exception inside the adapter reaches us as "External error id#N"; the exception
   * itself waits in the adapter's error registry. Put its message back where the user will see it.
   * @param {unknown} error
   */
  withJsCause(error) {
    if (!(error instanceof Error) || !this.errorRegistry) return error;
    const match = /External error id#(\d+)/.exec(error.message);
    if (!match) return error;
    const record = this.errorRegistry.consumeError(Number(match[1]));
    if (!record) return error;
    const cause = record.error instanceof Error ? record.error.message : String(record.error);
    error.message = error.message.replace(match[0], cause);
    return error;
  }

  /**
   * @param {string} method
   * @param {unknown} params
   * @param {(text: string) => Promise<void>} print
   * @returns {Promise<unknown>}
   */
  async dispatch(method, params, print) {
    switch (method) {
      case 'getDatabaseVersion':
      case 'version':
        return (await this.getEngine()).version(/** @type {import('@prisma/schema-engine-wasm').GetDatabaseVersionInput | undefined} */ (params));
      case 'createDatabase': {
        const input = /** @type {import('@prisma/schema-engine-wasm').CreateDatabaseParams} */ (params);
        const url = input.datasource.tag === 'ConnectionString' ? input.datasource.url : this.datasource.url;
        return { databaseName: await createDatabase(url ?? '') };
      }
      case 'ensureConnectionValidity': {
        const input = /** @type {import('@prisma/schema-engine-wasm').EnsureConnectionValidityParams} */ (params);
        if (input.datasource.tag === 'ConnectionString') {
          await canConnectToDatabase(input.datasource.url);
          return {};
        }
        return (await this.getEngine()).ensureConnectionValidity(input);
      }
      case 'diff': {
        // The native engine prints the diff through the CLI and returns `stdout: null`; the
        // WebAssembly one returns it. Print it the native way so `--output` and piping work.
        const result = await (await this.getEngine()).diff(/** @type {import('@prisma/schema-engine-wasm').DiffParams} */ (params));
        if (result.stdout) await print(result.stdout.replace(/\n$/, ''));
        return { ...result, stdout: null };
      }
      case 'applyMigrations':
        return (await this.getEngine()).applyMigrations(/** @type {import('@prisma/schema-engine-wasm').ApplyMigrationsInput} */ (params));
      case 'createMigration':
        return (await this.getEngine()).createMigration(/** @type {import('@prisma/schema-engine-wasm').CreateMigrationInput} */ (params));
      case 'dbExecute':
        return (await this.getEngine()).dbExecute(/** @type {import('@prisma/schema-engine-wasm').DbExecuteParams} */ (params));
      case 'devDiagnostic':
        return (await this.getEngine()).devDiagnostic(/** @type {import('@prisma/schema-engine-wasm').DevDiagnosticInput} */ (params));
      case 'diagnoseMigrationHistory':
        return (await this.getEngine()).diagnoseMigrationHistory(/** @type {import('@prisma/schema-engine-wasm').DiagnoseMigrationHistoryInput} */ (params));
      case 'evaluateDataLoss':
        return this.evaluateDataLoss(/** @type {import('@prisma/schema-engine-wasm').EvaluateDataLossInput} */ (params));
      case 'introspect':
        return (await this.getEngine()).introspect(/** @type {import('@prisma/schema-engine-wasm').IntrospectParams} */ (params));
      case 'introspectSql':
        return (await this.getEngine()).introspectSql(/** @type {import('@prisma/schema-engine-wasm').IntrospectSqlParams} */ (params));
      case 'markMigrationApplied':
        return (await this.getEngine()).markMigrationApplied(/** @type {import('@prisma/schema-engine-wasm').MarkMigrationAppliedInput} */ (params));
      case 'markMigrationRolledBack':
        return (await this.getEngine()).markMigrationRolledBack(/** @type {import('@prisma/schema-engine-wasm').MarkMigrationRolledBackInput} */ (params));
      case 'reset':
        return (await this.getEngine()).reset(/** @type {import('@prisma/schema-engine-wasm').ResetInput} */ (params));
      case 'schemaPush':
        return (await this.getEngine()).schemaPush(/** @type {import('@prisma/schema-engine-wasm').SchemaPushInput} */ (params));
      case 'debugPanic':
        return (await this.getEngine()).debugPanic();
      default:
        throw new RpcMethodNotFound(method);
    }
  }

  /**
   * The WebAssembly build computes the "schema after all migrations" for `evaluateDataLoss` only
   * from its per-process cache; on a miss it has no shadow-database path and fails with "PostgreSQL
   * shadow DB must be provided through an external factory". A miss happens in `migrate dev` when
   * migrations were pending at `devDiagnostic` time (after `--create-only`, or a teammate's
   * migrations): the CLI applies them, then asks for the data loss with the longer list.
   * `devDiagnostic` on that list goes through the adapter's shadow database and fills the cache,
   * so on that error we run it and ask again.
   * @param {import('@prisma/schema-engine-wasm').EvaluateDataLossInput} input
   */
  async evaluateDataLoss(input) {
    const engine = await this.getEngine();
    try {
      return await engine.evaluateDataLoss(input);
    } catch (error) {
      if (!(error instanceof Error) || !/shadow DB must be provided through an external factory/.test(error.message)) {
        throw error;
      }
      await engine.devDiagnostic({ migrationsList: input.migrationsList, filters: input.filters });
      return engine.evaluateDataLoss(input);
    }
  }

  async dispose() {
    await this.factory?.disposeAll();
  }
}

class RpcMethodNotFound extends Error {
  /** @param {string} method */
  constructor(method) {
    super(`Method not found: \`${method}\` is not supported by the air-gapped (WebAssembly) schema engine.`);
    this.name = 'RpcMethodNotFound';
  }
}

/**
 * The WebAssembly engine logs the native engine's JSON lines; the CLI reads them from our stderr.
 * @param {string} line
 */
function forwardEngineLog(line) {
  process.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
}

/**
 * Shapes an error like the native engine's JSON-RPC errors, which the CLI unpacks from `error.data`:
 * `error_code` + `message` for user-facing errors (`P3006: Migration ... failed to apply ...`),
 * `is_panic` for crashes.
 * @param {unknown} error
 */
function toRpcError(error) {
  if (error instanceof RpcMethodNotFound) return { code: -32601, message: error.message, data: undefined };
  const isPanic = error instanceof globalThis.WebAssembly.RuntimeError;
  const message = (isPanic ? takePanicMessage() : undefined) ?? (error instanceof Error ? error.message : String(error));
  const errorCode =
    error instanceof UserFacingError
      ? error.code
      : isObject(error) && typeof error.code === 'string' && /^P\d{4}$/.test(error.code)
        ? error.code
        : undefined;
  const meta = isObject(error) && isObject(error.meta) ? error.meta : undefined;
  if (isPanic) logLine('ERROR', { is_panic: true, message }, 'schema_engine::logger');
  return {
    code: ENGINE_ERROR_CODE,
    // The CLI shows the top-level message for panics and `data.message` for everything else.
    message: isPanic ? message : 'An error happened. Check the data field for details.',
    data: {
      is_panic: isPanic,
      message,
      ...(errorCode ? { error_code: errorCode } : {}),
      ...(meta ? { meta } : {}),
    },
  };
}
