// Initiatives and their ledgers: every change is validated first and written with its audit row in one
// transaction, so a refused or failed change stores nothing.
import { randomUUID } from 'node:crypto';
import { runAudited, type TAuditActor } from '@platform/audit';
import type { Db, Prisma } from '@platform/db';
import { AppError } from '@platform/util';
import { periodBoundaries } from './cash-flows';
import type { TAddBenefitInput, TAddCostInput, TCreateInitiativeInput, TUpdateInitiativeInput } from './schemas';
import {
  deleteBenefitRow,
  deleteCostRow,
  deleteInitiativeRow,
  findBenefit,
  findBenefits,
  findCost,
  findCosts,
  findInitiative,
  findInitiativeByApp,
  findInitiativeByName,
  findInitiatives,
  findInitiativeHistory,
  findLedgerDateRange,
  findRegistryModels,
  insertBenefit,
  insertCost,
  insertInitiative,
  updateInitiativeRow,
  type TInitiativeRow,
} from './strategy-repository';

export const STRATEGY_APP = 'strategy';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Audit details as JSON: dates as ISO days. */
function asDetails(value: Record<string, unknown>): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/.test(v) ? v.slice(0, 10) : v))) as Prisma.InputJsonValue;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 'P2002';
}

export async function listInitiatives({ db }: { db: Db }) {
  return findInitiatives({ db });
}

export async function getInitiative({ db, id }: { db: Db; id: string }): Promise<TInitiativeRow> {
  const initiative = await findInitiative({ db, id });
  if (!initiative) throw new AppError({ code: 'NOT_FOUND', message: `No initiative ${id}` });
  return initiative;
}

/** The registry's models an initiative can link, with their domain. */
export async function listLinkableModels({ db }: { db: Db }) {
  return findRegistryModels({ db });
}

async function checkInitiative({ db, input, id }: { db: Db; input: TCreateInitiativeInput; id: string | null }) {
  const sameName = await findInitiativeByName({ db, name: input.name });
  if (sameName && sameName.id !== id) throw new AppError({ code: 'CONFLICT', message: `An initiative named "${input.name}" already exists`, fieldErrors: { name: ['is already used by another initiative'] } });
  if (input.app) {
    const charged = await findInitiativeByApp({ db, app: input.app });
    if (charged && charged.id !== id) {
      throw new AppError({ code: 'CONFLICT', message: `The ${input.app} app's compute is already charged to "${charged.name}"`, fieldErrors: { app: [`is already charged to "${charged.name}"`] } });
    }
  }
  const modelIds = [...new Set(input.modelIds)];
  if (modelIds.length > 0) {
    const known = new Set((await listLinkableModels({ db })).map((m) => m.id));
    const unknown = modelIds.filter((m) => !known.has(m));
    if (unknown.length > 0) throw new AppError({ code: 'BAD_INPUT', message: `No registry model ${unknown.join(', ')}`, fieldErrors: { modelIds: [`unknown model ${unknown.join(', ')}`] } });
  }
  return modelIds;
}

export async function createInitiative({ db, actor, input }: { db: Db; actor: TAuditActor; input: TCreateInitiativeInput }) {
  const modelIds = await checkInitiative({ db, input, id: null });
  const id = randomUUID();
  const { modelIds: _ignored, ...data } = input;
  try {
    return await runAudited(
      { db, actor, app: STRATEGY_APP, action: 'strategy.initiative.create', target: 'initiative', targetId: id, details: asDetails({ ...input, modelIds }) },
      (tx) => insertInitiative({ db: tx, id, data, modelIds }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError({ code: 'CONFLICT', message: 'Another initiative with this name or compute app was saved at the same time' });
    throw error;
  }
}

/** Replaces an initiative's assumptions; the audit row keeps what they were before, so edits have a history. */
export async function updateInitiative({ db, actor, input }: { db: Db; actor: TAuditActor; input: TUpdateInitiativeInput }) {
  const { id, modelIds: _ignored, ...data } = input;
  const before = await getInitiative({ db, id });
  const modelIds = await checkInitiative({ db, input, id });
  const { earliest, latest } = await findLedgerDateRange({ db, initiativeId: id });
  if (earliest && input.startDate > earliest) {
    throw new AppError({ code: 'BAD_INPUT', message: `Start date must be on or before the earliest ledger entry (${day(earliest)})`, fieldErrors: { startDate: [`must be on or before ${day(earliest)}`] } });
  }
  const horizonEnd = periodBoundaries({ startDate: input.startDate, horizonYears: input.horizonYears }).at(-1);
  if (latest && horizonEnd && latest >= horizonEnd) {
    throw new AppError({ code: 'BAD_INPUT', message: `Horizon must reach past the latest ledger entry (${day(latest)})`, fieldErrors: { horizonYears: [`must reach past ${day(latest)}`] } });
  }
  const { id: _id, createdAt: _c, updatedAt: _u, ...previous } = before;
  try {
    return await runAudited(
      { db, actor, app: STRATEGY_APP, action: 'strategy.initiative.update', target: 'initiative', targetId: id, details: asDetails({ before: previous, after: { ...data, modelIds } }) },
      (tx) => updateInitiativeRow({ db: tx, id, data, modelIds }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError({ code: 'CONFLICT', message: 'Another initiative with this name or compute app was saved at the same time' });
    throw error;
  }
}

export async function deleteInitiative({ db, actor, id }: { db: Db; actor: TAuditActor; id: string }) {
  const before = await getInitiative({ db, id });
  await runAudited({ db, actor, app: STRATEGY_APP, action: 'strategy.initiative.delete', target: 'initiative', targetId: id, details: asDetails({ name: before.name }) }, (tx) => deleteInitiativeRow({ db: tx, id }));
  return { id };
}

/** A ledger line must fall due inside its initiative's horizon, or it would silently count for nothing. */
async function checkLineDates({ db, initiativeId, startDate }: { db: Db; initiativeId: string; startDate: Date }) {
  const initiative = await getInitiative({ db, id: initiativeId });
  const horizonEnd = periodBoundaries({ startDate: initiative.startDate, horizonYears: initiative.horizonYears }).at(-1) ?? initiative.startDate;
  if (startDate < initiative.startDate) {
    throw new AppError({ code: 'BAD_INPUT', message: `Start date must be on or after the initiative's start (${day(initiative.startDate)})`, fieldErrors: { startDate: [`must be on or after ${day(initiative.startDate)}`] } });
  }
  if (startDate >= horizonEnd) {
    throw new AppError({ code: 'BAD_INPUT', message: `Start date must be before the end of the initiative's horizon (${day(horizonEnd)})`, fieldErrors: { startDate: [`must be before ${day(horizonEnd)}`] } });
  }
}

export async function addCost({ db, actor, input }: { db: Db; actor: TAuditActor; input: TAddCostInput }) {
  await checkLineDates({ db, initiativeId: input.initiativeId, startDate: input.startDate });
  return runAudited(
    { db, actor, app: STRATEGY_APP, action: 'strategy.cost.add', target: 'initiative', targetId: input.initiativeId, details: asDetails({ ...input }) },
    (tx) => insertCost({ db: tx, input, createdById: actor.id }),
  );
}

export async function addBenefit({ db, actor, input }: { db: Db; actor: TAuditActor; input: TAddBenefitInput }) {
  await checkLineDates({ db, initiativeId: input.initiativeId, startDate: input.startDate });
  return runAudited(
    { db, actor, app: STRATEGY_APP, action: 'strategy.benefit.add', target: 'initiative', targetId: input.initiativeId, details: asDetails({ ...input }) },
    (tx) => insertBenefit({ db: tx, input, createdById: actor.id }),
  );
}

export async function removeCost({ db, actor, id }: { db: Db; actor: TAuditActor; id: string }) {
  const cost = await findCost({ db, id });
  if (!cost) throw new AppError({ code: 'NOT_FOUND', message: `No cost entry ${id}` });
  await runAudited({ db, actor, app: STRATEGY_APP, action: 'strategy.cost.remove', target: 'initiative', targetId: cost.initiativeId, details: asDetails({ ...cost }) }, (tx) => deleteCostRow({ db: tx, id }));
  return { id };
}

export async function removeBenefit({ db, actor, id }: { db: Db; actor: TAuditActor; id: string }) {
  const benefit = await findBenefit({ db, id });
  if (!benefit) throw new AppError({ code: 'NOT_FOUND', message: `No benefit entry ${id}` });
  await runAudited({ db, actor, app: STRATEGY_APP, action: 'strategy.benefit.remove', target: 'initiative', targetId: benefit.initiativeId, details: asDetails({ ...benefit }) }, (tx) => deleteBenefitRow({ db: tx, id }));
  return { id };
}

export async function listLedger({ db, initiativeIds }: { db: Db; initiativeIds: readonly string[] }) {
  const [costs, benefits] = await Promise.all([findCosts({ db, initiativeIds }), findBenefits({ db, initiativeIds })]);
  return { costs, benefits };
}

/** Every initiative's ledger as formula-safe CSV rows (a read: the export itself is not audited). */
export async function exportLedgerRows({ db }: { db: Db }) {
  const initiatives = await findInitiatives({ db });
  const nameOf = new Map(initiatives.map((i) => [i.id, i.name]));
  const { costs, benefits } = await listLedger({ db, initiativeIds: initiatives.map((i) => i.id) });
  return [
    ...costs.map((c) => ({ initiative: nameOf.get(c.initiativeId) ?? c.initiativeId, kind: 'cost' as const, category: c.category, description: c.description, amount: c.amount, recurrence: c.recurrence, startDate: c.startDate, endDate: c.endDate, confidence: null })),
    ...benefits.map((b) => ({ initiative: nameOf.get(b.initiativeId) ?? b.initiativeId, kind: 'benefit' as const, category: b.type, description: b.description, amount: b.amount, recurrence: b.recurrence, startDate: b.startDate, endDate: b.endDate, confidence: b.confidence })),
  ];
}

export async function listInitiativeHistory({ db, id, limit = 50 }: { db: Db; id: string; limit?: number }) {
  return findInitiativeHistory({ db, initiativeId: id, limit });
}
