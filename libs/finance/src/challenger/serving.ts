// Serving the challenger MLP once promoted: onnxruntime-node for the PD (session cached by version), and
// reason codes from KernelSHAP over the 18 input attributes, in score points, adding up with the base value
// to the model's own output.
import { kernelShap, reasonCodes } from '@platform/ml-core/explain';
import { createOnnxSession, runBatch, type OnnxSession } from '@platform/ml-core/onnx';
import type { PlattCalibrator } from '@platform/ml-core/evaluation';
import { reasonText, type TApplicantAttributes } from '../codebook';
import { DEFAULT_SCALING, rawValue, scalingConstants } from '../scorecard/scorecard';
import type { TRawValue } from '../scorecard/binning';
import { attributeVector, CHALLENGER_INPUTS, ENCODED_COLUMNS, encodeAttributeVector } from './features';
import type { TChallengerPreprocessing } from './training';

export interface TOnnxModel {
  session: OnnxSession;
  mean: readonly number[];
  std: readonly number[];
  platt: PlattCalibrator;
  threshold: number;
  background: number[][];
}

export interface TOnnxScore {
  pd: number;
  /** Unrounded score points (offset + factor · ln(odds good:bad)), the output the Shapley values explain. */
  score: number;
  basePoints: number;
  contributions: { key: string; value: TRawValue; points: number }[];
  reasons: { key: string; points: number; text: string }[];
}

/** Coalitions sampled per explanation (18 attributes: 2^18 is too many to enumerate per request). */
const SHAP_SAMPLES = 200;
const SHAP_SEED = 11;
const EPS = 1e-6;

/** @example const model = await openOnnxModel({ onnx, preprocessing }); */
export async function openOnnxModel({ onnx, preprocessing }: { onnx: Uint8Array; preprocessing: TChallengerPreprocessing }): Promise<TOnnxModel> {
  if (preprocessing.columns.length !== ENCODED_COLUMNS.length || preprocessing.columns.some((c, i) => c.name !== ENCODED_COLUMNS[i]?.name)) {
    throw new Error('challenger preprocessing does not match the current feature layout');
  }
  const session = await createOnnxSession({ bytes: onnx });
  return { session, mean: preprocessing.standardiser.mean, std: preprocessing.standardiser.std, platt: preprocessing.platt, threshold: preprocessing.threshold, background: preprocessing.background };
}

const { factor, offset } = scalingConstants({ scaling: DEFAULT_SCALING });
/** Calibrated log-odds of bad z = a·logit(p) + b; points = offset + factor·ln(odds good:bad) = offset − factor·z. */
const pointsOf = (model: TOnnxModel, p: number): number => {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return offset - factor * (model.platt.a * Math.log(q / (1 - q)) + model.platt.b);
};
const pdOfPoints = (points: number): number => 1 / (1 + Math.exp((points - offset) / factor));

/** Score points of attribute vectors through the ONNX graph (one batch). */
export async function predictPoints({ model, vectors }: { model: TOnnxModel; vectors: readonly (readonly number[])[] }): Promise<number[]> {
  if (vectors.length === 0) return [];
  const width = ENCODED_COLUMNS.length;
  const flat = new Float32Array(vectors.length * width);
  vectors.forEach((vector, r) => {
    const at = r * width;
    encodeAttributeVector({ vector, out: flat, offset: at });
    for (let j = 0; j < width; j++) flat[at + j] = ((flat[at + j] ?? 0) - (model.mean[j] ?? 0)) / (model.std[j] ?? 1);
  });
  const { data } = await runBatch({ session: model.session, inputs: flat, shape: [vectors.length, width] });
  return Array.from(data, (p) => pointsOf(model, p));
}

/**
 * PD, points and Shapley reason codes of each application. KernelSHAP asks for its coalition rows through a
 * synchronous function while ONNX runs asynchronously, so each explanation runs twice with the same seed:
 * the first pass only records the rows (which depend on the seed, never on the outputs), one ONNX batch
 * scores them, and the second pass replays the outputs in the order they were asked for.
 */
export async function scoreWithOnnx({ model, items }: { model: TOnnxModel; items: readonly { attributes: TApplicantAttributes }[] }): Promise<TOnnxScore[]> {
  const out: TOnnxScore[] = [];
  for (const { attributes } of items) {
    const x = attributeVector({ attributes });
    const options = { x, background: model.background, backgroundSize: model.background.length, nSamples: SHAP_SAMPLES, seed: SHAP_SEED };
    const asked: number[][] = [];
    kernelShap({
      ...options,
      predict: (rows) => {
        asked.push(...rows);
        return rows.map(() => 0);
      },
    });
    const values = await predictPoints({ model, vectors: asked });
    let next = 0;
    const e = kernelShap({
      ...options,
      predict: (rows) => {
        const slice = values.slice(next, next + rows.length);
        next += rows.length;
        if (slice.length !== rows.length) throw new Error('KernelSHAP asked for different rows on replay');
        return slice;
      },
    });
    if (next !== values.length) throw new Error('KernelSHAP asked for different rows on replay');
    const keys = [...CHALLENGER_INPUTS];
    const reasons = reasonCodes({
      contributions: e.values,
      featureNames: keys,
      describe: (feature) => reasonText({ key: feature as (typeof keys)[number], value: attributes[feature as (typeof keys)[number]], raised: true }),
      k: 5,
      adverseSign: 'negative',
    });
    out.push({
      pd: pdOfPoints(e.prediction),
      score: e.prediction,
      basePoints: e.baseValue,
      contributions: keys.map((key, i) => ({ key, value: rawValue({ attributes, key }), points: e.values[i] ?? 0 })),
      reasons: reasons.map((r) => ({ key: r.feature, points: r.contribution, text: r.text })),
    });
  }
  return out;
}
