import { AsyncLocalStorage } from 'node:async_hooks';

// Shared by name with tools/next/serve.mjs, which serves the apps and runs each request inside this store with
// its TCP peer address. A global symbol: Next bundles this file into the app, a different module instance
// from the server's, and only `globalThis` is the same for both.
const PEER_STORE = Symbol.for('platform.socket-peer');

type TPeerStore = AsyncLocalStorage<string | null>;

function peerStore(): TPeerStore | undefined {
  const store: unknown = (globalThis as Record<symbol, unknown>)[PEER_STORE];
  return store instanceof AsyncLocalStorage ? (store as TPeerStore) : undefined;
}

/**
 * The TCP peer address of the request being handled (a client, or the reverse proxy in front), as the
 * server recorded it; null when the app is not served by tools/next/serve.mjs (plain `next start` or
 * `next dev` keep the socket to themselves, and any header could be a client's invention).
 * @example const peer = socketPeerAddress(); // '::ffff:127.0.0.1'
 */
export function socketPeerAddress(): string | null {
  return peerStore()?.getStore() ?? null;
}

/** Runs `fn` as if serving a request from `address` (what serve.mjs does per request; tests use it too). */
export function runWithSocketPeer<T>({ address }: { address: string | null }, fn: () => T): T {
  const globals = globalThis as Record<symbol, unknown>;
  let store = peerStore();
  if (!store) {
    store = new AsyncLocalStorage<string | null>();
    globals[PEER_STORE] = store;
  }
  return store.run(address, fn);
}
