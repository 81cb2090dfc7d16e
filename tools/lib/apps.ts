import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { APP_INFO, APP_KEYS, type TAppKey } from '@platform/auth';
import { repoRoot } from '@platform/db';

const nextBin = path.join(repoRoot, 'node_modules/next/dist/bin/next');
// Production apps run under this server rather than `next start`: it records each request's TCP peer, the
// only client address a client cannot forge (see the file).
const serveScript = path.join(repoRoot, 'tools/next/serve.mjs');

// Never part of a build: tests beside the code and each app's e2e specs (nx.json's `production` inputs
// leave out the same). Editing one must not make `npm start` or the e2e setup rebuild four apps.
const NOT_BUILT = (name: string) => /\.(test|spec)\.tsx?$/.test(name);

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.next' || entry.name === 'generated' || entry.name.startsWith('.')) continue;
    if (entry.isDirectory() ? entry.name === 'e2e' : NOT_BUILT(entry.name)) continue;
    const full = path.join(target, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * What a production build of `app` reads from the repository: the app, every lib, the shared Next config,
 * the path aliases, and the schema the generated Prisma client comes from (the client itself is skipped:
 * every `npm install` regenerates it).
 */
export function buildInputs({ app, root = repoRoot }: { app: TAppKey; root?: string }): string[] {
  return [path.join(root, 'apps', app), path.join(root, 'libs'), path.join(root, 'tools', 'next'), path.join(root, 'tsconfig.base.json'), path.join(root, 'prisma', 'schema.prisma')];
}

/** Built, and no newer than its sources (see buildInputs): a stale build would serve old code. */
export function isBuilt({ app, root = repoRoot }: { app: TAppKey; root?: string }): boolean {
  const buildId = path.join(root, 'apps', app, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return false;
  const sources = Math.max(...buildInputs({ app, root }).map(newestMtime));
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
 * Production build of one app; returns its wall time in seconds. Aborting `signal` stops the build (a
 * Ctrl-C'd bench leaves no builder behind).
 */
export async function buildApp({ app, signal }: { app: TAppKey; signal?: AbortSignal }): Promise<number> {
  const started = Date.now();
  await run(process.execPath, [nextBin, 'build'], { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, `next build apps/${app}`, path.join(repoRoot, 'apps', app), signal);
  return (Date.now() - started) / 1000;
}

/**
 * Builds every app that is missing or stale (all of them with `rebuild`), one after another: on a quiet
 * 2-core machine one build alone keeps about 1.8 cores busy (its CPU time over its wall time), so two at
 * once could save little, and would take a shared machine's cores from everyone else. Used by `npm start`
 * (alongside the database's start and seed) and the e2e setup. Aborting `signal` stops the running build.
 */
export async function buildStaleApps({
  rebuild = false,
  log = () => undefined,
  signal,
}: { rebuild?: boolean; log?: (line: string) => void; signal?: AbortSignal } = {}): Promise<{ app: TAppKey; seconds: number }[]> {
  const built: { app: TAppKey; seconds: number }[] = [];
  for (const app of APP_KEYS) {
    signal?.throwIfAborted();
    if (!rebuild && isBuilt({ app })) continue;
    log(`building ${app} (${rebuild ? 'asked to rebuild' : 'missing or older than its sources'})…`);
    const seconds = await buildApp({ app, signal });
    log(`built ${app} in ${seconds.toFixed(1)}s`);
    built.push({ app, seconds });
  }
  return built;
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
