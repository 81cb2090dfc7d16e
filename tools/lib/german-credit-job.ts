import { z } from 'zod';
import { initBackend } from '@platform/ml-core/backend';
import { defineTrainingJob } from '@platform/registry';
import { CANDIDATES, crossValidateCandidate, packageGermanCreditModel, readGermanCredit } from './german-credit';

const ZPayload = z
  .object({
    classifier: z.enum(['logistic', 'mlp']).default('logistic'),
    seed: z.number().int().default(1),
    setChampion: z.boolean().default(false),
  })
  .strict();

/**
 * Trains a German Credit classifier in the worker: 5-fold CV for the card's metrics, a final fit on all rows,
 * ONNX export, and registration (in the job's exactly-once commit).
 * @example await enqueueJob({ db, boss, definition: germanCreditTrainingJob, app: 'risk', title: 'Retrain', payload: { classifier: 'mlp' }, createdById });
 */
export const germanCreditTrainingJob = defineTrainingJob({
  kind: 'ml.train-german-credit',
  parse: (payload) => ZPayload.parse(payload),
  async train({ payload, progress, onTrainingProgress, signal, startRun }) {
    const backend = await initBackend();
    const data = readGermanCredit();
    const candidate = CANDIDATES.find((c) => c.name === payload.classifier);
    if (candidate === undefined) throw new Error(`no candidate ${payload.classifier}`);
    await startRun({ modelName: `german-credit-${candidate.name}`, backend: backend.id, seed: payload.seed, dataFingerprint: data.fingerprint, hyperparameters: { classifier: candidate.spec, epochs: candidate.epochs } });
    await progress(0.02, 'Cross-validating');
    const cv = await crossValidateCandidate({ data, candidate, seed: payload.seed });
    signal.throwIfAborted();
    return packageGermanCreditModel({ data, candidate, cv, seed: payload.seed, backend: backend.id, signal, onProgress: onTrainingProgress, setChampion: payload.setChampion });
  },
});
