/**
 * ONNX export, int8 comparison and registration of the PneumoniaMNIST CNN (used by tools/train-pneumonia.ts).
 * Kept apart from the training script so onnxruntime-node, Prisma and the registry load only when asked for.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { createDb, readDbEnv } from '@platform/db';
import { chooseThreshold, rocAuc } from '@platform/ml-core';
import { createOnnxSession, exportToOnnx, hashOnnxBytes, quantizeOnnxWeights, runBatched } from '@platform/ml-core/onnx';
import type { OnnxSession } from '@platform/ml-core/onnx';
import type { TrainingRecord } from '@platform/ml-core/train';
import { finishTrainingRun, registerModelVersion, renderModelCardMarkdown, startTrainingRun, ZJsonValue } from '@platform/registry';
import type { TJsonValue, TMetricInput } from '@platform/registry';

const SIDE = 28;

/** Width-mirrored copy of row-major NHWC grey images (the ORT twin of tf.reverse(x, 2)). */
function mirrorImages(pixels: Float32Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let base = 0; base < pixels.length; base += SIDE * SIDE) {
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < SIDE; c++) out[base + r * SIDE + c] = pixels[base + r * SIDE + (SIDE - 1 - c)] ?? 0;
    }
  }
  return out;
}

async function ortScores({ session, pixels, tta }: { session: OnnxSession; pixels: Float32Array; tta: boolean }): Promise<Float32Array> {
  const n = pixels.length / (SIDE * SIDE);
  const plain = (await runBatched({ session, inputs: pixels, shape: [n, SIDE, SIDE, 1], batchSize: 256 })).data;
  if (!tta) return plain;
  const flipped = (await runBatched({ session, inputs: mirrorImages(pixels), shape: [n, SIDE, SIDE, 1], batchSize: 256 })).data;
  return plain.map((s, i) => (s + (flipped[i] ?? s)) / 2);
}

const accuracyAt = ({ labels, scores, threshold }: { labels: Float32Array; scores: Float32Array; threshold: number }): number =>
  scores.reduce((acc, s, i) => acc + ((s >= threshold ? 1 : 0) === labels[i] ? 1 : 0), 0) / labels.length;

/** Balanced-accuracy threshold on validation, the same rule the training script uses for tfjs. */
function validationThreshold({ labels, scores }: { labels: Float32Array; scores: Float32Array }): number {
  const pos = labels.reduce((a, b) => a + b, 0);
  return chooseThreshold({ labels, scores, costFp: 1 / (labels.length - pos), costFn: 1 / pos }).threshold;
}

interface SplitScores {
  pixels: Float32Array;
  labels: Float32Array;
  tfjsScores: Float32Array;
}

interface VariantMetrics {
  valAuc: number;
  testAuc: number;
  /** At the threshold chosen on validation with tfjs (the one shipped with the model). */
  testAcc: number;
  /** At a threshold re-chosen on validation with this variant's own scores. */
  testAccOwnThreshold: number;
}

export interface PneumoniaExport {
  fp32: Uint8Array;
  int8: Uint8Array;
  threshold: number;
  tta: boolean;
  maxAbsDiffFp32: number;
  maxAbsDiffInt8: number;
  metrics: { tfjs: VariantMetrics; ortFp32: VariantMetrics; ortInt8: VariantMetrics };
}

/**
 * Exports the trained CNN to ONNX, quantizes its weights to int8, scores validation and test with both in
 * onnxruntime and prints AUC/ACC next to tfjs's, the parity gap and the file sizes.
 *
 * @example
 * const exported = await exportPneumoniaOnnx({ model, dir: '/tmp/onnx', tta: false, threshold, splits, plainTestScores });
 */
export async function exportPneumoniaOnnx({
  model,
  dir,
  tta,
  threshold,
  splits,
  plainTestScores,
}: {
  model: tf.LayersModel;
  dir?: string;
  tta: boolean;
  threshold: number;
  splits: { val: SplitScores; test: SplitScores };
  /** tfjs test scores without flip averaging: the parity check compares one forward pass with one. */
  plainTestScores: Float32Array;
}): Promise<PneumoniaExport> {
  const { bytes: fp32, foldedBatchNorms } = exportToOnnx({ model, inputName: 'image', outputName: 'pneumonia_probability' });
  const { bytes: int8, report } = quantizeOnnxWeights({ bytes: fp32 });
  const fp32Session = await createOnnxSession({ bytes: fp32, cache: false });
  const int8Session = await createOnnxSession({ bytes: int8, cache: false });
  try {
    const nTest = splits.test.labels.length;
    const plainFp32 = (await runBatched({ session: fp32Session, inputs: splits.test.pixels, shape: [nTest, SIDE, SIDE, 1], batchSize: 256 })).data;
    const plainInt8 = (await runBatched({ session: int8Session, inputs: splits.test.pixels, shape: [nTest, SIDE, SIDE, 1], batchSize: 256 })).data;
    const maxDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] ?? Number.NaN))), 0);

    const variant = async (scorer: (pixels: Float32Array) => Promise<Float32Array>): Promise<VariantMetrics> => {
      const valScores = await scorer(splits.val.pixels);
      const testScores = await scorer(splits.test.pixels);
      return {
        valAuc: rocAuc({ labels: splits.val.labels, scores: valScores }),
        testAuc: rocAuc({ labels: splits.test.labels, scores: testScores }),
        testAcc: accuracyAt({ labels: splits.test.labels, scores: testScores, threshold }),
        testAccOwnThreshold: accuracyAt({ labels: splits.test.labels, scores: testScores, threshold: validationThreshold({ labels: splits.val.labels, scores: valScores }) }),
      };
    };
    const tfjsByPixels = new Map([[splits.val.pixels, splits.val.tfjsScores], [splits.test.pixels, splits.test.tfjsScores]]);
    const metrics = {
      tfjs: await variant(async (pixels) => tfjsByPixels.get(pixels) ?? new Float32Array()),
      ortFp32: await variant((pixels) => ortScores({ session: fp32Session, pixels, tta })),
      ortInt8: await variant((pixels) => ortScores({ session: int8Session, pixels, tta })),
    };
    const result: PneumoniaExport = { fp32, int8, threshold, tta, maxAbsDiffFp32: maxDiff(plainTestScores, plainFp32), maxAbsDiffInt8: maxDiff(plainTestScores, plainInt8), metrics };

    console.log(`\nONNX export: ${foldedBatchNorms} BatchNorms folded; fp32 ${fp32.byteLength} bytes, int8 ${int8.byteLength} bytes (${(report.ratio * 100).toFixed(1)}%), ${report.tensors.length} tensors quantized, ${report.skipped.length} left in fp32`);
    console.log(`max |tfjs − ORT fp32| on ${nTest} test images: ${result.maxAbsDiffFp32.toExponential(3)} (goal ≤ 1e-4: ${result.maxAbsDiffFp32 <= 1e-4 ? 'met' : 'MISSED'}); max |tfjs − ORT int8|: ${result.maxAbsDiffInt8.toExponential(3)}`);
    console.log(`scores${tta ? ' (flip-averaged)' : ''}; ACC at the validation threshold ${threshold.toFixed(4)}, and at each variant's own validation threshold:`);
    for (const [name, m] of Object.entries(metrics)) {
      console.log(`  ${name.padEnd(8)} val AUC ${m.valAuc.toFixed(4)}  test AUC ${m.testAuc.toFixed(4)}  test ACC ${m.testAcc.toFixed(4)}  (own threshold ${m.testAccOwnThreshold.toFixed(4)})`);
    }
    console.log(`int8 change on test: AUC ${(metrics.ortInt8.testAuc - metrics.ortFp32.testAuc).toFixed(4)}, ACC ${(metrics.ortInt8.testAcc - metrics.ortFp32.testAcc).toFixed(4)}`);

    if (dir !== undefined) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'pneumonia-cnn.fp32.onnx'), fp32);
      await writeFile(join(dir, 'pneumonia-cnn.int8.onnx'), int8);
      const summary = { fp32Sha256: hashOnnxBytes(fp32), int8Sha256: hashOnnxBytes(int8), fp32Bytes: fp32.byteLength, int8Bytes: int8.byteLength, threshold, tta, maxAbsDiffFp32: result.maxAbsDiffFp32, maxAbsDiffInt8: result.maxAbsDiffInt8, metrics, quantization: report };
      await writeFile(join(dir, 'onnx-report.json'), JSON.stringify(summary, null, 2));
      console.log(`wrote ${dir}/pneumonia-cnn.{fp32,int8}.onnx and onnx-report.json`);
    }
    return result;
  } finally {
    await fp32Session.session.release();
    await int8Session.session.release();
  }
}

/** Plain JSON (undefined fields dropped) checked against the registry's Json schema. */
function toJsonRecord(value: unknown): Record<string, TJsonValue> {
  const json = ZJsonValue.parse(JSON.parse(JSON.stringify(value)));
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error('expected a JSON object');
  return json;
}

/**
 * Registers the trained CNN (ONNX fp32 + int8, preprocessing, val/test metrics, training run, model card) in
 * the registry of DATABASE_URL, in one transaction with its training-run record.
 *
 * @example
 * await registerPneumoniaModel({ record, selection, results, exported, champion: false, standardise, rows: 4708 });
 */
export async function registerPneumoniaModel({
  record,
  selection,
  results,
  exported,
  champion,
  standardise,
  rows,
}: {
  record: TrainingRecord;
  selection: { weightsFrom: string; tta: boolean };
  results: { valAuc: number; valAcc: number; testAuc: number; testAcc: number };
  exported: PneumoniaExport;
  champion: boolean;
  standardise: { mean: number; std: number };
  rows: number;
}): Promise<void> {
  const url = readDbEnv().DATABASE_URL;
  if (!url) throw new Error('--register needs DATABASE_URL (the platform database)');
  const db = createDb({ url });
  const hyperparameters = toJsonRecord({ ...record.hyperParameters, weightsFrom: selection.weightsFrom, testTimeFlip: selection.tta, threshold: exported.threshold });
  const { ortInt8 } = exported.metrics;
  const metrics: TMetricInput[] = [
    { name: 'auc', value: results.valAuc, split: 'val' },
    { name: 'accuracy', value: results.valAcc, split: 'val' },
    { name: 'auc', value: results.testAuc, split: 'test' },
    { name: 'accuracy', value: results.testAcc, split: 'test' },
    { name: 'auc_int8', value: ortInt8.testAuc, split: 'test' },
    { name: 'accuracy_int8', value: ortInt8.testAcc, split: 'test' },
    { name: 'max_abs_diff_onnx_fp32', value: exported.maxAbsDiffFp32, split: 'test' },
  ];
  // Everything a server needs to reproduce the scores: the same standardisation, threshold and TTA rule.
  const preprocessing = { input: 'image [N,28,28,1] float32, NHWC', standardise, threshold: exported.threshold, testTimeFlip: exported.tta, output: 'pneumonia_probability [N,1]' };
  try {
    const registered = await db.$transaction(async (tx) => {
      const { id: trainingRunId } = await startTrainingRun({
        db: tx,
        run: { modelName: 'pneumonia-cnn-28', backend: record.backend.id, seed: record.seed, dataFingerprint: record.dataFingerprint, hyperparameters },
      });
      await finishTrainingRun({
        db: tx,
        runId: trainingRunId,
        outcome: { status: 'succeeded', history: toJsonRecord({ epochs: record.history }), wallTimeMs: Math.round(record.wallTimeSeconds * 1000), metrics },
      });
      return registerModelVersion({
        db: tx,
        trainingRunId,
        setChampion: champion,
        model: {
          name: 'pneumonia-cnn-28',
          domain: 'imaging',
          task: 'binary-classification',
          description: 'Small residual CNN scoring the probability of pneumonia on 28x28 grey chest X-rays (PneumoniaMNIST).',
        },
        version: { dataFingerprint: record.dataFingerprint, backend: record.backend.id, hyperparameters },
        metrics,
        artifacts: [
          { kind: 'onnx', mediaType: 'application/onnx', content: exported.fp32 },
          { kind: 'onnx-int8', mediaType: 'application/onnx', content: exported.int8 },
          { kind: 'preprocessing', mediaType: 'application/json', content: new TextEncoder().encode(JSON.stringify(preprocessing)) },
        ],
        card: {
          intendedUse: 'Triage support for chest X-rays at 28x28 pixels: orders a worklist so likely pneumonia cases are read first. Not a diagnosis; a radiologist reads every image.',
          outOfScopeUse: ['Diagnosis or ruling out pneumonia without a radiologist', 'Images other than frontal paediatric chest X-rays', 'Full-resolution images without down-sampling to 28x28'],
          trainingData: {
            description: 'PneumoniaMNIST (MedMNIST v2): paediatric frontal chest X-rays down-sampled to 28x28, labels normal / pneumonia; official train split, validation split for model and threshold choice.',
            source: 'MedMNIST v2 (Yang et al., 2023), from Kermany et al. 2018',
            rows,
          },
          evaluation: 'Weights and threshold chosen on the validation split (AUC, balanced accuracy); the official test split scored once.',
          limitations: [
            'Low resolution (28x28): fine findings visible at full resolution are lost.',
            'Dataset shift: one paediatric source population; other hospitals, scanners, adults or portable films may score differently.',
            'Training split is 74% pneumonia; probabilities are not calibrated to a clinic\'s prevalence.',
          ],
          ethicalConsiderations: ['A missed pneumonia delays care: the model only reorders the worklist, it never removes a case from it.'],
        },
      });
    });
    console.log(`\nregistered ${registered.modelName} v${registered.version} (${registered.versionId})${registered.champion ? ' as champion' : ''}`);
    for (const a of registered.artifacts) console.log(`  artifact ${a.kind}: ${a.sizeBytes} bytes, sha256 ${a.sha256}`);
    console.log(`\n${renderModelCardMarkdown(registered.card)}`);
  } finally {
    await db.$disconnect();
  }
}
