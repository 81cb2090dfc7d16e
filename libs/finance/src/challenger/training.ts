// The challenger: an MLP on the one-hot/standardised decoded attributes (the scorecard's exclusions),
// 5-fold stratified CV with a CI across folds, Platt-calibrated on out-of-fold scores, exported to ONNX.
import { createRng, stratifiedKFold } from '@platform/ml-core/data';
import { calibrate, fitPlatt, rocAuc, type PlattCalibrator } from '@platform/ml-core/evaluation';
import { exportToOnnx } from '@platform/ml-core/onnx';
import { fitTabularClassifier, type TTabularClassifierSpec } from '@platform/registry';
import type { TStandardiserJson } from '@platform/ml-core/data';
import type { TApplicantAttributes } from '../codebook';
import { summariseCv, type TCvSummary } from '../scorecard/training';
import { attributeVector, encodeApplicant, ENCODED_COLUMNS } from './features';

export const CHALLENGER_SPEC = { kind: 'mlp', hidden: [8], dropout: 0.2, l2: 1e-2 } as const satisfies TTabularClassifierSpec;
export const CHALLENGER_TRAINING = { epochs: 25, batchSize: 128, learningRate: 2e-2 } as const;

/** What serving needs beside the ONNX graph: column layout, scaling, calibration and the decline threshold. */
export interface TChallengerPreprocessing {
  columns: { key: string; name: string }[];
  standardiser: TStandardiserJson;
  /** Maps logit(MLP output) to a calibrated PD. */
  platt: PlattCalibrator;
  threshold: number;
  /** Seeded sample of training rows as attribute vectors: the reference of the Shapley reason codes. */
  background: number[][];
}

/** Background rows kept for reason codes: Shapley cost is linear in it. */
export const BACKGROUND_ROWS = 16;

export interface TTrainedChallenger {
  onnx: Uint8Array;
  preprocessing: TChallengerPreprocessing;
  cv: TCvSummary;
  wallTimeMs: number;
}

const EPS = 1e-6;
const logit = (p: number): number => {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
};

/**
 * Trains the challenger with k-fold CV (scaling refit inside every fold), calibrates it with Platt scaling
 * fitted on the out-of-fold scores, and fits the final model on all rows.
 * @example const { onnx, cv } = await trainChallengerWithCv({ rows, labels, seed: 7 });
 */
export async function trainChallengerWithCv({ rows, labels, k = 5, seed = 7 }: { rows: readonly TApplicantAttributes[]; labels: readonly number[]; k?: number; seed?: number }): Promise<TTrainedChallenger> {
  const started = performance.now();
  const x = rows.map((attributes) => encodeApplicant({ attributes }));
  const oofLogit = new Array<number>(rows.length).fill(0);
  const foldAuc: number[] = [];
  for (const fold of stratifiedKFold({ labels: [...labels], k, seed })) {
    const fitted = await fitTabularClassifier({ rows: x, labels, train: fold.train, spec: CHALLENGER_SPEC, ...CHALLENGER_TRAINING, seed });
    const p = fitted.predict({ rows: fold.test.map((i) => x[i] ?? []) });
    fitted.model.dispose();
    fold.test.forEach((row, j) => {
      oofLogit[row] = logit(p[j] ?? 0.5);
    });
    foldAuc.push(rocAuc({ labels: fold.test.map((i) => labels[i] ?? 0), scores: p }));
  }
  const platt = fitPlatt({ scores: oofLogit, labels: [...labels] });
  const oofPd = calibrate({ calibrator: platt, scores: oofLogit });
  const cv = summariseCv({ k, seed, foldAuc, labels, oofPd });
  const all = rows.map((_, i) => i);
  const final = await fitTabularClassifier({ rows: x, labels, train: all, spec: CHALLENGER_SPEC, ...CHALLENGER_TRAINING, seed });
  const { bytes } = exportToOnnx({ model: final.model, inputName: 'features', outputName: 'p_bad' });
  final.model.dispose();
  return {
    onnx: bytes,
    preprocessing: {
      columns: ENCODED_COLUMNS.map((c) => ({ ...c })),
      standardiser: final.preprocessing,
      platt,
      threshold: cv.threshold,
      background: createRng({ seed }).shuffle(all).slice(0, BACKGROUND_ROWS).map((i) => attributeVector({ attributes: rows[i] as TApplicantAttributes })),
    },
    wallTimeMs: Math.round(performance.now() - started),
    cv,
  };
}
