// Drift over a time window, against a real PostgreSQL: which applications count as recent, and PSI checked
// against a hand computation from counts the database itself returns (its own percentiles and GROUP BYs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createCallerFactory } from '@platform/api';
import { createTestDatabase } from '@platform/db/testing';
import type { Db } from '@platform/db';
import { createLogger } from '@platform/util';
import { CHECKING_STATUS, type TCheckingStatus } from './codebook';
import { getMonitoring, MIN_RECENT_FOR_PSI } from './monitoring-service';
import { financeRouter } from './router';
import { ZMonitoringInput } from './schemas';
import { GERMAN_SOURCE, seedFinance } from './seed-service';

const TEST_SOURCE = 'window_test';
const DAY_MS = 24 * 3600 * 1000;

let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  await seedFinance({ db });
}, 600_000);
afterAll(async () => drop());

/** The training rows as stored (attributes and score), oldest reference first. */
async function trainingRows() {
  return db.loanApplication.findMany({
    where: { source: GERMAN_SOURCE },
    orderBy: { externalRef: 'asc' },
    omit: { id: true, externalRef: true, source: true, outcome: true, status: true, applicantName: true, createdAt: true, updatedAt: true },
  });
}
type TTrainingRow = Awaited<ReturnType<typeof trainingRows>>[number];

let inserted = 0;
/** Copies of training rows as new applications created at the given instants (one instant per copy). */
async function insertCopies({ rows, at }: { rows: readonly TTrainingRow[]; at: (i: number) => Date }): Promise<void> {
  await db.loanApplication.createMany({
    data: rows.map((r, i) => ({ ...r, externalRef: `${TEST_SOURCE}-${String((inserted += 1)).padStart(6, '0')}`, source: TEST_SOURCE, createdAt: at(i) })),
  });
}

/** Instants spread evenly over [from, to], both ends included. */
const spread = (from: Date, to: Date, n: number) => (i: number) => new Date(from.getTime() + Math.round((i * (to.getTime() - from.getTime())) / Math.max(1, n - 1)));

// PSI by hand: Σ (c − r)·ln(c / r) over bins, an empty side counted as 0.0001 (the usual convention).
function psiByHand(pairs: readonly { r: number; c: number }[]): number {
  return pairs.reduce((s, { r, c }) => {
    const rr = Math.max(r, 1e-4);
    const cc = Math.max(c, 1e-4);
    return s + (cc - rr) * Math.log(cc / rr);
  }, 0);
}
const bandByHand = (v: number) => (v < 0.1 ? 'stable' : v <= 0.25 ? 'watch' : 'act');

/** Checking-account PSI from the database's own counts of training rows and of recent rows in [from, to]. */
async function checkingPsiByHand({ from, to }: { from: Date; to: Date }): Promise<number> {
  const ref = await db.$queryRaw<{ k: string; n: bigint }[]>`
    SELECT "checkingStatus"::text AS k, count(*) AS n FROM loan_application WHERE source = ${GERMAN_SOURCE} GROUP BY 1`;
  const cur = await db.$queryRaw<{ k: string; n: bigint }[]>`
    SELECT "checkingStatus"::text AS k, count(*) AS n FROM loan_application
    WHERE source <> ${GERMAN_SOURCE} AND pd IS NOT NULL AND "createdAt" BETWEEN ${from} AND ${to} GROUP BY 1`;
  const total = (xs: readonly { n: bigint }[]) => xs.reduce((s, x) => s + Number(x.n), 0);
  const share = (xs: readonly { k: string; n: bigint }[], k: string) => Number(xs.find((x) => x.k === k)?.n ?? 0) / total(xs);
  return psiByHand(CHECKING_STATUS.map((k) => ({ r: share(ref, k), c: share(cur, k) })));
}

/** Score PSI over deciles of the training scores, the cut points from PostgreSQL's percentile_cont. */
async function scorePsiByHand({ from, to }: { from: Date; to: Date }): Promise<number> {
  const [cuts] = await db.$queryRaw<{ edges: number[] }[]>`
    SELECT percentile_cont(ARRAY[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) WITHIN GROUP (ORDER BY points) AS edges
    FROM loan_application WHERE source = ${GERMAN_SOURCE}`;
  // Equal cut points (many equal scores) make one bin, not an empty one.
  const edges = [...new Set(cuts?.edges ?? [])];
  const ref = (await db.loanApplication.findMany({ where: { source: GERMAN_SOURCE }, select: { points: true } })).map((r) => r.points ?? 0);
  const cur = (await db.loanApplication.findMany({ where: { source: { not: GERMAN_SOURCE }, pd: { not: null }, createdAt: { gte: from, lte: to } }, select: { points: true } })).map((r) => r.points ?? 0);
  // Bins are (previous cut, cut], the first open below and the last open above.
  const share = (xs: readonly number[], b: number) =>
    xs.filter((x) => (b === 0 || x > (edges[b - 1] ?? Infinity)) && (b === edges.length || x <= (edges[b] ?? -Infinity))).length / xs.length;
  return psiByHand(Array.from({ length: edges.length + 1 }, (_, b) => ({ r: share(ref, b), c: share(cur, b) })));
}

/** `counts[k]` copies of training rows whose checking status is k, taken in order (cycling when needed). */
function byCheckingStatus(rows: readonly TTrainingRow[], counts: Record<TCheckingStatus, number>): TTrainingRow[] {
  return CHECKING_STATUS.flatMap((k) => {
    const pool = rows.filter((r) => r.checkingStatus === k);
    return Array.from({ length: counts[k] }, (_, i) => pool[i % pool.length]).filter((r): r is TTrainingRow => r !== undefined);
  });
}

const feature = (m: Awaited<ReturnType<typeof getMonitoring>>, key: string) => m.drift?.features.find((f) => f.key === key);

describe('drift over a window of recent applications', () => {
  it('by default the last 90 days, and the training sample is never "recent" however new its rows are', async () => {
    const m = await getMonitoring({ db, input: ZMonitoringInput.parse(undefined) });
    const today = new Date().toISOString().slice(0, 10);
    expect(m.driftWindow).toMatchObject({ days: 90, reference: 1000, recent: 0, minimumRecent: MIN_RECENT_FOR_PSI });
    expect(m.driftWindow.to.toISOString()).toBe(`${today}T23:59:59.999Z`);
    expect(m.driftWindow.to.getTime() - m.driftWindow.from.getTime()).toBe(90 * DAY_MS - 1);
    // Seeded minutes ago, inside the window by date: still the reference, not recent applications.
    expect(await db.loanApplication.count({ where: { source: GERMAN_SOURCE, createdAt: { gte: m.driftWindow.from } } })).toBe(1000);
    expect(m.drift).toBeNull();
  });

  it('counts only applications created inside the window, both ends included; identical ones give PSI 0', async () => {
    const rows = await trainingRows();
    const input = ZMonitoringInput.parse({ days: 30, to: '2025-06-30' });
    const from = new Date('2025-06-01T00:00:00.000Z');
    const to = new Date('2025-06-30T23:59:59.999Z');
    // Every training row once, the first at the window's first instant and the last at its last.
    await insertCopies({ rows, at: spread(from, to, rows.length) });
    // The riskiest profile, just outside on both sides and two weeks before: had any of them counted, the
    // count and every PSI would move.
    const risky = [...rows].sort((a, b) => (b.pd ?? 0) - (a.pd ?? 0)).slice(0, 20);
    await insertCopies({ rows: risky, at: () => new Date(from.getTime() - 1) });
    await insertCopies({ rows: risky, at: () => new Date(to.getTime() + 1) });
    await insertCopies({ rows: risky, at: () => new Date('2025-05-15T12:00:00.000Z') });

    const m = await getMonitoring({ db, input });
    expect(m.driftWindow).toMatchObject({ days: 30, from, to, recent: 1000, reference: 1000 });
    expect(m.drift?.features).toHaveLength(21);
    for (const f of m.drift?.features ?? []) {
      expect(f.psi, f.key).toBeLessThan(1e-12);
      expect(f.band, f.key).toBe('stable');
    }

    // A quarter to the same day takes in the 40 risky copies before June (not the one after it).
    const quarter = await getMonitoring({ db, input: ZMonitoringInput.parse({ days: 90, to: '2025-06-30' }) });
    expect(quarter.driftWindow.from.toISOString()).toBe('2025-04-02T00:00:00.000Z');
    expect(quarter.driftWindow.recent).toBe(1040);
    expect(feature(quarter, 'score')?.psi).toBeGreaterThan(0.001);
    expect(feature(quarter, 'checkingStatus')?.psi).toBeCloseTo(await checkingPsiByHand({ from: quarter.driftWindow.from, to }), 12);
  });

  it('a moderate shift in checking accounts reads "watch", a strong one "act", as computed by hand', async () => {
    const rows = await trainingRows();
    // Training shares are about 27% / 27% / 6% / 39%; these move weight from "no account" to "below 0 DM".
    const cases = [
      { to: '2024-06-30', counts: { below_0_dm: 126, dm_0_to_200: 96, at_least_200_dm: 12, no_checking_account: 66 }, band: 'watch' },
      { to: '2023-06-30', counts: { below_0_dm: 165, dm_0_to_200: 90, at_least_200_dm: 9, no_checking_account: 36 }, band: 'act' },
    ] as const;
    for (const c of cases) {
      const input = ZMonitoringInput.parse({ days: 30, to: c.to });
      const to = new Date(`${c.to}T23:59:59.999Z`);
      const from = new Date(to.getTime() - 30 * DAY_MS + 1);
      const shifted = byCheckingStatus(rows, c.counts);
      expect(shifted).toHaveLength(300);
      await insertCopies({ rows: shifted, at: spread(from, to, shifted.length) });

      const m = await getMonitoring({ db, input });
      expect(m.driftWindow.recent).toBe(300);
      const checking = await checkingPsiByHand({ from, to });
      expect(bandByHand(checking)).toBe(c.band);
      expect(feature(m, 'checkingStatus')?.psi).toBeCloseTo(checking, 12);
      expect(feature(m, 'checkingStatus')?.band).toBe(c.band);
      // Checking status drives the score, so the score moves too; its band follows the hand computation.
      const score = await scorePsiByHand({ from, to });
      expect(score).toBeGreaterThan(0.01);
      expect(feature(m, 'score')?.psi).toBeCloseTo(score, 12);
      expect(feature(m, 'score')?.band).toBe(bandByHand(score));
    }
  });

  it(`below ${MIN_RECENT_FOR_PSI} recent applications PSI gets no band; from ${MIN_RECENT_FOR_PSI} on it does`, async () => {
    const rows = await trainingRows();
    const input = ZMonitoringInput.parse({ days: 180, to: '2022-06-30' });
    const to = new Date('2022-06-30T23:59:59.999Z');
    const from = new Date(to.getTime() - 180 * DAY_MS + 1);
    await insertCopies({ rows: rows.slice(0, MIN_RECENT_FOR_PSI - 1), at: spread(from, to, MIN_RECENT_FOR_PSI - 1) });
    const few = await getMonitoring({ db, input });
    expect(few.driftWindow.recent).toBe(MIN_RECENT_FOR_PSI - 1);
    expect(few.drift?.features.every((f) => f.band === null && Number.isFinite(f.psi))).toBe(true);

    await insertCopies({ rows: rows.slice(MIN_RECENT_FOR_PSI - 1, MIN_RECENT_FOR_PSI), at: () => from });
    const enough = await getMonitoring({ db, input });
    expect(enough.driftWindow.recent).toBe(MIN_RECENT_FOR_PSI);
    expect(enough.drift?.features.every((f) => f.band !== null)).toBe(true);
  });

  it('a window out of range is refused with the field named, in the schema and through the procedure', async () => {
    expect(ZMonitoringInput.safeParse({ days: 45 }).error?.issues).toMatchObject([{ path: ['days'], message: 'Window (days) must be 30, 90, 180 or 365' }]);
    expect(ZMonitoringInput.safeParse({ days: 90, to: '2999-01-01' }).error?.issues).toMatchObject([{ path: ['to'], message: 'Window end (to) must not be after today (UTC)' }]);
    expect(ZMonitoringInput.safeParse({ to: '2025-02-30' }).error?.issues).toMatchObject([{ path: ['to'], message: 'Window end (to) must be a date written YYYY-MM-DD' }]);

    const caller = createCallerFactory(financeRouter)({
      db,
      app: 'risk',
      logger: createLogger({ level: 'error', write: () => undefined }),
      session: { id: 'officer-1', email: 'risk@test.invalid', name: 'Rita', role: 'risk_officer' },
    });
    // @ts-expect-error the point is an input its type does not allow, as a hand-written request could send
    const refused = await caller.monitoring({ days: 45 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Window (days) must be 30, 90, 180 or 365') });
    // Without an input the procedure reads the default window.
    expect((await caller.monitoring()).driftWindow.days).toBe(90);
  });
});
