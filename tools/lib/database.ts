import path from 'node:path';
import { startEmbeddedPostgres } from '@platform/db/boot';
import { createDb, readDbEnv, stateDir as defaultStateDir } from '@platform/db';
import { seedDatabase } from '@platform/db/seed';
import { seedFinance, type TFinanceSeedResult } from '@platform/finance';
import { seedStrategy, type TStrategySeedResult } from '@platform/strategy';
import { runPrisma } from '../prisma-engine/prisma';

export interface TPreparedDatabase {
  url: string;
  embedded: boolean;
  stop: () => Promise<void>;
}

/** DATABASE_URL set: use that server. Unset: boot the embedded PostgreSQL 17 in the state folder. */
export async function openDatabase({ stateDir = defaultStateDir() }: { stateDir?: string } = {}): Promise<TPreparedDatabase> {
  const env = readDbEnv();
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  const pg = await startEmbeddedPostgres({ dataDir: path.join(stateDir, 'pg'), port: env.EMBEDDED_PG_PORT, database: 'platform' });
  return { url: pg.url, embedded: true, stop: pg.stop };
}

/** Applies prisma/migrations with the air-gapped schema engine (no binary download). */
export async function migrateDatabase({ url }: { url: string }): Promise<void> {
  const result = await runPrisma({ args: ['migrate', 'deploy'], databaseUrl: url });
  if (result.code !== 0) throw new Error(`prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
}

export async function seed({ url }: { url: string }): Promise<{ usersCreated: number; finance: TFinanceSeedResult; strategy: TStrategySeedResult }> {
  const db = createDb({ url });
  try {
    const platform = await seedDatabase({ db });
    // The risk app's demo data: German Credit applications, the champion scorecard and their scores.
    const finance = await seedFinance({ db });
    // The strategy app's initiatives (after finance: they link the registry models it registered).
    const strategy = await seedStrategy({ db });
    return { ...platform, finance, strategy };
  } finally {
    await db.$disconnect();
  }
}
