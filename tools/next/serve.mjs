// Serves one production Next.js app, as `next start -p PORT` does, from the app's folder (the current working
// directory): `node ../../tools/next/serve.mjs -p 3001`.
//
// Why not `next start`: a route handler there cannot learn the TCP peer of its request. Next only copies
// the peer into X-Forwarded-For when the client sent none (`??=`), so a client that writes its own header
// chooses the address that sign-in rate limiting counts. This server runs each request inside an
// AsyncLocalStorage holding the socket's remote address, which the apps read (socketPeerAddress in
// libs/api/src/next/socket-peer.ts) and trust X-Forwarded-For only from TRUSTED_PROXIES. Unlike a header,
// no client can set it, and under plain `next start` it is simply absent (the apps then assume no address).
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import process from 'node:process';
import { setTimeout } from 'node:timers';
import next from 'next';

// The same global symbol as libs/api/src/next/socket-peer.ts (the app's bundle has its own module instances).
const PEER_STORE = Symbol.for('platform.socket-peer');

/** @param {string[]} argv */
function parseArgs(argv) {
  let port = 3000;
  let hostname;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '-p' || arg === '--port') port = Number(argv[++i]);
    else if (arg === '-H' || arg === '--hostname') hostname = argv[++i];
    else throw new Error(`serve.mjs: unknown argument ${arg} (use -p PORT [-H HOSTNAME])`);
  }
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error('serve.mjs: -p needs a port number');
  return { port, hostname };
}

const { port, hostname } = parseArgs(process.argv.slice(2));
/** @type {AsyncLocalStorage<string | null>} */
const peers = globalThis[PEER_STORE] instanceof AsyncLocalStorage ? globalThis[PEER_STORE] : new AsyncLocalStorage();
globalThis[PEER_STORE] = peers;

const app = next({ dev: false, dir: process.cwd(), port, hostname: hostname ?? 'localhost' });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((req, res) => {
  peers.run(req.socket.remoteAddress ?? null, () => {
    handle(req, res).catch((error) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
});
// Without a hostname, like `next start`: every interface.
server.listen(port, hostname, () => {
  process.stdout.write(`serving ${process.cwd()} on http://${hostname ?? 'localhost'}:${port} (client addresses from the socket)\n`);
});

const stop = () => {
  server.close(() => process.exit(0));
  // Keep-alive connections would hold close() open.
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
