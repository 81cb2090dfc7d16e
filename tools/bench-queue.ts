/**
 * Queue paging at scale (issue 5: "pagination that stays fast with 100k rows"): fills the database named by
 * DATABASE_URL up to --rows applications (resampled German Credit attributes, random scores; source
 * 'bench'), then times the first page, a page deep in the keyset, and filtered/sorted pages. Figures only.
 *
 *   DATABASE_URL=postgres://… npx tsx tools/bench-queue.ts [--rows 100000]
 */
import { parseArgs } from 'node:util';
import { createDb, readDbEnv } from '@platform/db';
import { readGermanCredit, seedFinance, listQueue, ZQueueInput } from '@platform/finance';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
const url = readDbEnv().DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to a database this benchmark may fill');
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
await db.$disconnect();
