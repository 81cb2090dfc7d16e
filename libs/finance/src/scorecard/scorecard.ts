// The credit scorecard: WoE binning per attribute, logistic regression on WoE, points with
// points-to-double-odds scaling, and additive per-attribute contributions (reason codes).
import { fairnessAttributes } from '@platform/model-ops/spec';
import { reasonCodes } from '@platform/ml-core/explain';
import { ATTRIBUTES, GERMAN_CREDIT_SPEC, reasonText, type TApplicantAttributes, type TAttributeKey } from '../codebook';
import { binFeature, findBin, type TFeatureBinning, type TRawValue } from './binning';
import { fitLogistic } from './logistic';

export interface TPointsScaling {
  /** Score at `targetOdds` (good:bad). */
  targetPoints: number;
  targetOdds: number;
  /** Points that double the odds. */
  pdo: number;
}

/** Sex (via personal status) and nationality are protected characteristics: reported on for fairness, never scored on. */
/** The codebook's protected attributes (personal status/sex, foreign worker): never scored on, reported on for fairness. */
export const PROTECTED_ATTRIBUTES: readonly TAttributeKey[] = fairnessAttributes({ spec: GERMAN_CREDIT_SPEC }).map((f) => f.key);

export const DEFAULT_SCALING: TPointsScaling = { targetPoints: 600, targetOdds: 50, pdo: 20 };

/** factor = PDO / ln 2, offset = targetPoints − factor · ln(targetOdds): score = offset + factor · ln(odds good:bad). */
export function scalingConstants({ scaling }: { scaling: TPointsScaling }): { factor: number; offset: number } {
  const factor = scaling.pdo / Math.LN2;
  return { factor, offset: scaling.targetPoints - factor * Math.log(scaling.targetOdds) };
}

export interface TScorecardFeature {
  key: TAttributeKey;
  binning: TFeatureBinning;
  /** Coefficient on WoE in the log-odds of bad (negative: a safer bin lowers the PD). */
  coefficient: number;
  /** Mean WoE over the training rows: contributions are measured from the average applicant. */
  meanWoe: number;
}

export interface TScorecard {
  kind: 'woe-logistic-scorecard';
  intercept: number;
  features: TScorecardFeature[];
  scaling: TPointsScaling;
  /** Every attribute's IV, including the ones the model left out. */
  informationValues: { key: TAttributeKey; iv: number }[];
}

export interface TContribution {
  key: TAttributeKey;
  value: TRawValue;
  woe: number;
  /** Points this attribute adds to (or takes from) the base score. */
  points: number;
}

export interface TScoreResult {
  pd: number;
  /** Unrounded score; `Math.round(score)` is what users see. */
  score: number;
  /** Score of the average training applicant; base + Σ contributions = score. */
  basePoints: number;
  contributions: TContribution[];
}

/** An attribute as the binning sees it: numbers stay numbers, everything else a category string. */
export function rawValue({ attributes, key }: { attributes: TApplicantAttributes; key: TAttributeKey }): TRawValue {
  const v = attributes[key];
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return v;
}

function binAll({ rows, labels, minShare }: { rows: readonly TApplicantAttributes[]; labels: readonly number[]; minShare: number }): TFeatureBinning[] {
  return ATTRIBUTES.map((spec) =>
    binFeature({
      feature: spec.key,
      kind: spec.kind === 'numeric' ? 'numeric' : 'categorical',
      ordinal: spec.kind === 'categorical' ? spec.ordinal : undefined,
      values: rows.map((r) => rawValue({ attributes: r, key: spec.key })),
      labels,
      minShare,
    }),
  );
}

/**
 * Trains a scorecard on decoded applications (label 1 = bad). Attributes below `minIv` are left out, and
 * so is any whose coefficient comes out with the wrong sign (a safer bin must not raise the PD).
 * @example const card = trainScorecard({ rows, labels });
 */
export interface TScorecardHyperparameters {
  minIv?: number;
  minShare?: number;
  l2?: number;
}

export function trainScorecard({
  rows,
  labels,
  minIv = 0.02,
  minShare = 0.05,
  l2 = 0.01,
  scaling = DEFAULT_SCALING,
  exclude = PROTECTED_ATTRIBUTES,
}: {
  rows: readonly TApplicantAttributes[];
  labels: readonly number[];
  /** Attributes never used as model inputs. */
  exclude?: readonly TAttributeKey[];
  minIv?: number;
  minShare?: number;
  l2?: number;
  scaling?: TPointsScaling;
}): TScorecard {
  const binnings = binAll({ rows, labels, minShare });
  const woe = binnings.map((b) => rows.map((r) => findBin({ binning: b, value: rawValue({ attributes: r, key: b.feature as TAttributeKey }) }).woe));
  let selected = binnings.map((b, i) => ({ b, i })).filter(({ b }) => b.iv >= minIv && !exclude.includes(b.feature as TAttributeKey));
  for (;;) {
    const x = rows.map((_, r) => selected.map(({ i }) => woe[i]?.[r] ?? 0));
    const fit = fitLogistic({ x, y: labels, l2 });
    const wrong = fit.coefficients.map((c, j) => ({ c, j })).filter(({ c }) => c >= 0);
    if (wrong.length > 0 && selected.length > 1) {
      const worst = wrong.reduce((a, b) => (b.c > a.c ? b : a));
      selected = selected.filter((_, j) => j !== worst.j);
      continue;
    }
    return {
      kind: 'woe-logistic-scorecard',
      intercept: fit.intercept,
      scaling,
      informationValues: binnings.map((b) => ({ key: b.feature as TAttributeKey, iv: b.iv })),
      features: selected.map(({ b, i }, j) => {
        const column = woe[i] ?? [];
        return { key: b.feature as TAttributeKey, binning: b, coefficient: fit.coefficients[j] ?? 0, meanWoe: column.reduce((s, v) => s + v, 0) / Math.max(1, column.length) };
      }),
    };
  }
}

/**
 * PD, score points and additive contributions of one application: basePoints + Σ points = score, and
 * PD = 1 / (1 + exp((score − offset) / factor)).
 */
export function scoreWithScorecard({ scorecard, attributes }: { scorecard: TScorecard; attributes: TApplicantAttributes }): TScoreResult {
  const { factor, offset } = scalingConstants({ scaling: scorecard.scaling });
  let logOddsBad = scorecard.intercept;
  let meanLogOddsBad = scorecard.intercept;
  const contributions = scorecard.features.map((f) => {
    const value = rawValue({ attributes, key: f.key });
    const woe = findBin({ binning: f.binning, value }).woe;
    logOddsBad += f.coefficient * woe;
    meanLogOddsBad += f.coefficient * f.meanWoe;
    return { key: f.key, value, woe, points: -factor * f.coefficient * (woe - f.meanWoe) };
  });
  return {
    pd: 1 / (1 + Math.exp(-logOddsBad)),
    score: offset - factor * logOddsBad,
    basePoints: offset - factor * meanLogOddsBad,
    contributions,
  };
}

export interface TReason {
  key: TAttributeKey;
  points: number;
  text: string;
}

/** The top-k attributes that lowered the score most (raised the risk), in plain words. */
export function topReasons({ result, attributes, k = 5 }: { result: TScoreResult; attributes: TApplicantAttributes; k?: number }): TReason[] {
  const codes = reasonCodes({
    contributions: result.contributions.map((c) => c.points),
    featureNames: result.contributions.map((c) => c.key),
    describe: (feature) => reasonText({ key: feature as TAttributeKey, value: attributes[feature as TAttributeKey], raised: true }),
    k,
    adverseSign: 'negative',
  });
  return codes.map((c) => ({ key: c.feature as TAttributeKey, points: c.contribution, text: c.text }));
}

/** Grade from editable PD bands: the first band (sorted by maxPd) whose maxPd the PD does not exceed. */
export function gradeFor({ pd, bands }: { pd: number; bands: readonly { grade: string; maxPd: number }[] }): string {
  const sorted = [...bands].sort((a, b) => a.maxPd - b.maxPd);
  for (const band of sorted) if (pd <= band.maxPd) return band.grade;
  return sorted[sorted.length - 1]?.grade ?? 'E';
}
