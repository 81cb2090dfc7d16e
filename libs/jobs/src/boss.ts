import { PgBoss } from './pg-boss';

export interface TQueueSettings {
  /** A worker that stops heartbeating (killed) loses the job after this, and pg-boss retries it. */
  expireInSeconds: number;
  retryLimit: number;
  retryDelaySeconds: number;
}

export const DEFAULT_QUEUE_SETTINGS: TQueueSettings = { expireInSeconds: 15 * 60, retryLimit: 2, retryDelaySeconds: 5 };

/**
 * Starts pg-boss on the platform database (schema `pgboss`). No new service to run: more workers on more
 * machines scale it out.
 * @example const boss = await startBoss({ url, maintenanceIntervalSeconds: 30 });
 */
export async function startBoss({
  url,
  maintenanceIntervalSeconds = 30,
  supervise = true,
}: {
  url: string;
  maintenanceIntervalSeconds?: number;
  supervise?: boolean;
}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss',
    max: 4,
    supervise,
    maintenanceIntervalSeconds,
    application_name: 'platform-jobs',
  });
  boss.on('error', (error: unknown) => {
    process.stderr.write(`[jobs] ${error instanceof Error ? error.message : String(error)}\n`);
  });
  await boss.start();
  return boss;
}

export async function ensureQueue({ boss, kind, settings }: { boss: PgBoss; kind: string; settings: TQueueSettings }) {
  const existing = await boss.getQueue(kind);
  const options = {
    name: kind,
    expireInSeconds: settings.expireInSeconds,
    retryLimit: settings.retryLimit,
    retryDelay: settings.retryDelaySeconds,
  };
  if (existing) await boss.updateQueue(kind, options);
  else await boss.createQueue(kind, options);
}

const senderCache = globalThis as unknown as { __platformBoss?: { url: string; boss: Promise<PgBoss> } };

/** A pg-boss instance for enqueueing from an app server: no supervision (the worker does that). */
export function getSenderBoss({ url }: { url: string }): Promise<PgBoss> {
  if (senderCache.__platformBoss?.url !== url) {
    senderCache.__platformBoss = { url, boss: startBoss({ url, supervise: false }) };
  }
  return senderCache.__platformBoss.boss;
}
