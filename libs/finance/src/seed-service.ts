// Finance seed: German Credit → decoded applications, the champion scorecard (5-fold CV, cost-optimal
// threshold, model card), the challengers — MLP and gradient-boosted trees (5-fold CV, Platt, ONNX, model card;
// not champion) — and a score for every application. Idempotent: a second run changes nothing. Every model goes
// through @platform/registry.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir as defaultDataDir, type Db } from '@platform/db';
import { AppError } from '@platform/util';
import type { TModelCardInput } from '@platform/registry';
import { decodeGermanRow, type TApplicantAttributes } from './codebook';
import { countApplications, findApplicationsForScoring, findGradeBands, findRiskSetting, insertApplications, saveScores, upsertGradeBands, upsertRiskSetting } from './application-repository';
import { finishTrainingRun, listModelVersions, registerModelVersion, startTrainingRun } from '@platform/registry';
import { CHALLENGER_SPEC, CHALLENGER_TRAINING, trainChallengerWithCv } from './challenger/training';
import { CHALLENGER_INPUTS } from './challenger/features';
import { GBDT_MODEL, GBDT_MONOTONE, GBDT_PARAMS, gbdtArtifacts, trainGbdtChallengerWithCv } from './challenger/gbdt';
import {
  CHALLENGER_MODEL,
  CHALLENGER_ONNX_ARTIFACT,
  CHALLENGER_PREPROCESSING_ARTIFACT,
  DEFAULT_GRADE_BANDS,
  DEFAULT_LGD,
  findChampion,
  loadScoreContext,
  SCORECARD_ARTIFACT,
  SCORECARD_MODEL,
  SCORECARD_ONNX_ARTIFACT,
  scoreApplications,
} from './scoring-service';
import { PROTECTED_ATTRIBUTES as EXCLUDED_INPUTS } from './scorecard/scorecard';
import { exportScorecardToOnnx } from './scorecard/onnx';
import { COST_MATRIX, DEFAULT_HYPERPARAMETERS, trainScorecardWithCv, type TCvSummary } from './scorecard/training';

export const GERMAN_SOURCE = 'german_credit';

/** Reads and decodes german.data; a missing file or a bad line fails with where and why. */
export function readGermanCredit({ dataDir = defaultDataDir() }: { dataDir?: string } = {}): { rows: TApplicantAttributes[]; outcomes: ('good' | 'bad')[]; sha256: string } {
  const file = path.join(dataDir, 'german_credit', 'german.data');
  if (!fs.existsSync(file)) throw new AppError({ code: 'PRECONDITION_FAILED', message: `German Credit data not found at ${file} (set PLATFORM_DATA_DIR)` });
  const text = fs.readFileSync(file, 'utf8');
  const rows: TApplicantAttributes[] = [];
  const outcomes: ('good' | 'bad')[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const decoded = decodeGermanRow({ line });
    if (!decoded.ok) throw new AppError({ code: 'BAD_INPUT', message: `german.data line ${i + 1}: ${decoded.error}` });
    rows.push(decoded.attributes);
    outcomes.push(decoded.outcome);
  });
  return { rows, outcomes, sha256: createHash('sha256').update(text).digest('hex') };
}

export interface TFinanceSeedResult {
  applicationsCreated: number;
  modelRegistered: boolean;
  scored: number;
  cvAuc?: { mean: number; lower: number; upper: number };
  challengerRegistered: boolean;
  challengerCvAuc?: { mean: number; lower: number; upper: number };
  gbdtRegistered: boolean;
  gbdtCvAuc?: { mean: number; lower: number; upper: number };
}

/** @example await seedFinance({ db }); */
export async function seedFinance({ db, dataDir }: { db: Db; dataDir?: string }): Promise<TFinanceSeedResult> {
  if ((await findGradeBands({ db })).length === 0) await upsertGradeBands({ db, bands: DEFAULT_GRADE_BANDS, updatedById: null });
  if (!(await findRiskSetting({ db }))) await upsertRiskSetting({ db, lgd: DEFAULT_LGD, updatedById: null });

  const data = readGermanCredit({ dataDir });
  const applicationsCreated = await insertApplications({
    db,
    rows: data.rows.map((attributes, i) => ({ externalRef: `german-credit-${String(i + 1).padStart(4, '0')}`, source: GERMAN_SOURCE, attributes, outcome: data.outcomes[i] ?? null })),
  });

  let modelRegistered = false;
  let cvAuc: TFinanceSeedResult['cvAuc'];
  if (!(await findChampion({ db, modelName: SCORECARD_MODEL }))) {
    cvAuc = await registerScorecard({ db, data });
    modelRegistered = true;
  }

  let challengerRegistered = false;
  let challengerCvAuc: TFinanceSeedResult['challengerCvAuc'];
  if (!(await hasVersions({ db, modelName: CHALLENGER_MODEL }))) {
    challengerCvAuc = await registerChallenger({ db, data });
    challengerRegistered = true;
  }

  let gbdtRegistered = false;
  let gbdtCvAuc: TFinanceSeedResult['gbdtCvAuc'];
  if (!(await hasVersions({ db, modelName: GBDT_MODEL }))) {
    gbdtCvAuc = await registerGbdtChallenger({ db, data });
    gbdtRegistered = true;
  }

  // Score whatever has no score yet (all of them on the first run, none on later runs).
  const context = await loadScoreContext({ db });
  const unscored = await findApplicationsForScoring({ db, unscoredOnly: true });
  if (unscored.length > 0) {
    await saveScores({ db, scores: await scoreApplications({ context, items: unscored.map((a) => ({ applicationId: a.id, attributes: a })) }) });
  }
  return { applicationsCreated, modelRegistered, scored: unscored.length, cvAuc, challengerRegistered, challengerCvAuc, gbdtRegistered, gbdtCvAuc };
}

const SCORECARD_BACKEND = 'typescript (IRLS logistic regression)';

const cvMetrics = (cv: TCvSummary) => [
  { name: 'roc_auc', value: cv.auc.mean, split: 'cv' },
  { name: 'roc_auc_ci_lower', value: cv.auc.lower, split: 'cv' },
  { name: 'roc_auc_ci_upper', value: cv.auc.upper, split: 'cv' },
  { name: 'oof_roc_auc', value: cv.oofAuc, split: 'cv' },
  { name: 'gini', value: cv.gini, split: 'cv' },
  { name: 'ks', value: cv.ks, split: 'cv' },
  { name: 'brier', value: cv.brier, split: 'cv' },
  { name: 'threshold_pd', value: cv.threshold, split: 'cv' },
  { name: 'expected_cost_per_applicant', value: cv.expectedCostPerApplicant, split: 'cv' },
];

/** Trains the scorecard with 5-fold CV and registers it as the champion, with its training run and card. */
async function registerScorecard({ db, data }: { db: Db; data: ReturnType<typeof readGermanCredit> }): Promise<NonNullable<TFinanceSeedResult['cvAuc']>> {
  const labels: number[] = data.outcomes.map((o) => (o === 'bad' ? 1 : 0));
  const seed = 7;
  const baseHyperparameters = {
    method: 'WoE logistic scorecard',
    minIv: DEFAULT_HYPERPARAMETERS.minIv ?? null,
    minShare: DEFAULT_HYPERPARAMETERS.minShare ?? null,
    l2: DEFAULT_HYPERPARAMETERS.l2 ?? null,
    folds: 5,
    seed,
    excludedInputs: [...EXCLUDED_INPUTS],
  };
  const run = await startTrainingRun({ db, run: { modelName: SCORECARD_MODEL, backend: SCORECARD_BACKEND, seed, dataFingerprint: data.sha256, hyperparameters: baseHyperparameters } });
  let trained: ReturnType<typeof trainScorecardWithCv>;
  try {
    trained = trainScorecardWithCv({ rows: data.rows, labels, seed, hyperparameters: DEFAULT_HYPERPARAMETERS });
  } catch (error) {
    await finishTrainingRun({ db, runId: run.id, outcome: { status: 'failed', history: { error: error instanceof Error ? error.message : String(error) } } });
    throw error;
  }
  const { cv, calibration } = trained;
  const badRate = labels.reduce((s, y) => s + y, 0) / labels.length;
  const metrics = [
    ...cvMetrics(cv),
    { name: 'ece', value: calibration.eceAfter, split: 'cv' },
    { name: 'ece_uncalibrated', value: calibration.eceBefore, split: 'cv' },
    { name: 'brier_uncalibrated', value: calibration.brierBefore, split: 'cv' },
  ];
  await registerModelVersion({
    db,
    model: { name: SCORECARD_MODEL, domain: 'finance', task: 'binary-classification', description: 'WoE logistic credit scorecard (German Credit): probability of default' },
    version: {
      dataFingerprint: data.sha256,
      codeVersion: 'libs/finance scorecard v1',
      backend: SCORECARD_BACKEND,
      hyperparameters: {
        ...baseHyperparameters,
        folds: cv.k,
        scaling: { ...trained.scorecard.scaling },
        threshold: { pd: cv.threshold, costMatrix: { ...COST_MATRIX }, expectedCostPerApplicant: cv.expectedCostPerApplicant },
        foldAuc: cv.foldAuc,
        calibration: { method: 'platt on out-of-fold log-odds', a: calibration.platt.a, b: calibration.platt.b },
      },
    },
    metrics,
    artifacts: [
      { kind: SCORECARD_ARTIFACT, mediaType: 'application/json', content: new TextEncoder().encode(JSON.stringify({ scorecard: trained.scorecard, threshold: cv.threshold })) },
      // What serves: the same scorecard as an ONNX graph for onnxruntime-node.
      { kind: SCORECARD_ONNX_ARTIFACT, mediaType: 'application/onnx', content: exportScorecardToOnnx({ scorecard: trained.scorecard }) },
    ],
    trainingRunId: run.id,
    card: creditCard({
      method:
        `Monotonic optimal binning with WoE/IV per attribute, logistic regression on WoE (IRLS), calibrated by Platt scaling of the out-of-fold log-odds (slope ${calibration.platt.a.toFixed(3)}, folded into the coefficients; cross-fitted ECE ${calibration.eceBefore.toFixed(3)} → ${calibration.eceAfter.toFixed(3)}), points = offset + factor·ln(odds), 600 points at 50:1, PDO 20. Served as ONNX by onnxruntime-node.`,
      cv,
      rows: data.rows.length,
      badRate,
    }),
    setChampion: true,
  });
  await finishTrainingRun({ db, runId: run.id, outcome: { status: 'succeeded', wallTimeMs: trained.wallTimeMs, metrics } });
  return { mean: cv.auc.mean, lower: cv.auc.lower, upper: cv.auc.upper };
}

async function hasVersions({ db, modelName }: { db: Db; modelName: string }): Promise<boolean> {
  try {
    return (await listModelVersions({ db, modelName })).length > 0;
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return false;
    throw error;
  }
}

const CHALLENGER_BACKEND = 'tfjs (training) → onnx';


/** Trains the challenger MLP (5-fold CV, Platt, ONNX) and registers it as a version of the challenger line, not champion. */
async function registerChallenger({ db, data }: { db: Db; data: ReturnType<typeof readGermanCredit> }): Promise<NonNullable<TFinanceSeedResult['challengerCvAuc']>> {
  const labels: number[] = data.outcomes.map((o) => (o === 'bad' ? 1 : 0));
  const seed = 7;
  const hyperparameters = {
    method: 'MLP on one-hot/standardised attributes, Platt-calibrated',
    classifier: { ...CHALLENGER_SPEC, hidden: [...CHALLENGER_SPEC.hidden] },
    ...CHALLENGER_TRAINING,
    optimizer: 'adam',
    folds: 5,
    seed,
    excludedInputs: [...EXCLUDED_INPUTS],
  };
  const run = await startTrainingRun({ db, run: { modelName: CHALLENGER_MODEL, backend: CHALLENGER_BACKEND, seed, dataFingerprint: data.sha256, hyperparameters } });
  let trained: Awaited<ReturnType<typeof trainChallengerWithCv>>;
  try {
    trained = await trainChallengerWithCv({ rows: data.rows, labels, seed });
  } catch (error) {
    await finishTrainingRun({ db, runId: run.id, outcome: { status: 'failed', history: { error: error instanceof Error ? error.message : String(error) } } });
    throw error;
  }
  const { cv } = trained;
  const metrics = cvMetrics(cv);
  await registerModelVersion({
    db,
    model: { name: CHALLENGER_MODEL, domain: 'finance', task: 'binary-classification', description: 'Challenger MLP (German Credit): probability of default, served as ONNX' },
    version: {
      dataFingerprint: data.sha256,
      codeVersion: 'libs/finance challenger v1',
      backend: CHALLENGER_BACKEND,
      hyperparameters: {
        ...hyperparameters,
        folds: cv.k,
        platt: { a: trained.preprocessing.platt.a, b: trained.preprocessing.platt.b },
        threshold: { pd: cv.threshold, costMatrix: { ...COST_MATRIX }, expectedCostPerApplicant: cv.expectedCostPerApplicant },
        foldAuc: cv.foldAuc,
      },
    },
    metrics,
    artifacts: [
      { kind: CHALLENGER_ONNX_ARTIFACT, mediaType: 'application/onnx', content: trained.onnx },
      { kind: CHALLENGER_PREPROCESSING_ARTIFACT, mediaType: 'application/json', content: new TextEncoder().encode(JSON.stringify(trained.preprocessing)) },
    ],
    trainingRunId: run.id,
    card: creditCard({
      method: `Multi-layer perceptron (hidden ${CHALLENGER_SPEC.hidden.join('×')}, dropout ${CHALLENGER_SPEC.dropout}, L2 ${CHALLENGER_SPEC.l2}) on one-hot categories and standardised numbers (scaling fitted on training rows only), Platt scaling fitted on out-of-fold scores, exported to ONNX.`,
      cv,
      rows: data.rows.length,
      badRate: labels.reduce((s, y) => s + y, 0) / labels.length,
    }),
    setChampion: false,
  });
  await finishTrainingRun({ db, runId: run.id, outcome: { status: 'succeeded', wallTimeMs: trained.wallTimeMs, metrics } });
  return { mean: cv.auc.mean, lower: cv.auc.lower, upper: cv.auc.upper };
}

const GBDT_BACKEND = 'typescript (ml-core histogram GBDT) → onnx';

/** Trains the gradient-boosted trees challenger (5-fold CV, Platt, ONNX) and registers it, not champion. */
async function registerGbdtChallenger({ db, data }: { db: Db; data: ReturnType<typeof readGermanCredit> }): Promise<NonNullable<TFinanceSeedResult['gbdtCvAuc']>> {
  const labels: number[] = data.outcomes.map((o) => (o === 'bad' ? 1 : 0));
  const seed = 7;
  const monotone = Object.fromEntries(CHALLENGER_INPUTS.flatMap((key, i) => (GBDT_MONOTONE[i] ? [[key, GBDT_MONOTONE[i] === 1 ? 'risk never falls as it grows' : 'risk never rises as it grows']] : [])));
  const hyperparameters = { method: 'Histogram gradient-boosted trees on decoded attributes, Platt-calibrated', ...GBDT_PARAMS, objective: 'binary', seed, folds: 5, monotone, excludedInputs: [...EXCLUDED_INPUTS] };
  const run = await startTrainingRun({ db, run: { modelName: GBDT_MODEL, backend: GBDT_BACKEND, seed, dataFingerprint: data.sha256, hyperparameters } });
  let trained: Awaited<ReturnType<typeof trainGbdtChallengerWithCv>>;
  try {
    trained = await trainGbdtChallengerWithCv({ rows: data.rows, labels, seed });
  } catch (error) {
    await finishTrainingRun({ db, runId: run.id, outcome: { status: 'failed', history: { error: error instanceof Error ? error.message : String(error) } } });
    throw error;
  }
  const { cv } = trained;
  const metrics = [...cvMetrics(cv), { name: 'ms_per_tree', value: trained.msPerTree, split: 'train' }];
  const top = trained.importance.slice(0, 5).map((f) => `${f.key} ${f.meanAbsShap.toFixed(3)}`).join(', ');
  await registerModelVersion({
    db,
    model: { name: GBDT_MODEL, domain: 'finance', task: 'binary-classification', description: 'Challenger gradient-boosted trees (German Credit): probability of default, served as ONNX, TreeSHAP reason codes' },
    version: {
      dataFingerprint: data.sha256,
      codeVersion: 'libs/finance gbdt challenger v1',
      backend: GBDT_BACKEND,
      hyperparameters: {
        ...hyperparameters,
        platt: { a: trained.preprocessing.platt.a, b: trained.preprocessing.platt.b },
        threshold: { pd: cv.threshold, costMatrix: { ...COST_MATRIX }, expectedCostPerApplicant: cv.expectedCostPerApplicant },
        foldAuc: cv.foldAuc,
        trees: trained.model.trees.length,
        importance: trained.importance,
      },
    },
    metrics,
    artifacts: gbdtArtifacts({ trained }),
    trainingRunId: run.id,
    card: creditCard({
      method: `Gradient-boosted decision trees (ml-core histogram GBDT: ${trained.model.trees.length} trees, ${GBDT_PARAMS.maxLeaves} leaves, learning rate ${GBDT_PARAMS.learningRate}, L2 ${GBDT_PARAMS.l2}, row/feature subsampling ${GBDT_PARAMS.baggingFraction}/${GBDT_PARAMS.featureFraction}) on the decoded attributes with native categorical splits; monotone constraints from the codebook (${Object.keys(monotone).join(', ')}: risk never falls as they grow); Platt scaling of out-of-fold margins; exported to ONNX (TreeEnsembleClassifier); reason codes are exact TreeSHAP values. Largest mean |SHAP| (log-odds): ${top}.`,
      cv,
      rows: data.rows.length,
      badRate: labels.reduce((s, y) => s + y, 0) / labels.length,
    }),
    setChampion: false,
  });
  await finishTrainingRun({ db, runId: run.id, outcome: { status: 'succeeded', wallTimeMs: trained.wallTimeMs, metrics } });
  return { mean: cv.auc.mean, lower: cv.auc.lower, upper: cv.auc.upper };
}

/** The card text both credit models share; `method` and the CV figures say what differs. */
export function creditCard({ method, cv, rows, badRate }: { method: string; cv: { k: number; threshold: number; expectedCostPerApplicant: number }; rows: number; badRate: number }): TModelCardInput {
  return {
    intendedUse: 'Probability of default for consumer credit applications, reviewed by a risk officer who takes the decision.',
    outOfScopeUse: [
      'Automated approval or decline without a risk officer reviewing the recommendation.',
      'Populations unlike the training sample (business lending, other countries or decades) without revalidation.',
      'Pricing, marketing or any decision about a person other than this credit application.',
    ],
    trainingData: {
      description: `UCI Statlog German Credit: consumer credit applications with a good/bad outcome, every coded attribute decoded with german.doc; bad rate ${(badRate * 100).toFixed(1)}%.`,
      source: 'UCI Statlog German Credit (H. Hofmann), CC BY 4.0',
      rows,
    },
    evaluation: `${method} Evaluated by ${cv.k}-fold stratified cross-validation (model refit inside every fold); the AUC interval is a 95% CI across folds. Decline threshold PD ≥ ${cv.threshold.toFixed(4)}, chosen on out-of-fold PDs to minimise the German Credit cost matrix (bad accepted 5, good refused 1): expected cost ${cv.expectedCostPerApplicant.toFixed(4)} per applicant. Never used as inputs: ${EXCLUDED_INPUTS.join(', ')}.`,
    limitations: [
      'Trained on 1 000 applications from 1970s Germany; amounts in DM.',
      'Monitor drift (PSI) before relying on it for other populations.',
    ],
    ethicalConsiderations: [
      'Personal status/sex and foreign-worker status are protected characteristics: never model inputs, reported on for fairness only.',
      'Age is an input; approval rates by age band and by sex are monitored against the four-fifths rule.',
    ],
  };
}

export async function countGermanApplications({ db }: { db: Db }): Promise<number> {
  return countApplications({ db, source: GERMAN_SOURCE });
}
