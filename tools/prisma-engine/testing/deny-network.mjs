// @ts-check
/**
 * Test-only preload (`node --import`): simulates an air-gapped machine inside one process tree.
 * Every outgoing TCP/TLS connection to a non-loopback host is refused, and the attempt is appended to
 * the file named by DENY_NETWORK_LOG, so a test can assert that nothing tried to reach the internet
 * (binaries.prisma.sh, checkpoint telemetry, ...) even on a machine that could.
 * Inherited by child processes through NODE_OPTIONS, so the CLI's schema engine is covered too.
 */
import fs from 'node:fs';
import net from 'node:net';
import process from 'node:process';

const logFile = process.env.DENY_NETWORK_LOG;

/** @param {unknown} host */
function isLocal(host) {
  if (typeof host !== 'string' || host === '') return true; // Unix socket or default (localhost)
  return host === 'localhost' || host === '::1' || host.startsWith('127.') || host.startsWith('/');
}

/**
 * The host of a `socket.connect(...)` call, for each of its signatures.
 * @param {unknown[]} args
 */
function targetOf(args) {
  const [first, second] = args;
  if (Array.isArray(first)) return targetOf(first); // internal normalized form
  if (typeof first === 'object' && first !== null) {
    const options = /** @type {{ host?: unknown, path?: unknown }} */ (first);
    return typeof options.path === 'string' ? options.path : options.host;
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) return second;
  return first; // a path: Unix socket
}

const originalConnect = net.Socket.prototype.connect;
/** @this {net.Socket} @param {unknown[]} args */
function guardedConnect(...args) {
  const host = targetOf(args);
  if (!isLocal(host)) {
    if (logFile) fs.appendFileSync(logFile, `${process.pid} ${String(host)}\n`);
    const error = Object.assign(new Error(`network access denied (air-gapped test): ${String(host)}`), {
      code: 'ENETUNREACH',
    });
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return Reflect.apply(originalConnect, this, args);
}
Object.defineProperty(net.Socket.prototype, 'connect', { value: guardedConnect, writable: true, configurable: true });
