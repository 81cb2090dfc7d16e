import { spawn, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The air-gapped schema engine executable (JSON-RPC over stdio, WebAssembly engine inside). */
export const schemaEngineBinary = fileURLToPath(new URL('./schema-engine.mjs', import.meta.url));

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const prismaCli = path.join(repoRoot, 'node_modules', 'prisma', 'build', 'index.js');

export interface TRunPrismaOptions {
  /** Arguments after `prisma`, e.g. `['migrate', 'deploy']`. */
  args: readonly string[];
  /** Passed as DATABASE_URL, which prisma.config.ts reads. Empty: left unset (e.g. for `generate`). */
  databaseUrl: string;
  /** Folder holding prisma.config.ts; defaults to the repository root. */
  cwd?: string;
  /** Extra environment for the CLI, e.g. `{ DEBUG: 'prisma:schemaEngine*' }`. */
  env?: Readonly<Record<string, string>>;
  /** Kill the CLI after this long (default 5 minutes). */
  timeoutMs?: number;
}

export interface TPrismaResult {
  /** Exit code; 1 if the CLI was killed by a signal or timed out. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI's environment in air-gapped mode: our engine instead of the downloaded binary, and no
 * call-home (update checks, telemetry).
 */
export function airGappedPrismaEnv({
  databaseUrl,
  env = {},
}: {
  databaseUrl: string;
  env?: Readonly<Record<string, string>>;
}): NodeJS.ProcessEnv {
  // The child needs PATH, HOME etc.; only the variables below are ours to set.
  const { PRISMA_MIGRATION_ENGINE_BINARY: _deprecated, DATABASE_URL: _inherited, ...inherited } = process.env;
  return {
    ...inherited,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    PRISMA_SCHEMA_ENGINE_BINARY: schemaEngineBinary,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1',
    ...env,
  };
}

function spawnPrisma(options: TRunPrismaOptions, stdio: StdioOptions) {
  const { args, databaseUrl, cwd = repoRoot, env } = options;
  return spawn(process.execPath, [prismaCli, ...args], {
    cwd,
    env: airGappedPrismaEnv({ databaseUrl, env: env ?? {} }),
    stdio,
  });
}

/**
 * Runs the Prisma CLI in air-gapped mode and captures its output. Never rejects for a failing
 * command: check `code`.
 * @example const { code, stderr } = await runPrisma({ args: ['migrate', 'deploy'], databaseUrl });
 */
export function runPrisma(options: TRunPrismaOptions): Promise<TPrismaResult> {
  // No TTY and no stdin: the CLI takes its non-interactive paths instead of prompting.
  const child = spawnPrisma({ ...options, env: { NO_COLOR: '1', ...options.env } }, ['ignore', 'pipe', 'pipe']);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    const finish = (code: number, extra = '') => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8') + extra,
      });
    };
    child.once('error', (error) => finish(1, `\n${error.message}`));
    child.once('close', (code, signal) => finish(code ?? 1, signal ? `\nprisma was killed by ${signal}` : ''));
  });
}

/** Runs the Prisma CLI in air-gapped mode on this terminal (prompts work); resolves to its exit code. */
export function execPrisma(options: TRunPrismaOptions): Promise<number> {
  const child = spawnPrisma(options, 'inherit');
  return new Promise((resolve) => {
    child.once('error', () => resolve(1));
    child.once('close', (code) => resolve(code ?? 1));
  });
}
