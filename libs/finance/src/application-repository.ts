// The only code that touches Prisma for loan applications, scores, decisions and risk settings.
import { Prisma, type Db } from '@platform/db';
import { driftInSql, type TDriftColumn } from '@platform/model-ops';
import { applicantContentHash } from './applicant-hash';
import { GERMAN_CREDIT_SPEC, type TApplicantAttributes, type TApplicationStatus, type TDecisionOutcome } from './codebook';
import type { TQueueInput } from './schemas';

export type TTx = Prisma.TransactionClient;

const ATTRIBUTE_SELECT = {
  checkingStatus: true,
  durationMonths: true,
  creditHistory: true,
  purpose: true,
  amount: true,
  savings: true,
  employmentSince: true,
  instalmentRatePct: true,
  personalStatusSex: true,
  otherDebtors: true,
  residenceSinceYears: true,
  property: true,
  age: true,
  otherInstalmentPlans: true,
  housing: true,
  existingCredits: true,
  job: true,
  dependants: true,
  hasTelephone: true,
  foreignWorker: true,
} as const satisfies Prisma.LoanApplicationSelect;

export async function countApplications({ db, source }: { db: Db; source?: string }): Promise<number> {
  return db.loanApplication.count({ where: { source } });
}

export async function insertApplications({
  db,
  rows,
}: {
  db: Db | TTx;
  rows: readonly { externalRef: string; source: string; attributes: TApplicantAttributes; outcome: 'good' | 'bad' | null }[];
}): Promise<number> {
  const result = await db.loanApplication.createMany({
    data: rows.map((r) => ({ externalRef: r.externalRef, source: r.source, outcome: r.outcome, contentHash: applicantContentHash({ attributes: r.attributes }), ...r.attributes })),
    skipDuplicates: true,
  });
  return result.count;
}

export async function findApplicationsForScoring({ db, unscoredOnly }: { db: Db | TTx; unscoredOnly: boolean }) {
  return db.loanApplication.findMany({
    where: unscoredOnly ? { pd: null } : undefined,
    select: { id: true, externalRef: true, outcome: true, createdAt: true, ...ATTRIBUTE_SELECT },
    orderBy: { externalRef: 'asc' },
  });
}

export interface TScoreRow {
  applicationId: string;
  modelVersionId: string;
  pd: number;
  points: number;
  grade: string;
  lgd: number;
  exposure: number;
  expectedLoss: number;
  recommendation: TDecisionOutcome;
  basePoints: number;
  contributions: Prisma.InputJsonValue;
  reasonCodes: Prisma.InputJsonValue;
}

/** Stores scores and copies the current PD/points/grade onto their applications, in one transaction. */
export async function saveScores({ db, scores }: { db: Db; scores: readonly TScoreRow[] }): Promise<void> {
  await db.$transaction(async (tx) => writeScores({ tx, scores }));
}

/** saveScores inside the caller's transaction. */
export async function writeScores({ tx, scores }: { tx: TTx; scores: readonly TScoreRow[] }): Promise<void> {
  if (scores.length === 0) return;
  await tx.creditScore.createMany({ data: [...scores] });
  // One statement for all rows: a per-row UPDATE would be 1 000 round trips at seed time.
  await tx.$executeRaw`
    UPDATE loan_application AS a SET pd = s.pd, points = s.points, grade = s.grade, "updatedAt" = now()
    FROM (SELECT unnest(${scores.map((s) => s.applicationId)}::text[]) AS id,
                 unnest(${scores.map((s) => s.pd)}::float8[]) AS pd,
                 unnest(${scores.map((s) => s.points)}::int[]) AS points,
                 unnest(${scores.map((s) => s.grade)}::text[]) AS grade) AS s
    WHERE a.id = s.id`;
}

/**
 * New grade bands or LGD applied to every application in one statement: each application's latest score is
 * copied with its grade and expected loss recomputed (PD, points and reason codes are the model's and do not
 * change), and the queue's grade follows. Earlier score rows stay as history (decisions point at them).
 * Grade = the first band, by maximum PD, that the PD does not exceed (the last band otherwise), as gradeFor.
 */
export async function regradeLatestScores({ tx, bands, lgd }: { tx: TTx; bands: readonly { grade: string; maxPd: number }[]; lgd: number }): Promise<number> {
  const sorted = [...bands].sort((a, b) => a.maxPd - b.maxPd);
  const last = sorted[sorted.length - 1]?.grade ?? 'E';
  return tx.$executeRaw`
    WITH latest AS (
      SELECT DISTINCT ON ("applicationId") * FROM credit_score ORDER BY "applicationId", "createdAt" DESC, id DESC
    ), regraded AS (
      INSERT INTO credit_score (id, "applicationId", "modelVersionId", pd, points, grade, lgd, exposure, "expectedLoss", recommendation, "basePoints", contributions, "reasonCodes", "createdAt")
      SELECT gen_random_uuid()::text, l."applicationId", l."modelVersionId", l.pd, l.points,
             COALESCE((SELECT b.grade FROM unnest(${sorted.map((b) => b.grade)}::text[], ${sorted.map((b) => b.maxPd)}::float8[]) AS b(grade, "maxPd")
                       WHERE l.pd <= b."maxPd" ORDER BY b."maxPd" LIMIT 1), ${last}),
             ${lgd}, l.exposure, l.pd * ${lgd} * l.exposure, l.recommendation, l."basePoints", l.contributions, l."reasonCodes", now()
      FROM latest l
      RETURNING "applicationId", grade
    )
    UPDATE loan_application AS a SET grade = r.grade, "updatedAt" = now() FROM regraded r WHERE a.id = r."applicationId"`;
}

const SORT_COLUMN = { pd: 'pd', amount: 'amount', createdAt: 'createdAt', points: 'points' } as const;

/** One page of the queue, keyset-paginated on (sort column, id) so page 500 costs what page 1 does. */
export async function findQueuePage({ db, input }: { db: Db; input: TQueueInput }) {
  const column = SORT_COLUMN[input.sort];
  const dir = input.direction;
  const where: Prisma.LoanApplicationWhereInput = {
    grade: input.grades && input.grades.length > 0 ? { in: [...input.grades] } : undefined,
    purpose: input.purpose,
    status: input.status,
    pd: input.minPd !== undefined || input.maxPd !== undefined ? { gte: input.minPd, lte: input.maxPd } : { not: null },
    amount: input.minAmount !== undefined || input.maxAmount !== undefined ? { gte: input.minAmount, lte: input.maxAmount } : undefined,
  };
  const after: Prisma.LoanApplicationWhereInput | undefined = input.cursor
    ? {
        OR: [
          { [column]: { [dir === 'desc' ? 'lt' : 'gt']: cursorValue(input.sort, input.cursor.value) } },
          { [column]: cursorValue(input.sort, input.cursor.value), id: { [dir === 'desc' ? 'lt' : 'gt']: input.cursor.id } },
        ],
      }
    : undefined;
  const [rows, total] = await Promise.all([
    db.loanApplication.findMany({
      where: after ? { AND: [where, after] } : where,
      orderBy: [{ [column]: dir }, { id: dir }],
      take: input.limit + 1,
      select: { id: true, externalRef: true, purpose: true, amount: true, durationMonths: true, age: true, status: true, pd: true, points: true, grade: true, createdAt: true },
    }),
    db.loanApplication.count({ where }),
  ]);
  return { rows: rows.slice(0, input.limit), hasMore: rows.length > input.limit, total };
}

function cursorValue(sort: TQueueInput['sort'], value: string): number | Date {
  return sort === 'createdAt' ? new Date(value) : Number(value);
}

export async function findApplication({ db, id }: { db: Db | TTx; id: string }) {
  return db.loanApplication.findUnique({
    where: { id },
    select: {
      id: true,
      externalRef: true,
      source: true,
      outcome: true,
      status: true,
      createdAt: true,
      ...ATTRIBUTE_SELECT,
      scores: { orderBy: { createdAt: 'desc' }, take: 1, select: { id: true, pd: true, points: true, grade: true, lgd: true, exposure: true, expectedLoss: true, recommendation: true, basePoints: true, contributions: true, reasonCodes: true, modelVersionId: true, createdAt: true, modelVersion: { select: { version: true, model: { select: { name: true } } } } } },
    },
  });
}

export async function findDecisions({ db, applicationId }: { db: Db; applicationId: string }) {
  return db.creditDecision.findMany({
    where: { applicationId },
    orderBy: { decidedAt: 'desc' },
    select: { id: true, outcome: true, recommendation: true, isOverride: true, reason: true, decidedByEmail: true, decidedAt: true },
  });
}

export async function insertDecision({
  tx,
  decision,
}: {
  tx: TTx;
  decision: { applicationId: string; scoreId: string | null; outcome: TDecisionOutcome; recommendation: TDecisionOutcome | null; isOverride: boolean; reason: string | null; decidedById: string; decidedByEmail: string };
}) {
  const status: Record<TDecisionOutcome, TApplicationStatus> = { approve: 'approved', decline: 'declined', refer: 'referred' };
  const row = await tx.creditDecision.create({ data: decision, select: { id: true, outcome: true, decidedAt: true, isOverride: true } });
  await tx.loanApplication.update({ where: { id: decision.applicationId }, data: { status: status[decision.outcome] }, select: { id: true } });
  return row;
}

export async function findGradeBands({ db }: { db: Db | TTx }) {
  return db.gradeBand.findMany({ orderBy: { maxPd: 'asc' }, select: { grade: true, maxPd: true, description: true, updatedAt: true } });
}

export async function upsertGradeBands({ db, bands, updatedById }: { db: Db | TTx; bands: readonly { grade: string; maxPd: number; description: string }[]; updatedById: string | null }): Promise<void> {
  for (const b of bands) {
    await db.gradeBand.upsert({ where: { grade: b.grade }, create: { ...b, updatedById }, update: { maxPd: b.maxPd, description: b.description, updatedById } });
  }
}

export async function findRiskSetting({ db }: { db: Db | TTx }) {
  return db.riskSetting.findUnique({ where: { id: 'default' }, select: { lgd: true, updatedAt: true } });
}

export async function upsertRiskSetting({ db, lgd, updatedById }: { db: Db | TTx; lgd: number; updatedById: string | null }): Promise<void> {
  await db.riskSetting.upsert({ where: { id: 'default' }, create: { id: 'default', lgd, updatedById }, update: { lgd, updatedById } });
}

/** Figures for the executives' dashboard over [from, to]: the latest decision per application counts. */
export async function aggregateKpis({ db, from, to }: { db: Db; from: Date; to: Date }) {
  const [scored, decisions, loss] = await Promise.all([
    db.creditScore.groupBy({ by: ['applicationId'], where: { createdAt: { gte: from, lte: to } } }).then((g) => g.length),
    db.$queryRaw<{ outcome: TDecisionOutcome; n: bigint; overrides: bigint }[]>`
      SELECT outcome, count(*) AS n, count(*) FILTER (WHERE "isOverride") AS overrides FROM (
        SELECT DISTINCT ON ("applicationId") outcome, "isOverride" FROM credit_decision
        WHERE "decidedAt" BETWEEN ${from} AND ${to} ORDER BY "applicationId", "decidedAt" DESC
      ) latest GROUP BY outcome`,
    db.$queryRaw<{ avoided: number | null; all_scored: number | null }[]>`
      SELECT
        (SELECT sum(s."expectedLoss") FROM (
           SELECT DISTINCT ON ("applicationId") "scoreId", outcome FROM credit_decision
           WHERE "decidedAt" BETWEEN ${from} AND ${to} ORDER BY "applicationId", "decidedAt" DESC
         ) d JOIN credit_score s ON s.id = d."scoreId" WHERE d.outcome = 'decline') AS avoided,
        -- Each application once, at its latest score in the range: re-scoring (settings, promotion) adds rows.
        (SELECT sum("expectedLoss") FROM (
           SELECT DISTINCT ON ("applicationId") "expectedLoss" FROM credit_score
           WHERE "createdAt" BETWEEN ${from} AND ${to} ORDER BY "applicationId", "createdAt" DESC
         ) latest) AS all_scored`,
  ]);
  return {
    scored,
    decisions: decisions.map((d) => ({ outcome: d.outcome, count: Number(d.n), overrides: Number(d.overrides) })),
    expectedLossAvoided: Number(loss[0]?.avoided ?? 0),
    expectedLossAllApproved: Number(loss[0]?.all_scored ?? 0),
  };
}

/**
 * The scored applications monitoring reads one by one: those with a known outcome (performance, fairness) and
 * the training sample (drift's reference). Unlabelled applications only count in the score distribution,
 * which the database aggregates (scoreDistribution), so a book of 100k new applications is not loaded here.
 */
export async function findScoredForMonitoring({ db, trainingSource }: { db: Db; trainingSource: string }) {
  return db.loanApplication.findMany({
    where: { pd: { not: null }, OR: [{ outcome: { not: null } }, { source: trainingSource }] },
    select: { source: true, outcome: true, pd: true, points: true, createdAt: true, ...ATTRIBUTE_SELECT },
  });
}

/** Scored applications per score band of `width` points and outcome (null: not known yet), counted in SQL. */
export async function scoreDistribution({ db, width }: { db: Db; width: number }) {
  const rows = await db.$queryRaw<{ band: number; outcome: string | null; n: bigint }[]>`
    SELECT (floor(points::float8 / ${width}) * ${width})::int AS band, outcome::text AS outcome, count(*) AS n
    FROM loan_application WHERE pd IS NOT NULL AND points IS NOT NULL GROUP BY 1, 2 ORDER BY 1`;
  return rows.map((r) => ({ band: r.band, outcome: r.outcome, count: Number(r.n) }));
}

/**
 * PSI of the score and of every attribute: the training sample (scored rows of `trainingSource`) against the
 * scored applications from elsewhere created in [from, to], both ends included — binned counts in SQL.
 */
export async function driftOfWindow({ db, from, to, trainingSource }: { db: Db; from: Date; to: Date; trainingSource: string }) {
  const columns: TDriftColumn[] = [
    { key: 'score', label: 'Score points', kind: 'numeric', expression: Prisma.sql`coalesce(points, 0)` },
    ...GERMAN_CREDIT_SPEC.features.map((f) => ({ key: f.key, label: f.label, kind: f.kind === 'numeric' ? ('numeric' as const) : ('categorical' as const), expression: Prisma.raw(`"${f.key}"`) })),
  ];
  return driftInSql({
    db,
    table: Prisma.sql`loan_application`,
    reference: Prisma.sql`pd IS NOT NULL AND source = ${trainingSource}`,
    current: Prisma.sql`pd IS NOT NULL AND source <> ${trainingSource} AND "createdAt" >= ${from} AND "createdAt" <= ${to}`,
    columns,
  });
}

/** One new application with its first score, inside the caller's transaction. */
export async function insertScoredApplication({
  tx,
  externalRef,
  source,
  attributes,
  score,
}: {
  tx: TTx;
  externalRef: string;
  source: string;
  attributes: TApplicantAttributes;
  score: (applicationId: string) => TScoreRow;
}): Promise<{ id: string; pd: number; points: number; grade: string }> {
  const app = await tx.loanApplication.create({ data: { externalRef, source, outcome: null, contentHash: applicantContentHash({ attributes }), ...attributes }, select: { id: true } });
  const row = score(app.id);
  await tx.creditScore.create({ data: row, select: { id: true } });
  await tx.loanApplication.update({ where: { id: app.id }, data: { pd: row.pd, points: row.points, grade: row.grade }, select: { id: true } });
  return { id: app.id, pd: row.pd, points: row.points, grade: row.grade };
}

/** Many new applications with their scores, inside the caller's transaction (the import job's commit). */
export async function insertApplicationsWithScores({
  tx,
  source,
  rows,
}: {
  tx: TTx;
  source: string;
  rows: readonly { id: string; externalRef: string; attributes: TApplicantAttributes; score: TScoreRow }[];
}): Promise<void> {
  await tx.loanApplication.createMany({
    data: rows.map((r) => ({ id: r.id, externalRef: r.externalRef, source, outcome: null, pd: r.score.pd, points: r.score.points, grade: r.score.grade, contentHash: applicantContentHash({ attributes: r.attributes }), ...r.attributes })),
  });
  await tx.creditScore.createMany({ data: rows.map((r) => r.score) });
}

/** Which of `refs` are already applications' external references (a declared ID column re-imported). */
export async function findExistingExternalRefs({ db, refs }: { db: Db | TTx; refs: readonly string[] }): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < refs.length; i += 5000) {
    const rows = await db.loanApplication.findMany({ where: { externalRef: { in: refs.slice(i, i + 5000) } }, select: { externalRef: true } });
    for (const r of rows) found.add(r.externalRef);
  }
  return found;
}

/** For each content hash already in the book, the reference of one application that has it. */
export async function findApplicationsByContentHash({ db, hashes }: { db: Db | TTx; hashes: readonly string[] }): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const unique = [...new Set(hashes)];
  for (let i = 0; i < unique.length; i += 5000) {
    const rows = await db.loanApplication.findMany({ where: { contentHash: { in: unique.slice(i, i + 5000) } }, select: { contentHash: true, externalRef: true }, orderBy: { createdAt: 'asc' } });
    for (const r of rows) if (r.contentHash !== null && !found.has(r.contentHash)) found.set(r.contentHash, r.externalRef);
  }
  return found;
}
