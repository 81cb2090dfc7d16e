// Scoring with the serving model: the champion scorecard, or the challenger MLP once a risk officer promoted it
// (Shapley reason codes). Both run through onnxruntime-node. PD, points, grade, expected loss,
// recommendation, reason codes.
import { changeGeneration, type Db } from '@platform/db';
import { getArtifact, getChampion, getChampionVersionId, getModelVersion } from '@platform/registry';
import { openOnnxModel, scoreWithOnnx, type TOnnxModel } from './challenger/serving';
import type { TChallengerPreprocessing } from './challenger/training';
import { AppError } from '@platform/util';
import type { TApplicantAttributes, TDecisionOutcome } from './codebook';
import { findGradeBands, findRiskSetting, type TScoreRow } from './application-repository';
import { gradeFor, topReasons, type TScorecard } from './scorecard/scorecard';
import { exportScorecardToOnnx, openScorecardOnnx, scoreScorecardWithOnnx, type TScorecardOnnx } from './scorecard/onnx';
import { createLogger } from '@platform/util';

export const SCORECARD_MODEL = 'credit-scorecard';
export const SCORECARD_ARTIFACT = 'scorecard.json';
/** The same scorecard as an ONNX graph: what onnxruntime-node serves. */
export const SCORECARD_ONNX_ARTIFACT = 'scorecard.onnx';
/** What runs the models, reported with every serving model. */
export const SERVING_RUNTIME = 'onnxruntime-node';
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
  /** The scorecard's ONNX session: every score comes from it. */
  onnx: TScorecardOnnx;
  /** PD at or above which the model recommends declining (cost-optimal on out-of-fold PDs). */
  threshold: number;
  /** The registered metrics (5-fold CV AUC and its interval, KS, Gini…). */
  metrics: { name: string; value: number; slice: string; split: string }[];
  /** The registry's model card (`TModelCard` of @platform/registry), as stored. */
  card: unknown;
  registeredAt: Date;
}

const cache = new Map<string, Promise<TChampion>>();
const log = createLogger({ base: { lib: 'finance', service: 'scoring' } });

/** The served model's champion version, or null when none is registered yet (NOT_FOUND from the registry). */
export async function findChampion({ db, modelName }: { db: Db; modelName: string }) {
  try {
    return await getChampion({ db, modelName });
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/** The scorecard's registered ONNX artifact; versions registered before it existed get it exported from their JSON. */
async function scorecardOnnxBytes({ db, versionId, scorecard }: { db: Db; versionId: string; scorecard: TScorecard }): Promise<Uint8Array> {
  try {
    return (await getArtifact({ db, versionId, kind: SCORECARD_ONNX_ARTIFACT })).content;
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
    log.warn('scorecard version has no ONNX artifact: exporting it from the registered scorecard JSON', { versionId });
    return exportScorecardToOnnx({ scorecard });
  }
}

/** The champion scorecard and its ONNX session, loaded once per version (the registry checks artifact hashes). */
export async function loadChampion({ db }: { db: Db }): Promise<TChampion> {
  // Per request only the alias is read; the version's metrics, card, artifacts and session load once per version.
  const championId = await getChampionVersionId({ db, modelName: SCORECARD_MODEL });
  const cached = championId ? cache.get(championId) : undefined;
  if (cached) return cached;
  const found = await findChampion({ db, modelName: SCORECARD_MODEL });
  if (!found) throw new AppError({ code: 'PRECONDITION_FAILED', message: 'No champion credit scorecard is registered: run the seed' });
  const loading = (async (): Promise<TChampion> => {
    const artifact = await getArtifact({ db, versionId: found.id, kind: SCORECARD_ARTIFACT });
    const parsed = JSON.parse(Buffer.from(artifact.content).toString('utf8')) as { scorecard: TScorecard; threshold: number };
    const onnx = await openScorecardOnnx({ onnx: await scorecardOnnxBytes({ db, versionId: found.id, scorecard: parsed.scorecard }), scorecard: parsed.scorecard });
    return {
      versionId: found.id,
      version: found.version,
      scorecard: parsed.scorecard,
      onnx,
      threshold: parsed.threshold,
      metrics: found.metrics,
      card: found.card,
      registeredAt: found.createdAt,
    };
  })();
  cache.set(found.id, loading);
  loading.catch(() => cache.delete(found.id));
  return loading;
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

/** The version that scores applications, its decline threshold, and the runtime and execution provider serving it. */
export function servingModel({ context }: { context: TScoreContext }) {
  const served = context.onnx ?? context.champion;
  const session = context.onnx ? context.onnx.model.session : context.champion.onnx.session;
  return {
    versionId: served.versionId,
    version: served.version,
    modelName: context.onnx ? CHALLENGER_MODEL : SCORECARD_MODEL,
    threshold: served.threshold,
    kind: context.onnx ? ('onnx-mlp' as const) : ('scorecard' as const),
    runtime: SERVING_RUNTIME,
    executionProvider: session.executionProvider,
    metrics: served.metrics,
    card: served.card,
    registeredAt: served.registeredAt,
  };
}

/** Notified (by database triggers) whenever a champion alias, a grade band or the LGD changes. */
export const SCORING_STATE_CHANNEL = 'platform_scoring_state';
const contexts = new WeakMap<Db, { generation: number; context: TScoreContext }>();

/**
 * What scoring needs — champion, promoted challenger, grade bands, LGD — cached per process until the
 * database says one of them changed (LISTEN/NOTIFY; read through whenever the listener is not connected).
 * A scoring request then costs no query at all.
 */
export async function loadScoreContext({ db }: { db: Db }): Promise<TScoreContext> {
  // Read before loading: a change committed while loading moves the generation on, so the entry is not reused.
  const generation = changeGeneration({ db, channel: SCORING_STATE_CHANNEL });
  const hit = contexts.get(db);
  if (generation !== null && hit?.generation === generation) return hit.context;
  const context = await readScoreContext({ db });
  if (generation !== null) contexts.set(db, { generation, context });
  return context;
}

/**
 * Drops this process's cached context: writers call it after their commit so their own next request does not
 * wait for the notification to come back round.
 */
export function forgetScoreContext({ db }: { db: Db }): void {
  contexts.delete(db);
}

async function readScoreContext({ db }: { db: Db }): Promise<TScoreContext> {
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
 * Scores applications with whichever model serves (the scorecard, or the promoted MLP), through onnxruntime-node.
 * @example const rows = await scoreApplications({ context, items: [{ applicationId, attributes }] });
 */
export async function scoreApplications({ context, items }: { context: TScoreContext; items: readonly { applicationId: string; attributes: TApplicantAttributes }[] }): Promise<TScoreRow[]> {
  const { onnx } = context;
  const row = ({ item, pd, score, basePoints, threshold, versionId }: { item: (typeof items)[number]; pd: number; score: number; basePoints: number; threshold: number; versionId: string }) => {
    const recommendation: TDecisionOutcome = pd >= threshold ? 'decline' : 'approve';
    return {
      applicationId: item.applicationId,
      modelVersionId: versionId,
      pd,
      points: Math.round(score),
      grade: gradeFor({ pd, bands: context.bands }),
      lgd: context.lgd,
      exposure: item.attributes.amount,
      expectedLoss: pd * context.lgd * item.attributes.amount,
      recommendation,
      basePoints,
    };
  };
  if (onnx) {
    const scored = await scoreWithOnnx({ model: onnx.model, items });
    return items.map((item, i) => {
      const s = scored[i];
      if (!s) throw new AppError({ code: 'INTERNAL', message: 'scoreWithOnnx returned fewer rows than it was given' });
      return {
        ...row({ item, pd: s.pd, score: s.score, basePoints: s.basePoints, threshold: onnx.threshold, versionId: onnx.versionId }),
        contributions: s.contributions.map((c) => ({ key: c.key, value: c.value, woe: null, points: c.points })),
        reasonCodes: s.reasons.map((r) => ({ key: r.key, points: r.points, text: r.text })),
      };
    });
  }
  const { champion } = context;
  const scored = await scoreScorecardWithOnnx({ model: champion.onnx, items });
  return items.map((item, i) => {
    const s = scored[i];
    if (!s) throw new AppError({ code: 'INTERNAL', message: 'the scorecard ONNX model returned fewer rows than it was given' });
    return {
      ...row({ item, pd: s.pd, score: s.score, basePoints: s.basePoints, threshold: champion.threshold, versionId: champion.versionId }),
      contributions: s.contributions.map((c) => ({ key: c.key, value: c.value, woe: c.woe, points: c.points })),
      reasonCodes: topReasons({ result: s, attributes: item.attributes, k: 5 }).map((r) => ({ key: r.key, points: r.points, text: r.text })),
    };
  });
}
