// Grade bands and LGD: a risk officer edits them; every application is re-scored with the new settings
// in the same audited transaction, so grades and expected losses never mix old and new settings.
import { runAudited } from '@platform/api';
import type { TSessionUser } from '@platform/auth';
import type { Db } from '@platform/db';
import { findApplicationsForScoring, findGradeBands, findRiskSetting, upsertGradeBands, upsertRiskSetting, writeScores } from './application-repository';
import type { TRiskSettingsInput } from './schemas';
import { DEFAULT_GRADE_BANDS, DEFAULT_LGD, forgetScoreContext, loadScoreContext, scoreApplications } from './scoring-service';

export async function getRiskSettings({ db }: { db: Db }) {
  const [bands, setting] = await Promise.all([findGradeBands({ db }), findRiskSetting({ db })]);
  return { lgd: setting?.lgd ?? DEFAULT_LGD, bands: bands.length > 0 ? bands.map((b) => ({ grade: b.grade, maxPd: b.maxPd, description: b.description })) : [...DEFAULT_GRADE_BANDS] };
}

export async function updateRiskSettings({ db, actor, input }: { db: Db; actor: TSessionUser; input: TRiskSettingsInput }) {
  const served = await loadScoreContext({ db });
  const before = await getRiskSettings({ db });
  // Scored before the transaction: an ONNX champion's reason codes take seconds for every application,
  // longer than an interactive transaction may stay open.
  const apps = await findApplicationsForScoring({ db, unscoredOnly: false });
  const scores = await scoreApplications({ context: { ...served, bands: input.bands, lgd: input.lgd }, items: apps.map((a) => ({ applicationId: a.id, attributes: a })) });
  const result = await runAudited(
    { db, actor, app: 'risk', action: 'finance.settings.update', target: 'finance.settings', details: { before, after: input } },
    async (tx) => {
      await upsertGradeBands({ db: tx, bands: input.bands, updatedById: actor.id });
      await upsertRiskSetting({ db: tx, lgd: input.lgd, updatedById: actor.id });
      await writeScores({ tx, scores });
      return { rescored: scores.length };
    },
  );
  forgetScoreContext({ db });
  return result;
}
