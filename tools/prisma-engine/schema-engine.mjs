#!/usr/bin/env node
// @ts-check
/**
 * Air-gapped schema engine: a drop-in for Prisma's native `schema-engine` binary, which the CLI
 * downloads at run time (impossible here). Point the CLI at this file with
 * PRISMA_SCHEMA_ENGINE_BINARY; it speaks the same command line and JSON-RPC, and runs the same engine
 * compiled to WebAssembly (`@prisma/schema-engine-wasm`) over a `pg` driver adapter.
 *
 *   schema-engine --version
 *   schema-engine [--datamodels FILE]... --datasource JSON            JSON-RPC over stdio
 *   schema-engine --datasource JSON cli can-connect-to-database|create-database|drop-database
 *
 * Plain JavaScript (type-checked through JSDoc, see tsconfig.json here) because the CLI starts it
 * several times per command and a TypeScript loader would add its start-up time to each.
 * Everything but JSON-RPC goes to stderr, as JSON log lines.
 */
import process from 'node:process';
import { captureStrayOutput, logError, logInfo } from './lib/log.mjs';
import { canConnectToDatabase, createDatabase, dropDatabase, UserFacingError } from './lib/postgres.mjs';
import { serveJsonRpc } from './lib/rpc-server.mjs';
import { loadSchemaEngineWasm } from './lib/wasm.mjs';

const USAGE = `Air-gapped Prisma schema engine (WebAssembly + pg)

USAGE:
    schema-engine [OPTIONS] [cli <COMMAND>]

OPTIONS:
    -d, --datamodels <FILE>...          Prisma schema files
        --datasource <JSON>             {"url": "...", "shadowDatabaseUrl": "..."} from prisma.config.ts
        --enabled-preview-features <F>  accepted and ignored
        --extension-types <JSON>        accepted and ignored
    -V, --version                       print the engine version
    -h, --help                          print this help

COMMANDS (after "cli"):
    can-connect-to-database | create-database | drop-database
`;

/**
 * @typedef {object} Invocation
 * @property {string[]} datamodels
 * @property {{ url?: string, shadowDatabaseUrl?: string }} datasource
 * @property {string | undefined} cliCommand
 * @property {boolean} version
 * @property {boolean} help
 */

/**
 * @param {string[]} argv
 * @returns {Invocation}
 */
function parseArgs(argv) {
  /** @type {Invocation} */
  const invocation = { datamodels: [], datasource: {}, cliCommand: undefined, version: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? splitOnce(arg, '=') : [arg, undefined];
    const value = () => {
      if (inlineValue !== undefined) return inlineValue;
      const next = argv[++i];
      if (next === undefined) throw new UserFacingError(undefined, `Missing value for ${flag}`);
      return next;
    };
    switch (flag) {
      case '-d':
      case '--datamodels':
      case '--datamodel': {
        invocation.datamodels.push(value());
        // structopt accepts `--datamodels a b c`
        while (inlineValue === undefined && argv[i + 1] !== undefined && !String(argv[i + 1]).startsWith('-') && argv[i + 1] !== 'cli') {
          invocation.datamodels.push(String(argv[++i]));
        }
        break;
      }
      case '--datasource':
        invocation.datasource = parseDatasource(value());
        break;
      case '--enabled-preview-features':
      case '--extension-types':
        value();
        break;
      case '-V':
      case '--version':
        invocation.version = true;
        break;
      case '-h':
      case '--help':
        invocation.help = true;
        break;
      case 'cli':
        invocation.cliCommand = argv[++i] ?? '';
        break;
      default:
        throw new UserFacingError(undefined, `Unexpected argument: ${arg}\n\n${USAGE}`);
    }
  }
  return invocation;
}

/**
 * @param {string} text
 * @param {string} separator
 * @returns {[string, string]}
 */
function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return [text.slice(0, at), text.slice(at + 1)];
}

/**
 * @param {string} json
 * @returns {{ url?: string, shadowDatabaseUrl?: string }}
 */
function parseDatasource(json) {
  /** @type {unknown} */
  const parsed = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null) return {};
  /** @param {string} key */
  const stringField = (key) => {
    const field = /** @type {Record<string, unknown>} */ (parsed)[key];
    return typeof field === 'string' && field !== '' ? field : undefined;
  };
  /** @type {{ url?: string, shadowDatabaseUrl?: string }} */
  const datasource = {};
  const url = stringField('url');
  const shadowDatabaseUrl = stringField('shadowDatabaseUrl');
  if (url) datasource.url = url;
  if (shadowDatabaseUrl) datasource.shadowDatabaseUrl = shadowDatabaseUrl;
  return datasource;
}

/**
 * The `cli` subcommands. Output contract (read by the CLI): first stderr line is informational, then
 * on failure a JSON ERROR line with `error_code` and `message`, and exit code 1.
 * @param {string} command
 * @param {string | undefined} url
 */
async function runCliCommand(command, url) {
  const { version } = await loadSchemaEngineWasm();
  logInfo('Starting schema engine CLI', { git_hash: version() });
  if (!url) {
    throw new UserFacingError(
      'P1012',
      'The datasource url is missing: set DATABASE_URL (prisma.config.ts passes it as `datasource.url`).',
    );
  }
  switch (command) {
    case 'can-connect-to-database':
      await canConnectToDatabase(url);
      return 'Connection successful';
    case 'create-database':
      return `Database '${await createDatabase(url)}' was successfully created.`;
    case 'drop-database':
      await dropDatabase(url);
      return 'The database was successfully dropped.';
    default:
      throw new UserFacingError(
        undefined,
        `Unknown cli command \`${command}\`: expected can-connect-to-database, create-database or drop-database.`,
      );
  }
}

async function main() {
  captureStrayOutput();
  /** @type {Invocation} */
  let invocation;
  try {
    invocation = parseArgs(process.argv.slice(2));
  } catch (error) {
    logError({ message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  if (invocation.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (invocation.version) {
    const { version } = await loadSchemaEngineWasm();
    process.stdout.write(`schema-engine-cli ${version()}\n`);
    return;
  }
  if (invocation.cliCommand !== undefined) {
    try {
      logInfo(await runCliCommand(invocation.cliCommand, invocation.datasource.url));
      process.exit(0);
    } catch (error) {
      const errorCode = error instanceof UserFacingError ? error.code : undefined;
      logError({ message: error instanceof Error ? error.message : String(error), errorCode });
      process.exit(1);
    }
  }
  try {
    await serveJsonRpc({ datamodelPaths: invocation.datamodels, datasource: invocation.datasource });
  } catch (error) {
    // Start-up failures only (e.g. an unreadable --datamodels file); request errors are RPC replies.
    logError({ message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
}

await main();
