/**
 * `prisma` in air-gapped mode: the same commands and flags, with the schema engine run from
 * WebAssembly instead of a downloaded binary.
 *
 *   DATABASE_URL=postgresql://... npx tsx tools/prisma-engine/cli.ts migrate deploy
 *
 * Runs in the current folder (where prisma.config.ts is), like `prisma` itself.
 */
import { readPrismaEngineEnv } from './env';
import { execPrisma } from './prisma';

const { DATABASE_URL } = readPrismaEngineEnv();
const code = await execPrisma({ args: process.argv.slice(2), databaseUrl: DATABASE_URL ?? '', cwd: process.cwd() });
process.exit(code);
