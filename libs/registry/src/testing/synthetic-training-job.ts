import { z } from 'zod';
import { initBackend } from '@platform/ml-core/backend';
import { createRng, fingerprint, stratifiedSplit } from '@platform/ml-core/data';
import { rocAuc } from '@platform/ml-core/evaluation';
import { exportToOnnx } from '@platform/ml-core/onnx';
import { defineTrainingJob } from '../training-job';
import { fitTabularClassifier } from '../tabular/tabular-classifier';

export const SYNTHETIC_MODEL_NAME = 'test-synthetic-logistic';

const ZPayload = z.object({ rows: z.number().int().min(50).max(100_000), epochs: z.number().int().min(1).max(500), seed: z.number().int() }).strict();

/** Rows x ~ N(0, 1)^8 and labels drawn from a known logistic model, so a real fit reaches a real AUC. */
export function syntheticRows({ rows, seed }: { rows: number; seed: number }): { x: number[][]; y: number[] } {
  const rng = createRng({ seed });
  const w = [1.5, -1, 0.8, 0, 0.5, -0.7, 0, 0.3];
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < rows; i += 1) {
    const row = w.map(() => rng.normal());
    const logit = row.reduce((s, v, j) => s + v * (w[j] ?? 0), -0.4);
    x.push(row);
    y.push(rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0);
  }
  return { x, y };
}

/** A real (small) training job for the kill-and-retry test: logistic regression on synthetic data. */
export const syntheticTrainingJob = defineTrainingJob({
  kind: 'test.train-synthetic',
  parse: (payload) => ZPayload.parse(payload),
  // Expiry must outlast one whole attempt (pg-boss 10 expires live workers too), yet stay short so the test
  // does not wait long for the killed worker's delivery to come back.
  settings: { expireInSeconds: 12, retryLimit: 2, retryDelaySeconds: 1 },
  progressIntervalMs: 200,
  async train({ payload, signal, progress, onTrainingProgress, startRun }) {
    const backend = await initBackend();
    const { x, y } = syntheticRows(payload);
    const split = stratifiedSplit({ labels: y, fractions: { train: 0.8, val: 0, test: 0.2 }, seed: payload.seed });
    const dataFingerprint = fingerprint({ data: [Float64Array.from(x.flat()), Float64Array.from(y)] });
    const hyperparameters = { classifier: 'logistic', epochs: payload.epochs, rows: payload.rows };
    await startRun({ modelName: SYNTHETIC_MODEL_NAME, backend: backend.id, seed: payload.seed, dataFingerprint, hyperparameters });
    await progress(0.05, 'Training');
    const fitted = await fitTabularClassifier({ rows: x, labels: y, train: split.train, spec: { kind: 'logistic' }, epochs: payload.epochs, batchSize: 16, seed: payload.seed, signal, onProgress: onTrainingProgress });
    const scores = fitted.predict({ rows: split.test.map((i) => x[i] ?? []) });
    const auc = rocAuc({ labels: split.test.map((i) => y[i] ?? 0), scores });
    const onnx = exportToOnnx({ model: fitted.model });
    return {
      model: { name: SYNTHETIC_MODEL_NAME, domain: 'test', task: 'binary-classification', description: 'Synthetic logistic data (test only).' },
      version: { dataFingerprint, backend: backend.id, hyperparameters },
      metrics: [{ name: 'auc', value: auc, split: 'test' }],
      artifacts: [
        { kind: 'onnx', mediaType: 'application/onnx', content: onnx.bytes },
        { kind: 'preprocessing', mediaType: 'application/json', content: new TextEncoder().encode(JSON.stringify(fitted.preprocessing)) },
      ],
      card: {
        intendedUse: 'Testing the registry.',
        outOfScopeUse: ['Anything real.'],
        trainingData: { description: 'Synthetic rows from a known logistic model.', rows: payload.rows },
        limitations: ['Synthetic.'],
        ethicalConsiderations: ['None: no people are described by this data.'],
      },
      setChampion: true,
      run: { seed: payload.seed, history: fitted.record.history.map((e) => ({ epoch: e.epoch, loss: e.loss, metric: e.metric })), wallTimeMs: Math.round(fitted.record.wallTimeSeconds * 1000) },
    };
  },
});
