// Finance seed: German Credit → decoded applications, the champion scorecard (5-fold CV, cost-optimal
// threshold, model card) and a score for every application. Idempotent: a second run changes nothing.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir as defaultDataDir, type Db } from '@platform/db';
import { AppError } from '@platform/util';
import { decodeGermanRow, type TApplicantAttributes } from './codebook';
import { countApplications, findApplicationsForScoring, findGradeBands, findRiskSetting, insertApplications, saveScores, upsertGradeBands, upsertRiskSetting } from './application-repository';
import { findChampionArtifact, registerChampionVersion } from './model-repository';
import { computeScore, DEFAULT_GRADE_BANDS, DEFAULT_LGD, loadScoreContext, SCORECARD_ARTIFACT, SCORECARD_MODEL } from './scoring-service';
import { COST_MATRIX, DEFAULT_HYPERPARAMETERS, trainScorecardWithCv } from './scorecard/training';

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
  if (!(await findChampionArtifact({ db, modelName: SCORECARD_MODEL, kind: SCORECARD_ARTIFACT }))) {
    const labels: number[] = data.outcomes.map((o) => (o === 'bad' ? 1 : 0));
    const seed = 7;
    const trained = trainScorecardWithCv({ rows: data.rows, labels, seed, hyperparameters: DEFAULT_HYPERPARAMETERS });
    const { cv } = trained;
    cvAuc = { mean: cv.auc.mean, lower: cv.auc.lower, upper: cv.auc.upper };
    await registerChampionVersion({
      db,
      model: { name: SCORECARD_MODEL, domain: 'finance', task: 'binary-classification', description: 'WoE logistic credit scorecard (German Credit): probability of default' },
      version: {
        dataFingerprint: `sha256:${data.sha256}`,
        codeVersion: 'libs/finance scorecard v1',
        backend: 'typescript (IRLS logistic regression)',
        seed,
        wallTimeMs: trained.wallTimeMs,
        hyperparameters: { minIv: DEFAULT_HYPERPARAMETERS.minIv ?? null, minShare: DEFAULT_HYPERPARAMETERS.minShare ?? null, l2: DEFAULT_HYPERPARAMETERS.l2 ?? null, scaling: { ...trained.scorecard.scaling }, folds: cv.k },
        card: {
          intendedUse: 'Probability of default for consumer credit applications, reviewed by a risk officer who takes the decision.',
          data: { source: 'UCI Statlog German Credit (H. Hofmann), CC BY 4.0', rows: data.rows.length, badRate: labels.reduce((s, y) => s + y, 0) / labels.length },
          method: 'Monotonic optimal binning with WoE/IV per attribute, logistic regression on WoE (IRLS), points = offset + factor·ln(odds), 600 points at 50:1, PDO 20.',
          excludedInputs: ['personalStatusSex', 'foreignWorker'],
          evaluation: { folds: cv.k, foldAuc: cv.foldAuc, auc: cv.auc, oofAuc: cv.oofAuc, gini: cv.gini, ks: cv.ks, brier: cv.brier },
          threshold: { pd: cv.threshold, costMatrix: COST_MATRIX, expectedCostPerApplicant: cv.expectedCostPerApplicant },
          limitations: 'Trained on 1 000 applications from 1970s Germany; amounts in DM. Monitor drift before relying on it for other populations.',
        },
        metrics: [
          { name: 'roc_auc', value: cv.auc.mean, split: 'cv' },
          { name: 'roc_auc_ci_lower', value: cv.auc.lower, split: 'cv' },
          { name: 'roc_auc_ci_upper', value: cv.auc.upper, split: 'cv' },
          { name: 'gini', value: cv.gini, split: 'cv' },
          { name: 'ks', value: cv.ks, split: 'cv' },
          { name: 'brier', value: cv.brier, split: 'cv' },
          { name: 'threshold_pd', value: cv.threshold, split: 'cv' },
        ],
        artifact: { kind: SCORECARD_ARTIFACT, mediaType: 'application/json', content: JSON.stringify({ scorecard: trained.scorecard, threshold: cv.threshold }) },
      },
    });
    modelRegistered = true;
  }

  // Score whatever has no score yet (all of them on the first run, none on later runs).
  const context = await loadScoreContext({ db });
  const unscored = await findApplicationsForScoring({ db, unscoredOnly: true });
  if (unscored.length > 0) {
    await saveScores({ db, scores: unscored.map((a) => computeScore({ context, applicationId: a.id, attributes: a })) });
  }
  return { applicationsCreated, modelRegistered, scored: unscored.length, cvAuc };
}

export async function countGermanApplications({ db }: { db: Db }): Promise<number> {
  return countApplications({ db, source: GERMAN_SOURCE });
}
