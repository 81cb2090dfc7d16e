// Server-only: the model registry (versions, metrics, artifacts, cards, champion alias, training runs) and
// training as a background job. Functions take `db` as a client or a transaction client.
export { registerModelVersion, parseRegistration, getModelVersion, getChampion, getChampionVersionId, setChampion, clearChampion, listModelVersions, getArtifact, compareVersions } from './registry-service';
export type { TVersionComparisonRow } from './registry-service';
export { registerExternalOnnxModel, EXTERNAL_ONNX_BACKEND } from './external-onnx';
export type { TRegisterExternalOnnxInput } from './external-onnx';
export { startTrainingRun, finishTrainingRun, abandonTrainingRuns, getTrainingRun } from './training-runs';
export type { TStartTrainingRunInput, TFinishTrainingRunInput } from './training-runs';
export { buildModelCard, renderModelCardMarkdown } from './model-card';
export type { TModelCard, TModelCardMetric } from './model-card';
export { readCodeVersion, readGitCommit } from './lineage';
export { defineTrainingJob, TRAINING_QUEUE_SETTINGS } from './training-job';
export type { TTrainingContext, TTrainingOutcome, TTrainingRunStart } from './training-job';
export { fitTabularClassifier, parseNumericTable } from './tabular/tabular-classifier';
export type { TFitTabularOptions, TFittedTabularClassifier, TTabularClassifierSpec } from './tabular/tabular-classifier';
export { CHAMPION_ALIAS } from './registry-repository';
export type { TDbClient } from './db-client';
export {
  MAX_ARTIFACT_BYTES,
  ZArtifactInput,
  ZJsonValue,
  ZMetricInput,
  ZModelCardInput,
  ZModelInput,
  ZRegisterModelVersionInput,
  ZVersionInput,
} from './schemas';
export type { TArtifactInput, TJsonValue, TMetricInput, TModelCardInput, TModelInput, TRegisterModelVersionInput, TVersionInput } from './schemas';
export { readRegistryEnv } from './env';
