import { randomUUID } from 'node:crypto';
import { defineJob, JobCancelledError, DEFAULT_QUEUE_SETTINGS, type TJobDefinition, type TQueueSettings } from '@platform/jobs';
import type { TrainingProgress } from '@platform/ml-core/train';
import { registerModelVersion, parseRegistration } from './registry-service';
import type { TJsonValue, TRegisterModelVersionInput } from './schemas';
import { abandonTrainingRuns, finishTrainingRun, startTrainingRun } from './training-runs';

/** What a training job's `train` step knows once its data is loaded; recorded as a `running` TrainingRun. */
export interface TTrainingRunStart {
  modelName: string;
  backend: string;
  seed: number;
  dataFingerprint: string;
  hyperparameters: Record<string, TJsonValue>;
}

export interface TTrainingContext<TPayload> {
  payload: TPayload;
  jobRunId: string;
  attempt: number;
  /** Aborted when a user cancels the job: pass it to `trainModel`. */
  signal: AbortSignal;
  /** Job progress 0..1 for steps outside `trainModel` (loading, evaluating, exporting). */
  progress: (fraction: number, message?: string) => Promise<void>;
  /** Pass as `trainModel({ onProgress })`: throttled and mapped onto the training share of the progress bar. */
  onTrainingProgress: (progress: TrainingProgress) => void;
  /** Records the TrainingRun (status running) once the data fingerprint and backend are known. Call once. */
  startRun: (run: TTrainingRunStart) => Promise<void>;
}

/** A trained model to register (minus what the wrapper fills in: training run and version ids) and its run record. */
export type TTrainingOutcome = Omit<TRegisterModelVersionInput, 'trainingRunId' | 'versionId'> & {
  run: { seed: number; history: TJsonValue; wallTimeMs?: number };
  /** Extra JSON for the job's result (shown in the jobs UI). */
  result?: Record<string, TJsonValue>;
};

export const TRAINING_QUEUE_SETTINGS: TQueueSettings = { ...DEFAULT_QUEUE_SETTINGS, expireInSeconds: 30 * 60 };

/** Share of the progress bar given to `trainModel`'s epochs; the rest is loading before and registering after. */
const TRAIN_FROM = 0.05;
const TRAIN_TO = 0.9;

/**
 * A pg-boss job that trains a model and registers it. Training runs in the job; the registration (version,
 * metrics, artifacts, card, champion alias) and the TrainingRun's success are written in the job's exactly-once
 * `commit`, so a worker killed mid-run leaves no half-registered version and the retry registers exactly one.
 * A retry marks the TrainingRun of the lost attempt as failed.
 * @example
 * export const trainChurnJob = defineTrainingJob({
 *   kind: 'ml.train-churn', parse: (p) => ZChurnPayload.parse(p),
 *   train: async ({ payload, onTrainingProgress, signal, startRun }) => {
 *     const record = await trainModel({ ..., signal, onProgress: onTrainingProgress });
 *     return { model, version, metrics, artifacts, card, setChampion: true, run: { seed: record.seed, history: record.history } };
 *   },
 * });
 */
export function defineTrainingJob<TPayload>({
  kind,
  parse,
  train,
  settings = TRAINING_QUEUE_SETTINGS,
  progressIntervalMs = 500,
}: {
  kind: string;
  parse: (payload: unknown) => TPayload;
  train: (context: TTrainingContext<TPayload>) => Promise<TTrainingOutcome>;
  settings?: TQueueSettings;
  /** Least time between two progress writes from `onTrainingProgress` (each is a database update). */
  progressIntervalMs?: number;
}): TJobDefinition<TPayload> {
  return defineJob<TPayload>({
    kind,
    parse,
    settings,
    async run({ db, jobRunId, attempt, payload, progress, signal }) {
      await abandonTrainingRuns({ db, jobId: jobRunId, reason: `attempt ${attempt - 1} was lost (worker stopped) and retried` });
      const runId = randomUUID();
      const versionId = randomUUID();
      let started: TTrainingRunStart | undefined;
      const controller = new AbortController();
      const trainSignal = AbortSignal.any([signal, controller.signal]);
      let pending: Promise<void> | undefined;
      let lastWrite = 0;
      let progressError: unknown;

      const onTrainingProgress = (p: TrainingProgress): void => {
        const now = Date.now();
        if (pending !== undefined || now - lastWrite < progressIntervalMs) return;
        lastWrite = now;
        const done = (p.epoch * p.stepsPerEpoch + p.step + 1) / Math.max(1, p.epochs * p.stepsPerEpoch);
        pending = progress(TRAIN_FROM + (TRAIN_TO - TRAIN_FROM) * done, `epoch ${p.epoch + 1}/${p.epochs}, loss ${p.loss.toFixed(4)}`)
          .catch((error: unknown) => {
            // A cancel (or a lost database) surfaces here, outside trainModel: stop training at its next step.
            progressError = error;
            controller.abort(error);
          })
          .finally(() => {
            pending = undefined;
          });
      };
      const startRun = async (run: TTrainingRunStart): Promise<void> => {
        if (started !== undefined) throw new Error(`${kind}: startRun was called twice`);
        await startTrainingRun({ db, run: { ...run, id: runId, jobId: jobRunId } });
        started = run;
      };

      let outcome: TTrainingOutcome;
      try {
        outcome = await train({ payload, jobRunId, attempt, signal: trainSignal, progress, onTrainingProgress, startRun });
        await pending; // a late write must not land after completion and move the bar back
        if (progressError !== undefined) throw progressError;
      } catch (error) {
        await pending;
        const cancelled = error instanceof JobCancelledError || progressError instanceof JobCancelledError || signal.aborted;
        if (started !== undefined) {
          const message = error instanceof Error ? error.message : String(error);
          await finishTrainingRun({ db, runId, outcome: { status: cancelled ? 'cancelled' : 'failed', history: { error: message } } }).catch(() => undefined);
        }
        throw cancelled ? new JobCancelledError() : error;
      }

      const { run, result, ...registration } = outcome;
      // Validate now, so bad output fails the attempt here instead of inside the completion transaction.
      parseRegistration({ ...registration, versionId });
      const overall = registration.metrics.filter((m) => (m.slice ?? 'all') === 'all').map((m) => ({ name: m.name, value: m.value, split: m.split ?? 'test' }));
      await progress(0.95, 'Registering the model version');
      return {
        result: { ...result, modelName: registration.model.name, versionId, trainingRunId: runId, metrics: overall },
        commit: async (tx) => {
          if (started === undefined) {
            await startTrainingRun({
              db: tx,
              run: { id: runId, jobId: jobRunId, modelName: registration.model.name, backend: registration.version.backend, seed: run.seed, dataFingerprint: registration.version.dataFingerprint, hyperparameters: registration.version.hyperparameters },
            });
          }
          await finishTrainingRun({ db: tx, runId, outcome: { status: 'succeeded', history: run.history, wallTimeMs: run.wallTimeMs }, reclaimAbandoned: true });
          await registerModelVersion({ db: tx, ...registration, trainingRunId: runId, versionId });
        },
      };
    },
  });
}
