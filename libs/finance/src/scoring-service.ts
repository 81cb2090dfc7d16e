// Scoring with the champion scorecard: PD, points, grade, expected loss, recommendation, reason codes.
import type { Db } from '@platform/db';
import { AppError } from '@platform/util';
import type { TApplicantAttributes, TDecisionOutcome } from './codebook';
import { findGradeBands, findRiskSetting, type TScoreRow } from './application-repository';
import { findChampionArtifact, findChampionVersionId } from './model-repository';
import { gradeFor, scoreWithScorecard, topReasons, type TScorecard } from './scorecard/scorecard';

export const SCORECARD_MODEL = 'credit-scorecard';
export const SCORECARD_ARTIFACT = 'scorecard.json';
export const DEFAULT_LGD = 0.45;
export const DEFAULT_GRADE_BANDS = [
  { grade: 'A', maxPd: 0.08, description: 'Very low risk' },
  { grade: 'B', maxPd: 0.15, description: 'Low risk' },
  { grade: 'C', maxPd: 0.25, description: 'Moderate risk' },
  { grade: 'D', maxPd: 0.4, description: 'High risk' },
  { grade: 'E', maxPd: 1, description: 'Very high risk' },
] as const;

export interface TChampion {
  versionId: string;
  version: number;
  scorecard: TScorecard;
  /** PD at or above which the model recommends declining (cost-optimal on out-of-fold PDs). */
  threshold: number;
  /** The registered metrics (5-fold CV AUC and its interval, KS, Gini…). */
  metrics: { name: string; value: number; split: string }[];
  card: unknown;
  registeredAt: Date;
}

const cache = new Map<string, TChampion>();

/** The champion scorecard, parsed once per version. */
export async function loadChampion({ db }: { db: Db }): Promise<TChampion> {
  const versionId = await findChampionVersionId({ db, modelName: SCORECARD_MODEL });
  const cached = versionId ? cache.get(versionId) : undefined;
  if (cached) return cached;
  const found = await findChampionArtifact({ db, modelName: SCORECARD_MODEL, kind: SCORECARD_ARTIFACT });
  if (!found) throw new AppError({ code: 'PRECONDITION_FAILED', message: 'No champion credit scorecard is registered: run the seed' });
  const hit = cache.get(found.versionId);
  if (hit) return hit;
  const parsed = JSON.parse(found.content) as { scorecard: TScorecard; threshold: number };
  const champion = { versionId: found.versionId, version: found.version, scorecard: parsed.scorecard, threshold: parsed.threshold, metrics: found.metrics, card: found.card, registeredAt: found.createdAt };
  cache.set(found.versionId, champion);
  return champion;
}

export interface TScoreContext {
  champion: TChampion;
  bands: readonly { grade: string; maxPd: number }[];
  lgd: number;
}

export async function loadScoreContext({ db }: { db: Db }): Promise<TScoreContext> {
  const [champion, bands, setting] = await Promise.all([loadChampion({ db }), findGradeBands({ db }), findRiskSetting({ db })]);
  return { champion, bands: bands.length > 0 ? bands : DEFAULT_GRADE_BANDS, lgd: setting?.lgd ?? DEFAULT_LGD };
}

/** Everything the review screen shows for one application, computed from the champion (pure). */
export function computeScore({ context, applicationId, attributes }: { context: TScoreContext; applicationId: string; attributes: TApplicantAttributes }): TScoreRow {
  const result = scoreWithScorecard({ scorecard: context.champion.scorecard, attributes });
  const recommendation: TDecisionOutcome = result.pd >= context.champion.threshold ? 'decline' : 'approve';
  return {
    applicationId,
    modelVersionId: context.champion.versionId,
    pd: result.pd,
    points: Math.round(result.score),
    grade: gradeFor({ pd: result.pd, bands: context.bands }),
    lgd: context.lgd,
    exposure: attributes.amount,
    expectedLoss: result.pd * context.lgd * attributes.amount,
    recommendation,
    basePoints: result.basePoints,
    contributions: result.contributions.map((c) => ({ key: c.key, value: c.value, woe: c.woe, points: c.points })),
    reasonCodes: topReasons({ result, attributes, k: 5 }).map((r) => ({ key: r.key, points: r.points, text: r.text })),
  };
}
