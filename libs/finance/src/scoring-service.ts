// Scoring with the serving model: the champion scorecard, or the challenger MLP once a risk officer promoted it
// (ONNX, Shapley reason codes). PD, points, grade, expected loss, recommendation, reason codes.
import type { Db } from '@platform/db';
import { getArtifact, getChampion, getChampionVersionId, getModelVersion } from '@platform/registry';
import { openOnnxModel, scoreWithOnnx, type TOnnxModel } from './challenger/serving';
import type { TChallengerPreprocessing } from './challenger/training';
import { AppError } from '@platform/util';
import type { TApplicantAttributes, TDecisionOutcome } from './codebook';
import { findGradeBands, findRiskSetting, type TScoreRow } from './application-repository';
import { gradeFor, scoreWithScorecard, topReasons, type TScorecard } from './scorecard/scorecard';

export const SCORECARD_MODEL = 'credit-scorecard';
export const SCORECARD_ARTIFACT = 'scorecard.json';
/** The challenger line (MLP versions); once a risk officer promotes one, it is what scoring serves. */
export const CHALLENGER_MODEL = 'credit-mlp';
export const CHALLENGER_ONNX_ARTIFACT = 'onnx';
export const CHALLENGER_PREPROCESSING_ARTIFACT = 'preprocessing';
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
  metrics: { name: string; value: number; slice: string; split: string }[];
  /** The registry's model card (`TModelCard` of @platform/registry), as stored. */
  card: unknown;
  registeredAt: Date;
}

const cache = new Map<string, TChampion>();

/** The served model's champion version, or null when none is registered yet (NOT_FOUND from the registry). */
export async function findChampion({ db, modelName }: { db: Db; modelName: string }) {
  try {
    return await getChampion({ db, modelName });
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/** The champion scorecard, parsed once per version (the registry checks the artifact's hash on load). */
export async function loadChampion({ db }: { db: Db }): Promise<TChampion> {
  // Per request only the alias is read; the version's metrics, card and artifact load once per version.
  const championId = await getChampionVersionId({ db, modelName: SCORECARD_MODEL });
  const cached = championId ? cache.get(championId) : undefined;
  if (cached) return cached;
  const found = await findChampion({ db, modelName: SCORECARD_MODEL });
  if (!found) throw new AppError({ code: 'PRECONDITION_FAILED', message: 'No champion credit scorecard is registered: run the seed' });
  const artifact = await getArtifact({ db, versionId: found.id, kind: SCORECARD_ARTIFACT });
  const parsed = JSON.parse(Buffer.from(artifact.content).toString('utf8')) as { scorecard: TScorecard; threshold: number };
  const champion: TChampion = {
    versionId: found.id,
    version: found.version,
    scorecard: parsed.scorecard,
    threshold: parsed.threshold,
    metrics: found.metrics,
    card: found.card,
    registeredAt: found.createdAt,
  };
  cache.set(found.id, champion);
  return champion;
}

export interface TOnnxChampion {
  versionId: string;
  version: number;
  model: TOnnxModel;
  threshold: number;
  metrics: { name: string; value: number; slice: string; split: string }[];
  card: unknown;
  registeredAt: Date;
}

const onnxCache = new Map<string, Promise<TOnnxChampion>>();

/** A challenger version ready to serve: ONNX session and preprocessing, loaded (hash-checked) once per version. */
export async function loadOnnxVersion({ db, versionId }: { db: Db; versionId: string }): Promise<TOnnxChampion> {
  const hit = onnxCache.get(versionId);
  if (hit) return hit;
  const loading = (async () => {
    const [version, onnx, pre] = await Promise.all([
      getModelVersion({ db, versionId }),
      getArtifact({ db, versionId, kind: CHALLENGER_ONNX_ARTIFACT }),
      getArtifact({ db, versionId, kind: CHALLENGER_PREPROCESSING_ARTIFACT }),
    ]);
    const preprocessing = JSON.parse(Buffer.from(pre.content).toString('utf8')) as TChallengerPreprocessing;
    const model = await openOnnxModel({ onnx: onnx.content, preprocessing });
    return { versionId, version: version.version, model, threshold: model.threshold, metrics: version.metrics, card: version.card, registeredAt: version.createdAt };
  })();
  onnxCache.set(versionId, loading);
  loading.catch(() => onnxCache.delete(versionId));
  return loading;
}

export interface TScoreContext {
  /** The scorecard champion (always registered: the seed's model). */
  champion: TChampion;
  /** The promoted challenger, when there is one: it serves instead of the scorecard. */
  onnx?: TOnnxChampion;
  bands: readonly { grade: string; maxPd: number }[];
  lgd: number;
}

/** The version that scores applications and its decline threshold. */
export function servingModel({ context }: { context: TScoreContext }) {
  const served = context.onnx ?? context.champion;
  return { versionId: served.versionId, version: served.version, threshold: served.threshold, kind: context.onnx ? ('onnx-mlp' as const) : ('scorecard' as const), metrics: served.metrics, card: served.card, registeredAt: served.registeredAt };
}

export async function loadScoreContext({ db }: { db: Db }): Promise<TScoreContext> {
  const [champion, promotedId, bands, setting] = await Promise.all([
    loadChampion({ db }),
    getChampionVersionId({ db, modelName: CHALLENGER_MODEL }),
    findGradeBands({ db }),
    findRiskSetting({ db }),
  ]);
  const onnx = promotedId ? await loadOnnxVersion({ db, versionId: promotedId }) : undefined;
  return { champion, onnx, bands: bands.length > 0 ? bands : DEFAULT_GRADE_BANDS, lgd: setting?.lgd ?? DEFAULT_LGD };
}

/**
 * Scores applications with whichever model serves (the scorecard, or the promoted ONNX MLP).
 * @example const rows = await scoreApplications({ context, items: [{ applicationId, attributes }] });
 */
export async function scoreApplications({ context, items }: { context: TScoreContext; items: readonly { applicationId: string; attributes: TApplicantAttributes }[] }): Promise<TScoreRow[]> {
  const { onnx } = context;
  if (!onnx) return items.map((item) => computeScore({ context, ...item }));
  const scored = await scoreWithOnnx({ model: onnx.model, items });
  return scored.map((s, i) => {
    const item = items[i];
    if (!item) throw new AppError({ code: 'INTERNAL', message: 'scoreWithOnnx returned more rows than it was given' });
    return {
      applicationId: item.applicationId,
      modelVersionId: onnx.versionId,
      pd: s.pd,
      points: Math.round(s.score),
      grade: gradeFor({ pd: s.pd, bands: context.bands }),
      lgd: context.lgd,
      exposure: item.attributes.amount,
      expectedLoss: s.pd * context.lgd * item.attributes.amount,
      recommendation: s.pd >= onnx.threshold ? 'decline' : 'approve',
      basePoints: s.basePoints,
      contributions: s.contributions.map((c) => ({ key: c.key, value: c.value, woe: null, points: c.points })),
      reasonCodes: s.reasons.map((r) => ({ key: r.key, points: r.points, text: r.text })),
    };
  });
}

/** Everything the review screen shows for one application, computed from the champion scorecard (pure). */
export function computeScore({ context, applicationId, attributes }: { context: TScoreContext; applicationId: string; attributes: TApplicantAttributes }): TScoreRow {
  if (context.onnx) throw new AppError({ code: 'PRECONDITION_FAILED', message: 'A promoted ONNX model serves: score with scoreApplications' });
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
