import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { APP_INFO, APP_KEYS, type TAppKey } from '@platform/auth';
import { repoRoot } from '@platform/db';

const nextBin = path.join(repoRoot, 'node_modules/next/dist/bin/next');
// Production apps run under this server rather than `next start`: it records each request's TCP peer, the
// only client address a client cannot forge (see the file).
const serveScript = path.join(repoRoot, 'tools/next/serve.mjs');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.next' || entry.name === 'generated' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Built, and no newer than its sources (the app and every lib): a stale build would serve old code. */
export function isBuilt({ app }: { app: TAppKey }): boolean {
  const buildId = path.join(repoRoot, 'apps', app, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return false;
  const sources = Math.max(newestMtime(path.join(repoRoot, 'apps', app)), newestMtime(path.join(repoRoot, 'libs')));
  return fs.statSync(buildId).mtimeMs >= sources;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, label: string, cwd: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], signal });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${label} failed (exit ${code}):\n${tail}`))));
  });
}

/**
 * Production build of one app (sequential: two cores cannot build four Next apps at once usefully); returns
 * its wall time in seconds. Aborting `signal` stops the build (a Ctrl-C'd bench leaves no builder behind).
 */
export async function buildApp({ app, signal }: { app: TAppKey; signal?: AbortSignal }): Promise<number> {
  const started = Date.now();
  await run(process.execPath, [nextBin, 'build'], { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, `next build apps/${app}`, path.join(repoRoot, 'apps', app), signal);
  return (Date.now() - started) / 1000;
}

export interface TRunningApp {
  app: TAppKey;
  port: number;
  url: string;
  child: ChildProcess;
}

export function appPorts(base?: number): Record<TAppKey, number> {
  const out = {} as Record<TAppKey, number>;
  APP_KEYS.forEach((app, i) => {
    out[app] = base === undefined ? APP_INFO[app].defaultPort : base + i;
  });
  return out;
}

/**
 * Starts the apps (production through tools/next/serve.mjs, or `next dev`) with the shared auth/db environment:
 * all four, or `apps` only (a bench that loads one app). Every app still learns every app's URL from `ports`.
 * Under `next dev` no peer address is known: every client shares one sign-in rate-limit bucket there.
 */
export function startApps({
  env,
  ports,
  dev = false,
  logDir,
  apps = APP_KEYS,
}: {
  env: Readonly<Record<string, string>>;
  ports: Record<TAppKey, number>;
  dev?: boolean;
  logDir: string;
  apps?: readonly TAppKey[];
}): TRunningApp[] {
  fs.mkdirSync(logDir, { recursive: true });
  const urls = Object.fromEntries(APP_KEYS.map((a) => [`${a.toUpperCase()}_URL`, `http://localhost:${ports[a]}`]));
  return apps.map((app) => {
    const log = fs.openSync(path.join(logDir, `${app}.log`), 'a');
    // Run from the app's folder: `next start apps/x` from the root serves pages but 404s every static asset.
    const command = dev ? [nextBin, 'dev', '-p', String(ports[app])] : [serveScript, '-p', String(ports[app])];
    const child = spawn(process.execPath, command, {
      cwd: path.join(repoRoot, 'apps', app),
      env: { ...process.env, ...env, ...urls, PLATFORM_APP: app, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: dev ? 'development' : 'production' },
      stdio: ['ignore', log, log],
    });
    return { app, port: ports[app], url: `http://localhost:${ports[app]}`, child };
  });
}

/** Starts the job worker (pg-boss) as its own process. */
export function startWorker({ env, logDir }: { env: Readonly<Record<string, string>>; logDir: string }): ChildProcess {
  fs.mkdirSync(logDir, { recursive: true });
  const log = fs.openSync(path.join(logDir, 'worker.log'), 'a');
  // One process (no tsx CLI wrapper), so stopping it stops the worker itself.
  return spawn(process.execPath, ['--import', 'tsx', 'tools/worker.ts'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log],
  });
}

/** Polls every app's /api/health until all answer {status:'ok', db:'up'}. */
export async function waitHealthy({ apps, timeoutMs }: { apps: { app: string; url: string }[]; timeoutMs: number }): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(apps.map((a) => a.app));
  while (pending.size > 0) {
    if (Date.now() > deadline) throw new Error(`Apps not healthy after ${timeoutMs / 1000}s: ${[...pending].join(', ')}`);
    await Promise.all(
      apps
        .filter((a) => pending.has(a.app))
        .map(async (a) => {
          try {
            const res = await fetch(`${a.url}/api/health`, { signal: AbortSignal.timeout(3000) });
            const body = (await res.json()) as { status?: string; db?: string };
            if (res.ok && body.status === 'ok' && body.db === 'up') pending.delete(a.app);
          } catch {
            // not up yet
          }
        }),
    );
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 300));
  }
}
