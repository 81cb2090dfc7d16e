import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallerFactory } from '@platform/api';
import type { TRole } from '@platform/auth';
import { createTestDatabase } from '@platform/db/testing';
import type { Db } from '@platform/db';
import { defineJob, executeJob } from '@platform/jobs';
import { createLogger } from '@platform/util';
import { createStrategyRouter } from './router';
import { appraiseInitiative, appraisePortfolio } from './portfolio-service';
import { seedStrategy } from './seed-service';
import type { TVerticalKpiProvider } from './vertical-kpis';

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
});
afterAll(async () => drop());

const d = (s: string) => new Date(`${s}T00:00:00.000Z`);
const logger = createLogger({ level: 'error', write: () => undefined });
const exec = { id: 'exec-1', email: 'exec@test.invalid', name: 'Exec' };

/** A vertical whose direct benefit is 10 DM per day of the range read, with a switch to make it fail. */
const financeFake = { failing: false, reads: 0 };
const provider: TVerticalKpiProvider = {
  vertical: 'finance',
  source: 'test.kpis',
  formula: '10 DM a day',
  notes: [],
  read: async ({ from, to }) => {
    financeFake.reads += 1;
    if (financeFake.failing) throw new Error('risk app is down');
    const days = (to.getTime() - from.getTime() + 1) / 86_400_000;
    return { directBenefit: 10 * days, metrics: [{ key: 'x', label: 'X', value: days, unit: 'count' }] };
  },
};
const strategyRouter = createStrategyRouter({ kpiProviders: () => [provider] });
const caller = (role: TRole = 'executive') =>
  createCallerFactory(strategyRouter)({ db, app: 'strategy', logger, session: { ...exec, role } });

const base = { name: 'Fraud triage', owner: 'COO', vertical: null, app: null, stage: 'idea' as const, startDate: '2025-01-01', horizonYears: 3, discountRate: 0.1, modelIds: [] };

describe('seed', () => {
  it('seeds the three verticals as initiatives once, charged to their apps', async () => {
    expect(await seedStrategy({ db })).toEqual({ initiativesCreated: 3 });
    expect(await seedStrategy({ db })).toEqual({ initiativesCreated: 0 });
    const list = await caller().initiatives.list();
    expect(list.map((i) => [i.vertical, i.app]).sort()).toEqual([['finance', 'risk'], ['imaging', 'imaging'], ['retail', 'retail']]);
  });

  it('says "no KPIs published yet" for a vertical without a provider, and counts no live benefit for it', async () => {
    const imaging = (await caller().initiatives.list()).find((i) => i.vertical === 'imaging');
    if (!imaging) throw new Error('setup');
    const a = await appraiseInitiative({ db, id: imaging.id, providers: [provider], now: d('2026-07-01') });
    expect(a.live?.state.status).toBe('not_published');
    expect(a.periods.every((p) => p.liveBenefit === 0)).toBe(true);
    expect(a.estimates).toContain('No KPIs published yet by the imaging vertical: no live direct benefit is counted');
  });

  it('is for executives and admins only', async () => {
    await expect(caller('risk_officer').initiatives.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(caller('admin').initiatives.list()).resolves.toHaveLength(3);
  });
});

describe('initiatives and their ledger', () => {
  it('creates an initiative with its audit row, and refuses bad input naming the field, storing nothing', async () => {
    const created = await caller().initiatives.create(base);
    expect(created).toMatchObject({ name: 'Fraud triage', stage: 'idea', startDate: d('2025-01-01'), discountRate: 0.1 });
    expect(await db.auditLog.count({ where: { action: 'strategy.initiative.create', targetId: created.id, outcome: 'success' } })).toBe(1);

    const count = () => db.initiative.count();
    const before = await count();
    await expect(caller().initiatives.create({ ...base, name: 'X', discountRate: 1.5 })).rejects.toThrow('Discount rate must be at most 100%');
    await expect(caller().initiatives.create({ ...base, name: 'X', horizonYears: 0 })).rejects.toThrow('Horizon must be at least 1 year');
    await expect(caller().initiatives.create({ ...base, name: 'X', startDate: '2025-02-30' })).rejects.toThrow('Start date is not a calendar date');
    await expect(caller().initiatives.create(base)).rejects.toThrow('An initiative named "Fraud triage" already exists');
    await expect(caller().initiatives.create({ ...base, name: 'X', modelIds: ['00000000-0000-4000-8000-000000000000'] })).rejects.toThrow('No registry model');
    expect(await count()).toBe(before);
  });

  it('refuses negative costs, dates out of order and dates outside the horizon', async () => {
    const [initiative] = (await caller().initiatives.list()).filter((i) => i.name === 'Fraud triage');
    if (!initiative) throw new Error('setup');
    const cost = { initiativeId: initiative.id, category: 'people' as const, description: 'Analyst', amount: 100, recurrence: 'monthly' as const, startDate: '2025-01-01', endDate: null };
    await expect(caller().ledger.addCost({ ...cost, amount: -5 })).rejects.toThrow('Amount must be above 0');
    await expect(caller().ledger.addCost({ ...cost, endDate: '2024-12-31' })).rejects.toThrow('End date must be on or after the start date');
    await expect(caller().ledger.addCost({ ...cost, recurrence: 'one_off', endDate: '2025-03-01' })).rejects.toThrow('End date applies to recurring entries only');
    await expect(caller().ledger.addCost({ ...cost, startDate: '2024-06-01' })).rejects.toThrow("Start date must be on or after the initiative's start (2025-01-01)");
    await expect(caller().ledger.addCost({ ...cost, startDate: '2028-01-01' })).rejects.toThrow("Start date must be before the end of the initiative's horizon (2028-01-01)");
    await expect(caller().ledger.addBenefit({ ...cost, type: 'direct', confidence: 1.2 })).rejects.toThrow('Confidence must be at most 100%');
    expect(await db.costEntry.count({ where: { initiativeId: initiative.id } })).toBe(0);
    // A refused mutation still leaves an audit row saying so (the API's middleware).
    expect(await db.auditLog.count({ where: { action: 'ledger.addCost', outcome: 'error' } })).toBe(5);
  });

  it('appraises cost and benefit lines against hand-worked NPV, ROI and payback', async () => {
    const [initiative] = (await caller().initiatives.list()).filter((i) => i.name === 'Fraud triage');
    if (!initiative) throw new Error('setup');
    await caller().ledger.addCost({ initiativeId: initiative.id, category: 'hardware', description: 'Servers', amount: 1000, recurrence: 'one_off', startDate: '2025-01-01', endDate: null });
    // 50 a month for 24 months (2025 and 2026), at 80% confidence: 480 in each of periods 0 and 1.
    await caller().ledger.addBenefit({ initiativeId: initiative.id, type: 'indirect', description: 'Hours saved', amount: 50, recurrence: 'monthly', startDate: '2025-01-01', endDate: '2026-12-31', confidence: 0.8 });
    // 600 once in period 2.
    await caller().ledger.addBenefit({ initiativeId: initiative.id, type: 'long_term', description: 'Reuse', amount: 600, recurrence: 'one_off', startDate: '2027-03-01', endDate: null, confidence: 1 });
    const a = await appraiseInitiative({ db, id: initiative.id, providers: [provider], now: d('2026-06-01') });
    expect(a.periods.map((p) => p.totalCost)).toEqual([1000, 0, 0]);
    expect(a.periods.map((p) => p.totalBenefit)).toEqual([480, 480, 600]);
    // Net -520, 480, 600 at 10%: -520 + 480/1.1 + 600/1.21
    expect(a.appraisal.npv).toBeCloseTo(-520 + 480 / 1.1 + 600 / 1.21, 6);
    expect(a.appraisal.roi).toBeCloseTo((1560 - 1000) / 1000, 10);
    // Cumulative -520, -40, +560 → 1 + 40/600
    expect(a.appraisal.paybackPeriods).toBeCloseTo(1 + 40 / 600, 10);
    // Discounted: -520, 436.36, 495.87 → cumulative -83.64 after period 1 → 1 + 83.64/495.87
    expect(a.appraisal.discountedPaybackPeriods).toBeCloseTo(1 + (520 - 480 / 1.1) / (600 / 1.21), 8);
    // No vertical: no live benefit and no compute.
    expect(a.live).toBeNull();
    expect(a.compute.cost).toBe(0);

    // Changing the discount rate changes NPV, and the audit row keeps the old value.
    await caller().initiatives.update({ ...base, id: initiative.id, discountRate: 0.2 });
    const b = await appraiseInitiative({ db, id: initiative.id, providers: [provider], now: d('2026-06-01') });
    expect(b.appraisal.npv).toBeCloseTo(-520 + 480 / 1.2 + 600 / 1.44, 6);
    const audit = await db.auditLog.findFirst({ where: { action: 'strategy.initiative.update', targetId: initiative.id }, select: { details: true } });
    expect(audit?.details).toMatchObject({ before: { discountRate: 0.1 }, after: { discountRate: 0.2 } });
    // The start cannot move past the ledger it already has.
    await expect(caller().initiatives.update({ ...base, id: initiative.id, startDate: '2025-02-01' })).rejects.toThrow('Start date must be on or before the earliest ledger entry (2025-01-01)');
  });
});

describe('measured compute and live benefits', () => {
  it('charges the initiative the priced seconds its app’s job runs recorded, equal to the rows’ sum', async () => {
    await caller().compute.updateRates({ cpuHourRate: 36, gpuHourRate: 360 });
    // The seeded risk initiative: charged the risk app's compute, 3 yearly periods from 2026-01-01.
    const initiative = (await caller().initiatives.list()).find((i) => i.app === 'risk');
    if (!initiative) throw new Error('setup');
    await expect(caller().initiatives.create({ ...base, name: 'Other', app: 'risk' })).rejects.toThrow('The risk app\'s compute is already charged to "Credit risk scoring"');
    const burn = defineJob({
      kind: 'test.burn',
      parse: (p) => p,
      settings: { expireInSeconds: 60, retryLimit: 0, retryDelaySeconds: 1 },
      run: async () => {
        const until = Date.now() + 200;
        let x = 0;
        while (Date.now() < until) x = (x + 1) % 97;
        return { result: { x }, backend: { id: 'tfjs-node-gpu', gpu: true } };
      },
    });
    for (const app of ['risk', 'risk', 'imaging']) {
      const run = await db.jobRun.create({ data: { kind: 'test.burn', app, title: 'burn', payload: {} }, select: { id: true } });
      await executeJob({ db, definition: burn, jobRunId: run.id, retriesLeft: 0 });
    }
    const rows = await db.jobRun.findMany({ where: { app: 'risk', kind: 'test.burn' }, select: { cpuSeconds: true, gpuSeconds: true } });
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.cpuSeconds).toBeGreaterThan(0);
    const expected = rows.reduce((s, r) => s + (r.cpuSeconds / 3600) * 36 + (r.gpuSeconds / 3600) * 360, 0);
    const a = await appraiseInitiative({ db, id: initiative.id, providers: [provider], now: d('2026-07-01') });
    // Runs finish "now" (December 2026 or later); they land in the period they finished in.
    expect(a.compute.runs).toBe(2);
    expect(a.compute.cost).toBeCloseTo(expected, 9);
    expect(a.periods.reduce((s, p) => s + p.compute, 0)).toBeCloseTo(expected, 9);
    expect(a.compute.cpuSeconds).toBeCloseTo(rows.reduce((s, r) => s + r.cpuSeconds, 0), 9);

    // Live: 181 days measured (1 Jan – 30 Jun) at 10 DM a day, the rest of the horizon projected at that rate.
    expect(a.live?.state.status).toBe('live');
    expect(a.live?.measuredToDate).toBeCloseTo(1810, 6);
    // Period 0 is 2026 (365 days): 1810 measured + 184 days × 10 projected.
    expect(a.periods[0]?.liveBenefit).toBeCloseTo(3650, 6);
    expect(a.periods[0]?.liveBenefitBasis).toBe('partly projected');
    expect(a.periods[1]?.liveBenefit).toBeCloseTo(3650, 6);
    expect(a.periods[1]?.liveBenefitBasis).toBe('projected');
    // Period 2 is 2028, a leap year: 366 days.
    expect(a.periods[2]?.liveBenefit).toBeCloseTo(3660, 6);
    expect(a.estimates).toContain('Direct benefit after today is projected at the rate measured so far');

    // The source goes down: the last good reading is used and marked stale; totals say so.
    financeFake.failing = true;
    const stale = await appraiseInitiative({ db, id: initiative.id, providers: [provider], now: d('2026-07-01') });
    financeFake.failing = false;
    expect(stale.live?.state).toMatchObject({ status: 'stale', error: 'risk app is down' });
    expect(stale.periods[0]?.liveBenefit).toBeCloseTo(3650, 6);
    expect(stale.estimates.some((e) => e.includes('did not answer (risk app is down)'))).toBe(true);
  });

  it('portfolio totals add up the initiatives, with measured compute apart', async () => {
    const p = await appraisePortfolio({ db, providers: [provider], now: d('2026-07-01') });
    const total = (f: (i: (typeof p.initiatives)[number]) => number) => p.initiatives.reduce((s, i) => s + f(i), 0);
    expect(p.initiatives).toHaveLength(4);
    expect(p.totals.cost).toBeCloseTo(total((i) => i.totalCost), 6);
    expect(p.totals.compute).toBeGreaterThan(0);
    expect(p.totals.compute).toBeCloseTo(total((i) => i.compute), 9);
    expect(p.totals.ledgerCost + p.totals.compute).toBeCloseTo(p.totals.cost, 6);
    expect(p.totals.benefit).toBeCloseTo(total((i) => i.totalBenefit), 6);
    expect(p.totals.npv).toBeCloseTo(total((i) => i.npv), 6);
    expect(p.totals.roi).toBeCloseTo((p.totals.benefit - p.totals.cost) / p.totals.cost, 9);
    expect(p.byStage).toEqual({ idea: 1, pilot: 2, production: 1, retired: 0 });
    expect(p.computeByApp.find((r) => r.app === 'imaging')).toMatchObject({ runs: 1, initiative: 'Imaging triage assist' });
    expect(p.years.map((y) => y.year)).toEqual([2025, 2026, 2027, 2028]);
  });
});
