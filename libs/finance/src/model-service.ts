// Champion/challenger: the registered CV figures of the serving scorecard beside the newest challenger MLP,
// and the risk officer's audited promotion of a challenger.
import { runAudited } from '@platform/api';
import type { TSessionUser } from '@platform/auth';
import type { Db } from '@platform/db';
import { clearChampion, compareVersions, listModelVersions, setChampion } from '@platform/registry';
import { AppError } from '@platform/util';
import type { TPromoteModelInput } from './schemas';
import { findApplicationsForScoring, writeScores } from './application-repository';
import { CHALLENGER_MODEL, forgetScoreContext, loadChampion, loadOnnxVersion, loadScoreContext, SCORECARD_MODEL, scoreApplications } from './scoring-service';

const APP = 'risk';
/** The CV metrics the comparison shows, in display order. */
export const COMPARED_METRICS = ['roc_auc', 'roc_auc_ci_lower', 'roc_auc_ci_upper', 'brier', 'ks', 'threshold_pd', 'expected_cost_per_applicant'] as const;
type TComparedMetric = (typeof COMPARED_METRICS)[number];

async function challengerVersions({ db }: { db: Db }) {
  try {
    return await listModelVersions({ db, modelName: CHALLENGER_MODEL });
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return [];
    throw error;
  }
}

/**
 * The serving champion and the newest challenger side by side, from the registry's metrics.
 * @example const { champion, challenger } = await compareChampionChallenger({ db });
 */
export async function compareChampionChallenger({ db }: { db: Db }) {
  const [champion, versions] = await Promise.all([loadChampion({ db }), challengerVersions({ db })]);
  const newest = versions[0];
  const pick = (rows: { name: string; split: string; value: number | null }[]) =>
    Object.fromEntries(COMPARED_METRICS.map((name) => [name, rows.find((r) => r.name === name && r.split === 'cv')?.value ?? null])) as Record<TComparedMetric, number | null>;
  const promoted = versions.find((v) => v.champion);
  const championRow = { modelName: SCORECARD_MODEL, versionId: champion.versionId, version: champion.version, serving: !promoted, promoted: true, metrics: pick(champion.metrics) };
  if (!newest) return { champion: championRow, challenger: null, promotedChallenger: null };
  const { rows } = await compareVersions({ db, a: champion.versionId, b: newest.id });
  return {
    champion: championRow,
    challenger: {
      modelName: CHALLENGER_MODEL,
      versionId: newest.id,
      version: newest.version,
      backend: newest.backend,
      serving: newest.champion,
      promoted: newest.champion,
      metrics: pick(rows.map((r) => ({ name: r.name, split: r.split, value: r.b }))),
    },
    promotedChallenger: promoted ? { versionId: promoted.id, version: promoted.version } : null,
  };
}

/**
 * Promotes a challenger version: the registry's champion alias of the challenger line and the audit row are
 * written in one transaction, or neither is.
 * @example await promoteChallenger({ db, actor, input: { versionId } });
 */
export async function promoteChallenger({ db, actor, input }: { db: Db; actor: TSessionUser; input: TPromoteModelInput }) {
  const versions = await challengerVersions({ db });
  const target = versions.find((v) => v.id === input.versionId);
  if (!target) throw new AppError({ code: 'NOT_FOUND', message: `No ${CHALLENGER_MODEL} version ${input.versionId}` });
  if (target.champion) throw new AppError({ code: 'CONFLICT', message: `${CHALLENGER_MODEL} v${target.version} is already promoted` });
  const [context, onnx] = await Promise.all([loadScoreContext({ db }), loadOnnxVersion({ db, versionId: target.id })]);
  const champion = context.onnx ?? context.champion;
  // Every application is re-scored by the promoted model before the transaction (its reason codes take
  // seconds), then the alias, the scores and the audit row commit together.
  const apps = await findApplicationsForScoring({ db, unscoredOnly: false });
  const scores = await scoreApplications({ context: { ...context, onnx }, items: apps.map((a) => ({ applicationId: a.id, attributes: a })) });
  const result = await runAudited(
    {
      db,
      actor,
      app: APP,
      action: 'finance.models.promote',
      target: 'model_version',
      targetId: target.id,
      details: { modelName: CHALLENGER_MODEL, version: target.version, reason: input.reason, previousVersionId: champion.versionId, previousVersion: champion.version, rescored: scores.length },
    },
    async (tx) => {
      const result = await setChampion({ db: tx, modelName: CHALLENGER_MODEL, versionId: target.id });
      await writeScores({ tx, scores });
      return { ...result, rescored: scores.length };
    },
  );
  forgetScoreContext({ db });
  return result;
}

/**
 * Withdraws a promoted challenger so the scorecard serves again: applications are re-scored by the scorecard,
 * then the alias removal, the scores and the audit row commit together.
 * @example await restoreScorecard({ db, actor, input: { versionId: scorecardVersionId, reason } });
 */
export async function restoreScorecard({ db, actor, input }: { db: Db; actor: TSessionUser; input: TPromoteModelInput }) {
  const context = await loadScoreContext({ db });
  if (!context.onnx) throw new AppError({ code: 'CONFLICT', message: `${SCORECARD_MODEL} v${context.champion.version} already serves` });
  if (context.champion.versionId !== input.versionId) throw new AppError({ code: 'NOT_FOUND', message: `${input.versionId} is not the champion ${SCORECARD_MODEL} version` });
  const withdrawn = context.onnx;
  const apps = await findApplicationsForScoring({ db, unscoredOnly: false });
  const scores = await scoreApplications({ context: { ...context, onnx: undefined }, items: apps.map((a) => ({ applicationId: a.id, attributes: a })) });
  const result = await runAudited(
    {
      db,
      actor,
      app: APP,
      action: 'finance.models.promote',
      target: 'model_version',
      targetId: context.champion.versionId,
      details: { modelName: SCORECARD_MODEL, version: context.champion.version, reason: input.reason, previousVersionId: withdrawn.versionId, previousVersion: withdrawn.version, rescored: scores.length },
    },
    async (tx) => {
      await clearChampion({ db: tx, modelName: CHALLENGER_MODEL });
      await writeScores({ tx, scores });
      return { modelName: SCORECARD_MODEL, versionId: context.champion.versionId, version: context.champion.version, rescored: scores.length };
    },
  );
  forgetScoreContext({ db });
  return result;
}
