import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallerFactory } from '@platform/api';
import { createTestDatabase } from '@platform/db/testing';
import type { Db } from '@platform/db';
import { createLogger } from '@platform/util';
import { createStrategyRouter } from './router';

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
});
afterAll(async () => drop());

const caller = () =>
  createCallerFactory(createStrategyRouter({ kpiProviders: () => [] }))({ db, app: 'strategy', logger: createLogger({ level: 'error', write: () => undefined }), session: { id: 'e', email: 'e@test.invalid', name: 'E', role: 'executive' } });
const risk = { title: 'Drift', category: 'technical' as const, likelihood: 3, impact: 4, owner: 'CRO', mitigation: 'Monitor PSI', reviewDate: '2027-01-31', initiativeId: null };

describe('risk register', () => {
  it('orders by likelihood × impact, closed last, and counts live risks in the heat map', async () => {
    await caller().risks.create(risk);
    await caller().risks.create({ ...risk, title: 'Regulation', category: 'legal', likelihood: 5, impact: 5 });
    const low = await caller().risks.create({ ...risk, title: 'Vendor', category: 'market', likelihood: 1, impact: 2 });
    await caller().risks.update({ ...risk, id: low.id, title: 'Vendor', category: 'market', likelihood: 1, impact: 2, status: 'closed' });
    const { risks, heatMap } = await caller().risks.list();
    expect(risks.map((r) => [r.title, r.score, r.status])).toEqual([['Regulation', 25, 'open'], ['Drift', 12, 'open'], ['Vendor', 2, 'closed']]);
    expect(heatMap[2]?.[3]).toBe(1);
    expect(heatMap[4]?.[4]).toBe(1);
    // The closed one is not on the map.
    expect(heatMap[0]?.[1]).toBe(0);
    expect(heatMap.flat().reduce((a, b) => a + b, 0)).toBe(2);
    expect(await db.auditLog.count({ where: { action: { in: ['strategy.risk.create', 'strategy.risk.update'] }, outcome: 'success' } })).toBe(4);
    const update = await db.auditLog.findFirst({ where: { action: 'strategy.risk.update' }, select: { details: true } });
    expect(update?.details).toMatchObject({ before: { status: 'open' }, after: { status: 'closed' } });
  });

  it('refuses out-of-range scores, bad dates and unknown initiatives, storing nothing', async () => {
    const before = await db.strategyRisk.count();
    await expect(caller().risks.create({ ...risk, likelihood: 6 })).rejects.toThrow('Likelihood must be from 1 to 5');
    await expect(caller().risks.create({ ...risk, impact: 0 })).rejects.toThrow('Impact must be from 1 to 5');
    await expect(caller().risks.create({ ...risk, reviewDate: '2027-02-30' })).rejects.toThrow('Review date is not a calendar date');
    await expect(caller().risks.create({ ...risk, initiativeId: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow('No initiative');
    expect(await db.strategyRisk.count()).toBe(before);
  });
});
