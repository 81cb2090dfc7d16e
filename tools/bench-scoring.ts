/**
 * Credit scoring figures (issue 5): single scoring with 5 reason codes (p50/p99), batch applicants/s, and
 * the tRPC scoring endpoint (`finance.applications.quote`) under load on loopback. Figures only.
 *
 *   npx tsx tools/bench-scoring.ts [--seconds 10] [--connections 32]
 *
 * The load part serves the risk app's real tRPC router through the fetch adapter on node:http with a fixed
 * risk-officer context: it measures routing, validation, scoring and serialisation, not Next.js or sign-in.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { createDb, readDbEnv } from '@platform/db';
import { findFreePort, startEmbeddedPostgres } from '@platform/db/boot';
import { loadScoreContext, scoreApplications, readGermanCredit, seedFinance, validateApplicantsCsv } from '@platform/finance';
import { createLogger } from '@platform/util';
import { appRouter } from '../apps/risk/src/server/router';
import { runPrisma } from './prisma-engine/prisma';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '32' } } });
const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

let url = readDbEnv().DATABASE_URL;
let stop: (() => Promise<void>) | undefined;
if (!url) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scoring-'));
  fs.chmodSync(tmp, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: await findFreePort(), database: 'bench', persistent: false });
  url = pg.url;
  stop = async () => {
    await pg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const migrated = await runPrisma({ args: ['migrate', 'deploy'], databaseUrl: url });
  if (migrated.code !== 0) throw new Error(migrated.stderr);
}
const db = createDb({ url });
await seedFinance({ db });
const context = await loadScoreContext({ db });
const { rows } = readGermanCredit();
const row = (i: number) => {
  const r = rows[i % rows.length];
  if (!r) throw new Error('German Credit has no rows');
  return r;
};

// 1. Single scoring (PD, points, grade, EL, recommendation, 5 reason codes) through onnxruntime-node, in process.
const serving = context.onnx ? context.onnx.model.session : context.champion.onnx.session;
console.log(`serving: ${context.onnx ? 'credit-mlp' : 'credit-scorecard'} on onnxruntime-node (${serving.executionProvider})`);
const one = (i: number) => scoreApplications({ context, items: [{ applicationId: '', attributes: row(i) }] });
for (let i = 0; i < 2000; i++) await one(i);
const single: number[] = [];
for (let i = 0; i < 20000; i++) {
  const t = performance.now();
  await one(i);
  single.push(performance.now() - t);
}
single.sort((a, b) => a - b);
console.log(`single scoring with 5 reason codes: p50 ${(pct(single, 0.5) * 1000).toFixed(1)} µs, p99 ${(pct(single, 0.99) * 1000).toFixed(1)} µs (n=${single.length})`);

// 2. Batch: 100 000 applicants scored; and a 10 000-row CSV validated then scored.
let t = performance.now();
const n = 100_000;
// In batches of 1 000, as the import job and the batch-scoring download score.
for (let i = 0; i < n; i += 1000) await scoreApplications({ context, items: Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({ applicationId: '', attributes: row(i + k) })) });
console.log(`batch scoring: ${Math.round(n / ((performance.now() - t) / 1000))} applicants/s (n=${n})`);
const header = Object.keys(row(0)).join(',');
const csv = [header, ...Array.from({ length: 10_000 }, (_, i) => Object.values({ ...row(i), amount: row(i).amount + Math.floor(i / rows.length) }).map((v) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v))).join(','))].join('\n');
t = performance.now();
const checked = validateApplicantsCsv({ text: csv });
await scoreApplications({ context, items: checked.rows.map((attributes) => ({ applicationId: '', attributes })) });
console.log(`batch CSV (validate + score): ${Math.round(checked.rows.length / ((performance.now() - t) / 1000))} rows/s (n=${checked.rows.length}, ${checked.errors.length} errors)`);

// 3. The scoring endpoint under load on loopback.
const logger = createLogger({ level: 'error', write: () => undefined });
const session = { id: 'bench', email: 'bench@platform.local', name: 'Bench', role: 'risk_officer' as const };
const server = http.createServer(async (req, res) => {
  const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: req.method, headers: req.headers as Record<string, string> });
  const response = await fetchRequestHandler({ endpoint: '/api/trpc', req: request, router: appRouter, createContext: () => ({ db, app: 'risk' as const, session, logger }) });
  res.writeHead(response.status, { 'content-type': 'application/json' });
  res.end(Buffer.from(await response.arrayBuffer()));
});
const port = await findFreePort();
await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
const paths = rows.slice(0, 200).map((r) => `/api/trpc/finance.applications.quote?input=${encodeURIComponent(JSON.stringify(superjson.serialize(r)))}`);
// The load generator runs in its own process so it does not share the server's event loop.
const pathsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-load-')), 'paths.json');
fs.writeFileSync(pathsFile, JSON.stringify(paths));
const load = await new Promise<string>((resolve, reject) => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'lib', 'http-load.ts'), String(port), String(args.seconds), String(args.connections), pathsFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`load generator exited ${code}`))));
});
fs.rmSync(path.dirname(pathsFile), { recursive: true, force: true });
const figures = JSON.parse(load) as { rps: number; p50: number; p99: number; errors: number; requests: number };
console.log(
  `scoring endpoint on loopback (${args.connections} connections, ${args.seconds}s): ${Math.round(figures.rps)} req/s, p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms, ${figures.errors} errors of ${figures.requests}`,
);
server.close();
await db.$disconnect();
if (stop) await stop();
