// @ts-check
/**
 * Structured stderr logging in the native schema engine's format.
 *
 * The Prisma CLI reads the engine's stderr as JSON lines (tracing-subscriber's JSON format): in the
 * `cli ...` subcommands it drops the first line and JSON-parses every following one, looking for
 * `{ level: "ERROR", target: "schema_engine::logger", fields: { error_code, message } }`; in RPC mode
 * it remembers the last ERROR line's fields to explain an unexpected exit. So every line we write to
 * stderr is one JSON object, and stdout carries nothing but JSON-RPC.
 */
import console from 'node:console';
import process from 'node:process';

/** @typedef {'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'} LogLevel */

/**
 * @param {LogLevel} level
 * @param {Record<string, unknown>} fields
 * @param {string} [target]
 */
export function logLine(level, fields, target = 'schema_engine') {
  process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target })}\n`);
}

/**
 * @param {string} message
 * @param {Record<string, unknown>} [extra]
 */
export function logInfo(message, extra = {}) {
  logLine('INFO', { message, ...extra });
}

/**
 * The line the CLI turns into a user-facing error (`P1001: Can't reach database server ...`).
 * @param {{ message: string, errorCode?: string | undefined, isPanic?: boolean }} error
 */
export function logError({ message, errorCode, isPanic = false }) {
  logLine('ERROR', { is_panic: isPanic, error_code: errorCode ?? '', message }, 'schema_engine::logger');
}

/**
 * Libraries (pg, the adapter's debug output, Node warnings) must never write free text to stdout, where
 * it would corrupt the JSON-RPC stream, nor unstructured lines to stderr, which the CLI's `cli`
 * subcommand parser rejects. Route them all through `logLine`.
 */
export function captureStrayOutput() {
  /** @param {LogLevel} level */
  const sink =
    (level) =>
    /** @param {unknown[]} args */
    (...args) =>
      logLine(level, { message: args.map((a) => (typeof a === 'string' ? a : safeString(a))).join(' ') }, 'node');
  console.log = sink('INFO');
  console.info = sink('INFO');
  console.debug = sink('DEBUG');
  console.warn = sink('WARN');
  console.error = sink('ERROR');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => logLine('WARN', { message: `${warning.name}: ${warning.message}` }, 'node'));
}

/** @param {unknown} value */
function safeString(value) {
  if (value instanceof Error) return value.stack ?? value.message;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
