// The gradient-boosted trees challenger: ml-core's histogram GBDT on the decoded attributes (categories as
// native categorical splits, no one-hot), with the monotone constraints the codebook declares, 5-fold stratified
// CV, Platt calibration of the out-of-fold margins, and the cost-optimal threshold — the same protocol as the
// scorecard and the MLP, so the comparison table compares like with like. Served as ONNX (TreeEnsembleClassifier)
// by onnxruntime-node; reason codes are exact TreeSHAP values of the same trees, in score points.
import { createRng, stratifiedKFold } from '@platform/ml-core/data';
import { calibrate, fitPlatt, rocAuc, type PlattCalibrator } from '@platform/ml-core/evaluation';
import { reasonCodes } from '@platform/ml-core/explain';
import { explainGbdt, exportGbdtToOnnx, fitGbdt, gbdtImportance, loadGbdtModel, predictGbdt, serialiseGbdtModel, type TGbdtModel, type TGbdtParams, type TMonotone } from '@platform/ml-core/gbdt';
import { createOnnxSession, runBatch, type OnnxSession } from '@platform/ml-core/onnx';
import { z } from 'zod';
import { monotoneConstraints } from '@platform/model-ops/spec';
import { GERMAN_CREDIT_SPEC, reasonText, type TApplicantAttributes, type TAttributeKey } from '../codebook';
import { DEFAULT_SCALING, rawValue, scalingConstants } from '../scorecard/scorecard';
import { summariseCv, type TCvSummary } from '../scorecard/training';
import type { TRawValue } from '../scorecard/binning';
import { attributeVector, CHALLENGER_INPUT_SPECS } from './features';

export const GBDT_MODEL = 'credit-gbdt';
export const GBDT_ONNX_ARTIFACT = 'onnx';
export const GBDT_MODEL_ARTIFACT = 'gbdt-model';
export const GBDT_PREPROCESSING_ARTIFACT = 'preprocessing';

/** Small trees, slow learning rate, strong L2: 1 000 rows reward a cautious ensemble (tools/train-german-credit.ts compares settings). */
export const GBDT_PARAMS = {
  objective: { kind: 'binary' },
  numTrees: 300,
  learningRate: 0.02,
  maxLeaves: 8,
  minChildSamples: 20,
  featureFraction: 0.5,
  baggingFraction: 0.8,
  l2: 5,
} as const satisfies Omit<TGbdtParams, 'seed'>;

const INPUT_KEYS: readonly TAttributeKey[] = CHALLENGER_INPUT_SPECS.map((s) => s.key);
/** Columns holding category indices (booleans are 0/1 numbers). */
const CATEGORICAL = CHALLENGER_INPUT_SPECS.flatMap((s, i) => (s.kind === 'categorical' ? [i] : []));
/** +1 where the feature spec says risk must not fall as the value grows (the margin is the log-odds of bad). */
export const GBDT_MONOTONE: readonly TMonotone[] = monotoneConstraints({ spec: GERMAN_CREDIT_SPEC, keys: INPUT_KEYS });

export const ZGbdtPreprocessing = z.object({
  inputs: z.array(z.string()),
  platt: z.object({ kind: z.literal('platt'), a: z.number(), b: z.number() }),
  threshold: z.number(),
  monotone: z.array(z.union([z.literal(-1), z.literal(0), z.literal(1)])),
});
export type TGbdtPreprocessing = z.infer<typeof ZGbdtPreprocessing>;

export interface TTrainedGbdtChallenger {
  model: TGbdtModel;
  onnx: Uint8Array;
  preprocessing: TGbdtPreprocessing;
  cv: TCvSummary;
  /** Mean |TreeSHAP| per input over the training rows, in log-odds, largest first. */
  importance: { key: string; meanAbsShap: number; gain: number }[];
  wallTimeMs: number;
  msPerTree: number;
}

const vectors = (rows: readonly TApplicantAttributes[]) => rows.map((attributes) => attributeVector({ attributes }));

/**
 * 5-fold stratified CV (model refit inside every fold), Platt scaling on the out-of-fold margins, threshold
 * on out-of-fold PDs, then the final model on all rows, exported to ONNX.
 * @example const trained = await trainGbdtChallengerWithCv({ rows, labels, seed: 7 });
 */
export async function trainGbdtChallengerWithCv({
  rows,
  labels,
  k = 5,
  seed = 7,
  monotone = true,
}: {
  rows: readonly TApplicantAttributes[];
  labels: readonly number[];
  k?: number;
  seed?: number;
  /** false: no monotone constraints (the comparison CLI measures what they cost). */
  monotone?: boolean;
}): Promise<TTrainedGbdtChallenger> {
  const started = performance.now();
  const x = vectors(rows);
  const params: TGbdtParams = { ...GBDT_PARAMS, seed };
  const fit = (train: readonly number[]) =>
    fitGbdt({ rows: train.map((i) => x[i] ?? []), labels: train.map((i) => labels[i] ?? 0), params, featureNames: INPUT_KEYS, categorical: CATEGORICAL, monotone: monotone ? GBDT_MONOTONE : undefined, threads: 1 });
  const oofRaw = new Array<number>(rows.length).fill(0);
  const foldAuc: number[] = [];
  for (const fold of stratifiedKFold({ labels: [...labels], k, seed })) {
    const { model } = await fit(fold.train);
    const { raw } = predictGbdt({ model, rows: fold.test.map((i) => x[i] ?? []) });
    fold.test.forEach((row, j) => {
      oofRaw[row] = raw[j] ?? 0;
    });
    foldAuc.push(rocAuc({ labels: fold.test.map((i) => labels[i] ?? 0), scores: Array.from(raw) }));
  }
  const platt = fitPlatt({ scores: oofRaw, labels: [...labels] });
  const cv = summariseCv({ k, seed, foldAuc, labels, oofPd: calibrate({ calibrator: platt, scores: oofRaw }) });
  const finalStarted = performance.now();
  const { model } = await fit(rows.map((_, i) => i));
  const msPerTree = (performance.now() - finalStarted) / Math.max(1, model.trees.length);
  const { bytes } = exportGbdtToOnnx({ model, inputName: 'features', docString: 'credit-gbdt: log-odds of default (raw) and its sigmoid' });
  const sample = createRng({ seed }).shuffle(rows.map((_, i) => i)).slice(0, 300).map((i) => x[i] ?? []);
  const importance = gbdtImportance({ model, rows: sample })
    .map((f) => ({ key: f.feature, meanAbsShap: f.meanAbsShap ?? 0, gain: f.gain }))
    .sort((p, q) => q.meanAbsShap - p.meanAbsShap);
  return {
    model,
    onnx: bytes,
    preprocessing: { inputs: [...INPUT_KEYS], platt, threshold: cv.threshold, monotone: monotone ? [...GBDT_MONOTONE] : INPUT_KEYS.map(() => 0 as const) },
    cv,
    importance,
    wallTimeMs: Math.round(performance.now() - started),
    msPerTree,
  };
}

/** Bytes of the three artifacts a GBDT version is registered with. */
export function gbdtArtifacts({ trained }: { trained: TTrainedGbdtChallenger }) {
  const json = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
  return [
    { kind: GBDT_ONNX_ARTIFACT, mediaType: 'application/onnx', content: trained.onnx },
    { kind: GBDT_MODEL_ARTIFACT, mediaType: 'application/json', content: json(serialiseGbdtModel({ model: trained.model })) },
    { kind: GBDT_PREPROCESSING_ARTIFACT, mediaType: 'application/json', content: json(trained.preprocessing) },
  ];
}

export interface TGbdtChallenger {
  session: OnnxSession;
  model: TGbdtModel;
  preprocessing: TGbdtPreprocessing;
}

/** @example const served = await openGbdtChallenger({ onnx, model, preprocessing }); */
export async function openGbdtChallenger({ onnx, model, preprocessing }: { onnx: Uint8Array; model: Uint8Array; preprocessing: Uint8Array }): Promise<TGbdtChallenger> {
  const pre = ZGbdtPreprocessing.parse(JSON.parse(Buffer.from(preprocessing).toString('utf8')));
  if (pre.inputs.length !== INPUT_KEYS.length || pre.inputs.some((k, i) => k !== INPUT_KEYS[i])) {
    throw new Error(`credit-gbdt version reads [${pre.inputs.join(', ')}], the current inputs are [${INPUT_KEYS.join(', ')}]`);
  }
  const trees = loadGbdtModel({ json: Buffer.from(model).toString('utf8') });
  return { session: await createOnnxSession({ bytes: onnx }), model: trees, preprocessing: pre };
}

const { factor, offset } = scalingConstants({ scaling: DEFAULT_SCALING });
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * PD from the ONNX graph's margin; points and reason codes from TreeSHAP on the same trees. With calibrated
 * log-odds z = a·raw + b and points = offset − factor·z, each attribute's TreeSHAP value φ (log-odds) is worth
 * −factor·a·φ points, and base points + Σ contributions equals the score exactly.
 */
export async function scoreWithGbdt({ model, items }: { model: TGbdtChallenger; items: readonly { attributes: TApplicantAttributes }[] }) {
  if (items.length === 0) return [];
  const x = items.map((item) => attributeVector({ attributes: item.attributes }));
  const width = INPUT_KEYS.length;
  const flat = new Float32Array(items.length * width);
  x.forEach((row, r) => flat.set(row, r * width));
  const { outputs } = await runBatch({ session: model.session, inputs: flat, shape: [items.length, width] });
  const raw = outputs.raw?.data;
  if (!raw || raw.length !== items.length) throw new Error('credit-gbdt ONNX graph did not return one raw margin per row');
  const { a, b } = model.preprocessing.platt satisfies PlattCalibrator;
  const shap = explainGbdt({ model: model.model, rows: x });
  const basePoints = offset - factor * (a * shap.expectedValue + b);
  return items.map(({ attributes }, i) => {
    const margin = raw[i] ?? 0;
    const phi = shap.contributions[i] ?? new Float64Array(width);
    const points = Array.from(phi, (v) => -factor * a * v);
    const reasons = reasonCodes({
      contributions: points,
      featureNames: [...INPUT_KEYS],
      describe: (feature) => reasonText({ key: feature as TAttributeKey, value: attributes[feature as TAttributeKey], raised: true }),
      k: 5,
      adverseSign: 'negative',
    });
    return {
      pd: sigmoid(a * margin + b),
      score: offset - factor * (a * margin + b),
      basePoints,
      contributions: INPUT_KEYS.map((key, j) => ({ key, value: rawValue({ attributes, key }) as TRawValue, woe: null, points: points[j] ?? 0 })),
      reasons: reasons.map((r) => ({ key: r.feature, points: r.contribution, text: r.text })),
    };
  });
}
