import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * Starts a worker script in its own process and resolves once it prints `ready`. `node --import tsx` keeps
 * it one process, so SIGKILL really kills the worker (the tsx CLI would fork a child that survives).
 * @example const worker = await startWorkerProcess({ script, databaseUrl: url }); worker.kill('SIGKILL');
 */
export function startWorkerProcess({ script, databaseUrl }: { script: string; databaseUrl: string }): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
  });
}

/** Polls `read` until `done` holds, or fails with the last value seen. */
export async function waitFor<T>({ read, done, timeoutMs, intervalMs = 150 }: { read: () => Promise<T>; done: (value: T) => boolean; timeoutMs: number; intervalMs?: number }): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
