// The only strategy code that touches Prisma: initiatives, their ledgers, compute rates, and the measured
// compute the job system stored on job_run.
import type { Db, Prisma } from '@platform/db';
import type { TAddBenefitInput, TAddCostInput, TComputeApp, TCreateInitiativeInput, TCreateRiskInput, TStage, TVertical } from './schemas';

type TDbOrTx = Db | Prisma.TransactionClient;

const initiativeSelect = {
  id: true,
  name: true,
  owner: true,
  vertical: true,
  app: true,
  stage: true,
  startDate: true,
  horizonYears: true,
  discountRate: true,
  createdAt: true,
  updatedAt: true,
  models: { select: { modelId: true } },
} as const;

const costSelect = { id: true, initiativeId: true, category: true, description: true, amount: true, recurrence: true, startDate: true, endDate: true, createdAt: true } as const;
const benefitSelect = { id: true, initiativeId: true, type: true, description: true, amount: true, recurrence: true, startDate: true, endDate: true, confidence: true, createdAt: true } as const;

export interface TInitiativeRow {
  id: string;
  name: string;
  owner: string;
  vertical: TVertical | null;
  app: TComputeApp | null;
  stage: TStage;
  startDate: Date;
  horizonYears: number;
  discountRate: number;
  createdAt: Date;
  updatedAt: Date;
  modelIds: string[];
}

type TRawInitiative = Prisma.InitiativeGetPayload<{ select: typeof initiativeSelect }>;
// vertical and app are plain text columns; the service only ever writes values from the zod enums.
const toInitiative = ({ models, vertical, app, ...r }: TRawInitiative): TInitiativeRow => ({
  ...r,
  vertical: vertical as TVertical | null,
  app: app as TComputeApp | null,
  modelIds: models.map((m) => m.modelId),
});

export async function findInitiatives({ db }: { db: TDbOrTx }): Promise<TInitiativeRow[]> {
  const rows = await db.initiative.findMany({ orderBy: [{ createdAt: 'asc' }, { name: 'asc' }], select: initiativeSelect });
  return rows.map(toInitiative);
}

export async function findInitiative({ db, id }: { db: TDbOrTx; id: string }): Promise<TInitiativeRow | null> {
  const row = await db.initiative.findUnique({ where: { id }, select: initiativeSelect });
  return row ? toInitiative(row) : null;
}

export async function findInitiativeByName({ db, name }: { db: TDbOrTx; name: string }) {
  return db.initiative.findUnique({ where: { name }, select: { id: true } });
}

export async function findInitiativeByApp({ db, app }: { db: TDbOrTx; app: string }) {
  return db.initiative.findUnique({ where: { app }, select: { id: true, name: true } });
}

type TInitiativeData = Omit<TCreateInitiativeInput, 'modelIds'>;

export async function insertInitiative({ db, id, data, modelIds }: { db: TDbOrTx; id: string; data: TInitiativeData; modelIds: readonly string[] }) {
  const row = await db.initiative.create({
    data: { id, ...data, models: { create: modelIds.map((modelId) => ({ modelId })) } },
    select: initiativeSelect,
  });
  return toInitiative(row);
}

export async function updateInitiativeRow({ db, id, data, modelIds }: { db: TDbOrTx; id: string; data: TInitiativeData; modelIds: readonly string[] }) {
  const row = await db.initiative.update({
    where: { id },
    data: { ...data, models: { deleteMany: {}, create: modelIds.map((modelId) => ({ modelId })) } },
    select: initiativeSelect,
  });
  return toInitiative(row);
}

export async function deleteInitiativeRow({ db, id }: { db: TDbOrTx; id: string }) {
  await db.initiative.delete({ where: { id }, select: { id: true } });
}

export async function findCosts({ db, initiativeIds }: { db: TDbOrTx; initiativeIds: readonly string[] }) {
  return db.costEntry.findMany({ where: { initiativeId: { in: [...initiativeIds] } }, orderBy: [{ startDate: 'asc' }, { createdAt: 'asc' }], select: costSelect });
}

export async function findBenefits({ db, initiativeIds }: { db: TDbOrTx; initiativeIds: readonly string[] }) {
  return db.benefitEntry.findMany({ where: { initiativeId: { in: [...initiativeIds] } }, orderBy: [{ startDate: 'asc' }, { createdAt: 'asc' }], select: benefitSelect });
}

/** Earliest start and latest occurrence bound of an initiative's ledger lines (to refuse moving its dates past them). */
export async function findLedgerDateRange({ db, initiativeId }: { db: TDbOrTx; initiativeId: string }) {
  const [costs, benefits] = await Promise.all([
    db.costEntry.aggregate({ where: { initiativeId }, _min: { startDate: true }, _max: { startDate: true } }),
    db.benefitEntry.aggregate({ where: { initiativeId }, _min: { startDate: true }, _max: { startDate: true } }),
  ]);
  const dates = (xs: (Date | null)[]) => xs.flatMap((d) => (d ? [d] : []));
  const mins = dates([costs._min.startDate, benefits._min.startDate]);
  const maxs = dates([costs._max.startDate, benefits._max.startDate]);
  return {
    earliest: mins.length ? new Date(Math.min(...mins.map((d) => d.getTime()))) : null,
    latest: maxs.length ? new Date(Math.max(...maxs.map((d) => d.getTime()))) : null,
  };
}

export async function insertCost({ db, input, createdById }: { db: TDbOrTx; input: TAddCostInput; createdById: string | null }) {
  return db.costEntry.create({ data: { ...input, createdById }, select: costSelect });
}

export async function insertBenefit({ db, input, createdById }: { db: TDbOrTx; input: TAddBenefitInput; createdById: string | null }) {
  return db.benefitEntry.create({ data: { ...input, createdById }, select: benefitSelect });
}

export async function findCost({ db, id }: { db: TDbOrTx; id: string }) {
  return db.costEntry.findUnique({ where: { id }, select: costSelect });
}

export async function findBenefit({ db, id }: { db: TDbOrTx; id: string }) {
  return db.benefitEntry.findUnique({ where: { id }, select: benefitSelect });
}

export async function deleteCostRow({ db, id }: { db: TDbOrTx; id: string }) {
  await db.costEntry.delete({ where: { id }, select: { id: true } });
}

export async function deleteBenefitRow({ db, id }: { db: TDbOrTx; id: string }) {
  await db.benefitEntry.delete({ where: { id }, select: { id: true } });
}

export async function findComputeRates({ db }: { db: TDbOrTx }) {
  return db.strategySetting.findUnique({ where: { id: 'default' }, select: { cpuHourRate: true, gpuHourRate: true, updatedAt: true } });
}

export async function upsertComputeRates({ db, cpuHourRate, gpuHourRate, updatedById }: { db: TDbOrTx; cpuHourRate: number; gpuHourRate: number; updatedById: string | null }) {
  return db.strategySetting.upsert({
    where: { id: 'default' },
    create: { id: 'default', cpuHourRate, gpuHourRate, updatedById },
    update: { cpuHourRate, gpuHourRate, updatedById },
    select: { cpuHourRate: true, gpuHourRate: true, updatedAt: true },
  });
}

/**
 * Job runs that used compute, of the given apps, finished in [from, to): what they measured and when. Runs
 * still going are counted when they end (their seconds are only known then).
 */
export async function findJobCompute({ db, apps, from, to }: { db: TDbOrTx; apps: readonly string[]; from: Date; to: Date }) {
  return db.jobRun.findMany({
    where: { app: { in: [...apps] }, finishedAt: { gte: from, lt: to }, OR: [{ cpuSeconds: { gt: 0 } }, { gpuSeconds: { gt: 0 } }] },
    select: { app: true, kind: true, finishedAt: true, cpuSeconds: true, gpuSeconds: true, wallSeconds: true },
  });
}

/** Measured compute of every app, all time: the portfolio's view, attributed or not. */
export async function sumJobComputeByApp({ db }: { db: TDbOrTx }) {
  const rows = await db.jobRun.groupBy({ by: ['app'], _sum: { cpuSeconds: true, gpuSeconds: true, wallSeconds: true }, _count: { _all: true }, where: { finishedAt: { not: null } } });
  return rows.map((r) => ({ app: r.app, runs: r._count._all, cpuSeconds: r._sum.cpuSeconds ?? 0, gpuSeconds: r._sum.gpuSeconds ?? 0, wallSeconds: r._sum.wallSeconds ?? 0 }));
}

/**
 * The registry's models (read only: the registry lib owns the table and publishes no list of every domain's
 * models), for linking them to initiatives and naming them on the page.
 */
export async function findRegistryModels({ db }: { db: TDbOrTx }) {
  return db.model.findMany({ orderBy: [{ domain: 'asc' }, { name: 'asc' }], select: { id: true, name: true, domain: true } });
}

/**
 * The audit trail of one initiative (its edits with before/after, ledger lines added and removed), newest
 * first. Read here rather than through @platform/audit, whose filter has no target id.
 */
export async function findInitiativeHistory({ db, initiativeId, limit }: { db: TDbOrTx; initiativeId: string; limit: number }) {
  return db.auditLog.findMany({
    where: { app: 'strategy', target: 'initiative', targetId: initiativeId, outcome: 'success' },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: limit,
    select: { id: true, at: true, actorEmail: true, action: true, details: true },
  });
}

const riskSelect = { id: true, title: true, category: true, likelihood: true, impact: true, owner: true, mitigation: true, status: true, reviewDate: true, initiativeId: true, createdAt: true, updatedAt: true, initiative: { select: { name: true } } } as const;

export async function findRisks({ db }: { db: TDbOrTx }) {
  return db.strategyRisk.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: riskSelect });
}

export async function findRisk({ db, id }: { db: TDbOrTx; id: string }) {
  return db.strategyRisk.findUnique({ where: { id }, select: riskSelect });
}

export async function insertRisk({ db, id, data }: { db: TDbOrTx; id: string; data: TCreateRiskInput }) {
  return db.strategyRisk.create({ data: { id, ...data }, select: riskSelect });
}

export async function updateRiskRow({ db, id, data }: { db: TDbOrTx; id: string; data: TCreateRiskInput }) {
  return db.strategyRisk.update({ where: { id }, data, select: riskSelect });
}
