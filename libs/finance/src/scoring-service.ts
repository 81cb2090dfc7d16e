// Scoring with the serving model: the champion scorecard, or a challenger (MLP with KernelSHAP reason codes,
// gradient-boosted trees with TreeSHAP reason codes) once a risk officer promoted it. Which one serves is
// decided by the shared served-model registry (@platform/model-ops); all run through onnxruntime-node.
// PD, points, grade, expected loss, recommendation, reason codes.
import { changeGeneration, type Db } from '@platform/db';
import { createServedModelRegistry, type TServedModel, type TServedModelAdapter, type TServedVersionInfo } from '@platform/model-ops';
import { getArtifact, getChampion, getChampionVersionId, getModelVersion } from '@platform/registry';
import { GBDT_MODEL, GBDT_MODEL_ARTIFACT, GBDT_ONNX_ARTIFACT, GBDT_PREPROCESSING_ARTIFACT, openGbdtChallenger, scoreWithGbdt } from './challenger/gbdt';
import type { TRawValue } from './scorecard/binning';
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
/** The MLP challenger line; once a risk officer promotes a version, it is what scoring serves. */
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

/** A scorecard version and its ONNX session, loaded once per version (the registry checks artifact hashes). */
export async function loadScorecardVersion({ db, versionId }: { db: Db; versionId: string }): Promise<TChampion> {
  const cached = cache.get(versionId);
  if (cached) return cached;
  const loading = (async (): Promise<TChampion> => {
    const [found, artifact] = await Promise.all([getModelVersion({ db, versionId }), getArtifact({ db, versionId, kind: SCORECARD_ARTIFACT })]);
    const parsed = JSON.parse(Buffer.from(artifact.content).toString('utf8')) as { scorecard: TScorecard; threshold: number };
    const onnx = await openScorecardOnnx({ onnx: await scorecardOnnxBytes({ db, versionId, scorecard: parsed.scorecard }), scorecard: parsed.scorecard });
    return {
      versionId,
      version: found.version,
      scorecard: parsed.scorecard,
      onnx,
      threshold: parsed.threshold,
      metrics: found.metrics,
      card: found.card,
      registeredAt: found.createdAt,
    };
  })();
  cache.set(versionId, loading);
  loading.catch(() => cache.delete(versionId));
  return loading;
}

/** The champion scorecard (per request only its alias is read; the version loads once). */
export async function loadChampion({ db }: { db: Db }): Promise<TChampion> {
  const championId = await getChampionVersionId({ db, modelName: SCORECARD_MODEL });
  if (!championId) throw new AppError({ code: 'PRECONDITION_FAILED', message: 'No champion credit scorecard is registered: run the seed' });
  return loadScorecardVersion({ db, versionId: championId });
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

/** A challenger MLP version ready to serve: ONNX session and preprocessing, loaded (hash-checked) once per version. */
export async function loadOnnxVersion({ db, versionId }: { db: Db; versionId: string }): Promise<TOnnxChampion> {
  const [version, onnx, pre] = await Promise.all([
    getModelVersion({ db, versionId }),
    getArtifact({ db, versionId, kind: CHALLENGER_ONNX_ARTIFACT }),
    getArtifact({ db, versionId, kind: CHALLENGER_PREPROCESSING_ARTIFACT }),
  ]);
  const preprocessing = JSON.parse(Buffer.from(pre.content).toString('utf8')) as TChallengerPreprocessing;
  const model = await openOnnxModel({ onnx: onnx.content, preprocessing });
  return { versionId, version: version.version, model, threshold: model.threshold, metrics: version.metrics, card: version.card, registeredAt: version.createdAt };
}

/** What a credit model gives for one application, whichever line it is: the adapters' common output. */
export interface TCreditScore {
  pd: number;
  /** Unrounded score points (offset + factor · ln(odds good:bad)). */
  score: number;
  basePoints: number;
  contributions: { key: string; value: TRawValue; woe: number | null; points: number }[];
  reasons: { key: string; points: number; text: string }[];
}
export interface TCreditItem {
  attributes: TApplicantAttributes;
}
export type TCreditModel = TServedModel<TCreditItem, TCreditScore>;

const scorecardAdapter: TServedModelAdapter<TCreditItem, TCreditScore> = {
  modelName: SCORECARD_MODEL,
  kind: 'scorecard',
  label: 'WoE logistic scorecard',
  async load({ db, versionId }) {
    const champion = await loadScorecardVersion({ db, versionId });
    return {
      modelName: SCORECARD_MODEL,
      kind: 'scorecard',
      versionId,
      version: champion.version,
      threshold: champion.threshold,
      runtime: SERVING_RUNTIME,
      executionProvider: champion.onnx.session.executionProvider,
      metrics: champion.metrics,
      card: champion.card,
      registeredAt: champion.registeredAt,
      async score(items) {
        const scored = await scoreScorecardWithOnnx({ model: champion.onnx, items });
        return items.map((item, i) => {
          const s = scored[i];
          if (!s) throw new AppError({ code: 'INTERNAL', message: 'the scorecard ONNX model returned fewer rows than it was given' });
          return {
            pd: s.pd,
            score: s.score,
            basePoints: s.basePoints,
            contributions: s.contributions.map((c) => ({ key: c.key, value: c.value, woe: c.woe, points: c.points })),
            reasons: topReasons({ result: s, attributes: item.attributes, k: 5 }).map((r) => ({ key: r.key, points: r.points, text: r.text })),
          };
        });
      },
    };
  },
};

const mlpAdapter: TServedModelAdapter<TCreditItem, TCreditScore> = {
  modelName: CHALLENGER_MODEL,
  kind: 'mlp',
  label: 'MLP challenger',
  async load({ db, versionId }) {
    const loaded = await loadOnnxVersion({ db, versionId });
    return {
      modelName: CHALLENGER_MODEL,
      kind: 'mlp',
      versionId,
      version: loaded.version,
      threshold: loaded.threshold,
      runtime: SERVING_RUNTIME,
      executionProvider: loaded.model.session.executionProvider,
      metrics: loaded.metrics,
      card: loaded.card,
      registeredAt: loaded.registeredAt,
      async score(items) {
        const scored = await scoreWithOnnx({ model: loaded.model, items });
        return scored.map((s) => ({ ...s, contributions: s.contributions.map((c) => ({ ...c, woe: null })) }));
      },
    };
  },
};

const gbdtAdapter: TServedModelAdapter<TCreditItem, TCreditScore> = {
  modelName: GBDT_MODEL,
  kind: 'gbdt',
  label: 'Gradient-boosted trees challenger',
  async load({ db, versionId }) {
    const [version, onnx, model, pre] = await Promise.all([
      getModelVersion({ db, versionId }),
      getArtifact({ db, versionId, kind: GBDT_ONNX_ARTIFACT }),
      getArtifact({ db, versionId, kind: GBDT_MODEL_ARTIFACT }),
      getArtifact({ db, versionId, kind: GBDT_PREPROCESSING_ARTIFACT }),
    ]);
    const served = await openGbdtChallenger({ onnx: onnx.content, model: model.content, preprocessing: pre.content });
    return {
      modelName: GBDT_MODEL,
      kind: 'gbdt',
      versionId,
      version: version.version,
      threshold: served.preprocessing.threshold,
      runtime: SERVING_RUNTIME,
      executionProvider: served.session.executionProvider,
      metrics: version.metrics,
      card: version.card,
      registeredAt: version.createdAt,
      score: (items) => scoreWithGbdt({ model: served, items }),
    };
  },
};

/**
 * The credit model lines: the scorecard is the baseline (always registered by the seed); the MLP and the
 * gradient-boosted trees are challengers a risk officer may promote, one at a time.
 */
export const creditModels = createServedModelRegistry({ baseline: scorecardAdapter, challengers: [mlpAdapter, gbdtAdapter] });

export interface TScoreContext {
  /** What scores applications now: the scorecard, or the promoted challenger. */
  serving: TCreditModel;
  /** The scorecard champion (always registered: the seed's model), with its bins for monitoring. */
  champion: TChampion;
  /** The promoted challenger's line and version, when one serves instead of the scorecard. */
  promoted: { modelName: string; versionId: string } | null;
  bands: readonly { grade: string; maxPd: number }[];
  lgd: number;
}

/** The version that scores applications, its decline threshold, and the runtime and execution provider serving it. */
export function servingModel({ context }: { context: TScoreContext }): TServedVersionInfo {
  const { score: _score, ...info } = context.serving;
  return info;
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
  const [state, champion, bands, setting] = await Promise.all([creditModels.resolveServing({ db }), loadChampion({ db }), findGradeBands({ db }), findRiskSetting({ db })]);
  return { serving: state.serving, champion, promoted: state.promoted, bands: bands.length > 0 ? bands : DEFAULT_GRADE_BANDS, lgd: setting?.lgd ?? DEFAULT_LGD };
}

/**
 * Scores applications with whichever model serves (the scorecard, or a promoted challenger), through
 * onnxruntime-node. `model` overrides it (the model switch re-scores with the model about to serve).
 * @example const rows = await scoreApplications({ context, items: [{ applicationId, attributes }] });
 */
export async function scoreApplications({ context, items, model = context.serving }: { context: TScoreContext; items: readonly { applicationId: string; attributes: TApplicantAttributes }[]; model?: TCreditModel }): Promise<TScoreRow[]> {
  const scored = await model.score(items);
  return items.map((item, i) => {
    const s = scored[i];
    if (!s) throw new AppError({ code: 'INTERNAL', message: `${model.modelName} returned fewer scores than it was given rows` });
    const recommendation: TDecisionOutcome = s.pd >= model.threshold ? 'decline' : 'approve';
    return {
      applicationId: item.applicationId,
      modelVersionId: model.versionId,
      pd: s.pd,
      points: Math.round(s.score),
      grade: gradeFor({ pd: s.pd, bands: context.bands }),
      lgd: context.lgd,
      exposure: item.attributes.amount,
      expectedLoss: s.pd * context.lgd * item.attributes.amount,
      recommendation,
      basePoints: s.basePoints,
      contributions: s.contributions,
      reasonCodes: s.reasons,
    };
  });
}
