// Champion/challenger: the registered CV figures of the serving scorecard beside the newest version of each
// challenger line (MLP, gradient-boosted trees),
// and the risk officer's audited switch of the serving model (a background job re-scores the book).
import { runAudited, writeAudit } from '@platform/audit';
import type { TSessionUser } from '@platform/auth';
import type { Db } from '@platform/db';
import { compareVersions, listModelVersions } from '@platform/registry';
import { AppError } from '@platform/util';
import type { TPromoteModelInput } from './schemas';
import { countApplications, findApplicationsForScoring, writeScores, type TScoreRow, type TTx } from './application-repository';
import type { TServingSwitchAction, TServingSwitchPlan } from '@platform/model-ops';
import { creditModels, forgetScoreContext, loadChampion, loadScoreContext, SCORECARD_MODEL, scoreApplications } from './scoring-service';

const APP = 'risk';
/** The CV metrics the comparison shows, in display order. */
export const COMPARED_METRICS = ['roc_auc', 'roc_auc_ci_lower', 'roc_auc_ci_upper', 'brier', 'ks', 'threshold_pd', 'expected_cost_per_applicant'] as const;
type TComparedMetric = (typeof COMPARED_METRICS)[number];

async function versionsOf({ db, modelName }: { db: Db; modelName: string }) {
  try {
    return await listModelVersions({ db, modelName });
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return [];
    throw error;
  }
}

/**
 * The serving champion and the newest version of every challenger line side by side, from the registry's metrics.
 * @example const { champion, challengers } = await compareChampionChallenger({ db });
 */
export async function compareChampionChallenger({ db }: { db: Db }) {
  const [champion, lines] = await Promise.all([
    loadChampion({ db }),
    Promise.all(creditModels.challengers.map(async (adapter) => ({ adapter, versions: await versionsOf({ db, modelName: adapter.modelName }) }))),
  ]);
  const pick = (rows: { name: string; split: string; value: number | null }[]) =>
    Object.fromEntries(COMPARED_METRICS.map((name) => [name, rows.find((r) => r.name === name && r.split === 'cv')?.value ?? null])) as Record<TComparedMetric, number | null>;
  const promotedLine = lines.find((l) => l.versions.some((v) => v.champion));
  const promoted = promotedLine?.versions.find((v) => v.champion);
  const championRow = { modelName: SCORECARD_MODEL, kind: creditModels.baseline.kind, label: creditModels.baseline.label, versionId: champion.versionId, version: champion.version, backend: null as string | null, serving: !promoted, promoted: true, metrics: pick(champion.metrics) };
  const challengers = await Promise.all(
    lines.flatMap(({ adapter, versions }) => {
      const newest = versions[0];
      if (!newest) return [];
      return [
        compareVersions({ db, a: champion.versionId, b: newest.id }).then(({ rows }) => ({
          modelName: adapter.modelName,
          kind: adapter.kind,
          label: adapter.label,
          versionId: newest.id,
          version: newest.version,
          backend: newest.backend as string | null,
          serving: newest.champion,
          promoted: newest.champion,
          metrics: pick(rows.map((r) => ({ name: r.name, split: r.split, value: r.b }))),
        })),
      ];
    }),
  );
  return {
    champion: championRow,
    challengers,
    promotedChallenger: promoted && promotedLine ? { modelName: promotedLine.adapter.modelName, label: promotedLine.adapter.label, versionId: promoted.id, version: promoted.version } : null,
  };
}

/** Which way the serving model switches: promote a challenger version, or restore the scorecard. */
export type TModelSwitchAction = TServingSwitchAction;
export type TModelSwitchPlan = TServingSwitchPlan;

/** What a switch would do, or the domain error saying why it cannot (the shared registry decides). */
export async function planModelSwitch({ db, action, versionId }: { db: Db; action: TModelSwitchAction; versionId: string }): Promise<TModelSwitchPlan> {
  return creditModels.planSwitch({ db, action, versionId });
}

/** Queues a job: the caller's way of recording a job run (the router passes pg-boss; tests may run it in-process). */
export type TQueueModelSwitch = (request: { title: string; payload: TModelSwitchPayload }) => Promise<{ id: string }>;

export interface TModelSwitchPayload {
  action: TModelSwitchAction;
  versionId: string;
  reason: string;
  actor: TSessionUser;
}

/**
 * Asks for a switch of the serving model. Re-scoring every application takes minutes for a large book with the
 * challengers' Shapley reason codes, so a background job does it with a progress bar; the alias, the new scores and
 * the audit row of the switch then commit together, or nothing changes. The request itself is audited here.
 * @example const { jobId } = await requestModelSwitch({ db, actor, input, action: 'promote', queue });
 */
export async function requestModelSwitch({ db, actor, input, action, queue }: { db: Db; actor: TSessionUser; input: TPromoteModelInput; action: TModelSwitchAction; queue: TQueueModelSwitch }) {
  const plan = await planModelSwitch({ db, action, versionId: input.versionId });
  const applications = await countApplications({ db });
  const job = await queue({
    title: `${action === 'promote' ? 'Promote' : 'Restore'} ${plan.modelName} v${plan.version}: re-score ${applications} applications`,
    payload: { action, versionId: plan.versionId, reason: input.reason, actor },
  });
  await runAudited(
    { db, actor, app: APP, action: 'finance.models.promote.request', target: 'job', targetId: job.id, details: { modelName: plan.modelName, version: plan.version, reason: input.reason, applications } },
    async () => undefined,
  );
  return { jobId: job.id, modelName: plan.modelName, versionId: plan.versionId, version: plan.version };
}

const CHUNK = 200;

/**
 * The job's work: re-score every application with the model that will serve (progress as it goes), then a
 * commit that re-checks nobody switched the model meanwhile and writes the alias, the scores and the audit row.
 */
export async function runModelSwitch({ db, payload, progress }: { db: Db; payload: TModelSwitchPayload; progress: (fraction: number, message?: string) => Promise<void> }) {
  const plan = await planModelSwitch({ db, action: payload.action, versionId: payload.versionId });
  const context = await loadScoreContext({ db });
  const model = await creditModels.loadVersion({ db, modelName: plan.modelName, versionId: plan.versionId });
  const scores: TScoreRow[] = [];
  const seen = new Set<string>();
  const scoreAll = async (apps: Awaited<ReturnType<typeof findApplicationsForScoring>>, total: number) => {
    for (let start = 0; start < apps.length; start += CHUNK) {
      const items = apps.slice(start, start + CHUNK).map((a) => ({ applicationId: a.id, attributes: a }));
      scores.push(...(await scoreApplications({ context, items, model })));
      for (const item of items) seen.add(item.applicationId);
      await progress((0.95 * scores.length) / Math.max(1, total), `Re-scored ${scores.length} of ${total} applications with ${plan.modelName} v${plan.version}`);
    }
  };
  const apps = await findApplicationsForScoring({ db, unscoredOnly: false });
  await scoreAll(apps, apps.length);
  // Applications entered while the job ran were scored by the old model: one catch-up pass before committing.
  const late = (await findApplicationsForScoring({ db, unscoredOnly: false })).filter((a) => !seen.has(a.id));
  if (late.length > 0) await scoreAll(late, apps.length + late.length);
  await progress(0.97, `Saving ${scores.length} scores`);
  const result = { modelName: plan.modelName, versionId: plan.versionId, version: plan.version, previousVersionId: plan.from.versionId, rescored: scores.length };
  return {
    result,
    // Other processes hear of the new alias through NOTIFY; this one forgets its cached context at once.
    afterCommit: () => forgetScoreContext({ db }),
    commit: async (tx: TTx) => {
      await creditModels.commitSwitch({ tx, plan });
      await writeScores({ tx, scores });
      await writeAudit({
        db: tx,
        entry: {
          actor: payload.actor,
          app: APP,
          action: 'finance.models.promote',
          target: 'model_version',
          targetId: plan.versionId,
          outcome: 'success',
          details: { modelName: plan.modelName, version: plan.version, reason: payload.reason, previousVersionId: plan.from.versionId, previousVersion: plan.from.version, rescored: scores.length },
        },
      });
    },
  };
}

/** Promotes a challenger version of any line (queued; see requestModelSwitch). */
export async function promoteChallenger({ db, actor, input, queue }: { db: Db; actor: TSessionUser; input: TPromoteModelInput; queue: TQueueModelSwitch }) {
  return requestModelSwitch({ db, actor, input, action: 'promote', queue });
}

/** Withdraws a promoted challenger so the scorecard serves again (queued; see requestModelSwitch). */
export async function restoreScorecard({ db, actor, input, queue }: { db: Db; actor: TSessionUser; input: TPromoteModelInput; queue: TQueueModelSwitch }) {
  return requestModelSwitch({ db, actor, input, action: 'restore', queue });
}
