// PostgreSQL LISTEN/NOTIFY as a cache-invalidation signal. A process caches something derived from a few
// tables; triggers on those tables notify a channel after every committed change (see the migrations); this
// watcher turns the notifications into a generation number. A cache entry is valid only while the generation
// it was loaded under is still current, and only while the watcher is connected: when it is not (not yet
// connected, or the connection dropped and notifications may have been missed) the generation is null and
// callers must read through.
import pg from 'pg';
import { urlOfDb, type Db } from './client';

interface TWatch {
  generation: number;
  connected: boolean;
  closed: boolean;
  client: pg.Client | null;
  timer: NodeJS.Timeout | null;
}

const watches = new Map<string, TWatch>();
const RECONNECT_MS = 1000;

function connect({ url, channel, watch }: { url: string; channel: string; watch: TWatch }): void {
  const client = new pg.Client({ connectionString: url, application_name: `watch:${channel}` });
  watch.client = client;
  const lost = () => {
    if (watch.client !== client) return;
    watch.connected = false;
    watch.generation += 1;
    watch.client = null;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (watch.closed) return;
    watch.timer = setTimeout(() => {
      watch.timer = null;
      if (!watch.closed) connect({ url, channel, watch });
    }, RECONNECT_MS);
    watch.timer.unref();
  };
  client.on('error', lost);
  client.on('end', lost);
  client.on('notification', (message) => {
    if (message.channel === channel) watch.generation += 1;
  });
  client
    .connect()
    .then(async () => {
      // The listener must never keep a process alive that has nothing else to do.
      const stream: unknown = (client as unknown as { connection?: { stream?: unknown } }).connection?.stream;
      if (stream && typeof stream === 'object' && 'unref' in stream && typeof stream.unref === 'function') stream.unref();
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      if (watch.client !== client) return;
      // Anything may have changed while nobody listened.
      watch.generation += 1;
      watch.connected = true;
    })
    .catch(lost);
}

/**
 * The current generation of `channel` on `db`'s database, or null while nobody is listening (read through).
 * The first call starts the listener; a later call sees it connected.
 * @example const g = changeGeneration({ db, channel: 'platform_scoring_state' }); if (g !== null && g === cached.g) use(cached);
 */
export function changeGeneration({ db, channel }: { db: Db; channel: string }): number | null {
  const url = urlOfDb(db);
  if (!url) return null;
  const key = `${channel}\u0000${url}`;
  let watch = watches.get(key);
  if (!watch) {
    watch = { generation: 0, connected: false, closed: false, client: null, timer: null };
    watches.set(key, watch);
    connect({ url, channel, watch });
  }
  return watch.connected ? watch.generation : null;
}

/** Stops this process's listeners on one database, or all of them (tests and tools that drop their database). */
export async function stopChangeWatches({ url }: { url?: string } = {}): Promise<void> {
  const all: TWatch[] = [];
  for (const [key, watch] of watches) {
    if (url !== undefined && !key.endsWith(`\u0000${url}`)) continue;
    watches.delete(key);
    all.push(watch);
  }
  await Promise.all(
    all.map(async (watch) => {
      watch.closed = true;
      if (watch.timer) clearTimeout(watch.timer);
      const client = watch.client;
      watch.client = null;
      watch.connected = false;
      if (client) {
        client.removeAllListeners();
        client.on('error', () => undefined);
        await client.end().catch(() => undefined);
      }
    }),
  );
}
