import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

// The repository root, found from this file so tools, tests and Next servers agree wherever they start.
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const ZDbEnv = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  PLATFORM_STATE_DIR: z.string().min(1).optional(),
  PLATFORM_DATA_DIR: z.string().min(1).optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
});

export type TDbEnv = z.infer<typeof ZDbEnv>;

/** Reads and validates the database environment; the only place in libs/db that touches process.env. */
export function readDbEnv(source: NodeJS.ProcessEnv = process.env): TDbEnv {
  const parsed = ZDbEnv.safeParse({
    DATABASE_URL: source.DATABASE_URL === '' ? undefined : source.DATABASE_URL,
    PLATFORM_STATE_DIR: source.PLATFORM_STATE_DIR,
    PLATFORM_DATA_DIR: source.PLATFORM_DATA_DIR,
    EMBEDDED_PG_PORT: source.EMBEDDED_PG_PORT,
  });
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid database environment: ${detail}`);
  }
  return parsed.data;
}

/** Where the real public data sets live (never copied into the repository). */
export function dataDir(env: TDbEnv = readDbEnv()): string {
  return path.resolve(repoRoot, env.PLATFORM_DATA_DIR ?? '../shared/data');
}

/** Git-ignored folder for local state: embedded PostgreSQL cluster, logs. */
export function stateDir(env: TDbEnv = readDbEnv()): string {
  return path.resolve(repoRoot, env.PLATFORM_STATE_DIR ?? '.data');
}
