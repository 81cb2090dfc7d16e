// Grade bands and LGD: a risk officer edits them; every application is re-graded with the new settings
// in the same audited transaction, so grades and expected losses never mix old and new settings.
import { runAudited } from '@platform/audit';
import type { TSessionUser } from '@platform/auth';
import type { Db } from '@platform/db';
import { findGradeBands, findRiskSetting, regradeLatestScores, upsertGradeBands, upsertRiskSetting } from './application-repository';
import type { TRiskSettingsInput } from './schemas';
import { DEFAULT_GRADE_BANDS, DEFAULT_LGD, forgetScoreContext } from './scoring-service';

export async function getRiskSettings({ db }: { db: Db }) {
  const [bands, setting] = await Promise.all([findGradeBands({ db }), findRiskSetting({ db })]);
  return { lgd: setting?.lgd ?? DEFAULT_LGD, bands: bands.length > 0 ? bands.map((b) => ({ grade: b.grade, maxPd: b.maxPd, description: b.description })) : [...DEFAULT_GRADE_BANDS] };
}

export async function updateRiskSettings({ db, actor, input }: { db: Db; actor: TSessionUser; input: TRiskSettingsInput }) {
  const before = await getRiskSettings({ db });
  // Grades and expected losses depend only on the stored PD, the bands and the LGD: no model runs, and one
  // statement re-grades the whole book inside the audited transaction.
  const result = await runAudited(
    { db, actor, app: 'risk', action: 'finance.settings.update', target: 'finance.settings', details: { before, after: input } },
    async (tx) => {
      await upsertGradeBands({ db: tx, bands: input.bands, updatedById: actor.id });
      await upsertRiskSetting({ db: tx, lgd: input.lgd, updatedById: actor.id });
      return { regraded: await regradeLatestScores({ tx, bands: input.bands, lgd: input.lgd }) };
    },
  );
  forgetScoreContext({ db });
  return result;
}
