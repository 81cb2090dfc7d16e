// The risk officer's work: the queue, one application's review, decisions and their history.
import { randomUUID } from 'node:crypto';
import { readSensitive, runAudited } from '@platform/audit';
import type { TSessionUser } from '@platform/auth';
import type { Db } from '@platform/db';
import { AppError } from '@platform/util';
import { ATTRIBUTES, describeValue, type TDecisionOutcome } from './codebook';
import { findApplication, findDecisions, findQueuePage, insertDecision, insertScoredApplication } from './application-repository';
import type { TDecideInput, TNewApplicationInput, TQueueInput } from './schemas';
import { loadScoreContext, scoreApplications, servingModel } from './scoring-service';

const APP = 'risk';

export async function listQueue({ db, input }: { db: Db; input: TQueueInput }) {
  if (input.minPd !== undefined && input.maxPd !== undefined && input.minPd > input.maxPd) {
    throw new AppError({ code: 'BAD_INPUT', message: 'Minimum PD is above maximum PD', fieldErrors: { minPd: ['must not exceed the maximum PD'] } });
  }
  const page = await findQueuePage({ db, input });
  const last = page.rows[page.rows.length - 1];
  const sortValue = (row: NonNullable<typeof last>): string => {
    if (input.sort === 'createdAt') return row.createdAt.toISOString();
    return String(row[input.sort] ?? '');
  };
  return {
    rows: page.rows,
    total: page.total,
    nextCursor: page.hasMore && last ? { value: sortValue(last), id: last.id } : null,
  };
}

interface TStoredReason {
  key: string;
  points: number;
  text: string;
}
interface TStoredContribution {
  key: string;
  points: number;
}

/** One application with its decoded attributes and current score; reading it leaves an audit row. */
export async function getApplicationReview({ db, actor, id }: { db: Db; actor: TSessionUser; id: string }) {
  const app = await readSensitive({ db, actor, app: APP, target: 'finance.application', targetId: id }, (tx) => findApplication({ db: tx, id }));
  if (!app) throw new AppError({ code: 'NOT_FOUND', message: `No application ${id}` });
  const score = app.scores[0] ?? null;
  const serving = servingModel({ context: await loadScoreContext({ db }) });
  const labelOf = new Map(ATTRIBUTES.map((a) => [a.key as string, a.label]));
  return {
    id: app.id,
    reference: app.externalRef,
    source: app.source,
    status: app.status,
    outcome: app.outcome,
    createdAt: app.createdAt,
    attributes: ATTRIBUTES.map((a) => ({ key: a.key, label: a.label, value: describeValue({ key: a.key, value: app[a.key] }) })),
    amount: app.amount,
    score: score
      ? {
          id: score.id,
          pd: score.pd,
          points: score.points,
          grade: score.grade,
          lgd: score.lgd,
          exposure: score.exposure,
          expectedLoss: score.expectedLoss,
          recommendation: score.recommendation,
          basePoints: score.basePoints,
          modelVersionId: score.modelVersionId,
          scoredAt: score.createdAt,
          // Which model produced this score, and what serves that model now (runtime and execution provider).
          scoredBy: { modelName: score.modelVersion.model.name, version: score.modelVersion.version },
          servedBy: score.modelVersionId === serving.versionId ? { runtime: serving.runtime, executionProvider: serving.executionProvider } : null,
          reasons: (score.reasonCodes as unknown as TStoredReason[]).map((r) => ({ ...r, label: labelOf.get(r.key) ?? r.key })),
          contributions: (score.contributions as unknown as TStoredContribution[]).map((c) => ({ key: c.key, points: c.points, label: labelOf.get(c.key) ?? c.key })),
        }
      : null,
  };
}

export async function listDecisions({ db, applicationId }: { db: Db; applicationId: string }) {
  return findDecisions({ db, applicationId });
}

/**
 * Records a decision and its audit row in one transaction. Going against the model's recommendation
 * needs a written reason.
 */
export async function decideApplication({ db, actor, input }: { db: Db; actor: TSessionUser; input: TDecideInput }) {
  const app = await findApplication({ db, id: input.applicationId });
  if (!app) throw new AppError({ code: 'NOT_FOUND', message: `No application ${input.applicationId}` });
  const score = app.scores[0] ?? null;
  const recommendation: TDecisionOutcome | null = score?.recommendation ?? null;
  const isOverride = recommendation !== null && recommendation !== input.outcome;
  const reason = input.reason && input.reason.length > 0 ? input.reason : null;
  if (isOverride && !reason) {
    throw new AppError({
      code: 'BAD_INPUT',
      message: `The model recommends ${recommendation}: write a reason to ${input.outcome} instead`,
      fieldErrors: { reason: ['A reason is required when overriding the recommendation'] },
    });
  }
  return runAudited(
    {
      db,
      actor,
      app: APP,
      action: 'finance.application.decide',
      target: 'finance.application',
      targetId: app.id,
      details: { reference: app.externalRef, outcome: input.outcome, recommendation, isOverride, reason, pd: score?.pd ?? null },
    },
    (tx) =>
      insertDecision({
        tx,
        decision: { applicationId: app.id, scoreId: score?.id ?? null, outcome: input.outcome, recommendation, isOverride, reason, decidedById: actor.id, decidedByEmail: actor.email },
      }),
  );
}

/** Enters one application, scores it with the champion and audits it, all in one transaction. */
export async function createApplication({ db, actor, input }: { db: Db; actor: TSessionUser; input: TNewApplicationInput }) {
  const [scored] = await scoreApplications({ context: await loadScoreContext({ db }), items: [{ applicationId: '', attributes: input }] });
  if (!scored) throw new AppError({ code: 'INTERNAL', message: 'The application could not be scored' });
  const externalRef = `manual-${randomUUID().slice(0, 8)}`;
  return runAudited({ db, actor, app: APP, action: 'finance.application.create', target: 'finance.application', details: { reference: externalRef } }, (tx) =>
    insertScoredApplication({ tx, externalRef, source: 'manual', attributes: input, score: (applicationId) => ({ ...scored, applicationId }) }),
  );
}

/** A quote: the champion's score of an applicant who is not stored (nothing is written). */
export async function quoteApplication({ db, input }: { db: Db; input: TNewApplicationInput }) {
  const [s] = await scoreApplications({ context: await loadScoreContext({ db }), items: [{ applicationId: '', attributes: input }] });
  if (!s) throw new AppError({ code: 'INTERNAL', message: 'The application could not be scored' });
  return { pd: s.pd, points: s.points, grade: s.grade, expectedLoss: s.expectedLoss, recommendation: s.recommendation, reasons: s.reasonCodes as unknown as { key: string; points: number; text: string }[] };
}
