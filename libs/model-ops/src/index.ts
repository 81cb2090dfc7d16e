// Shared model operations (server-only): what every vertical's data and model workflow reuses. Today: uploaded
// files (streamed, size-limited, hashed, recognised when uploaded again).
export { receiveUpload, loadUpload, findEarlierImports, markUploadImported, MB } from './upload-service';
export type { TUploadMeta, TUploadPurpose } from './upload-service';
// Served models: one adapter per model line, and the one place that decides which version serves.
export { createServedModelRegistry } from './served-model';
export type { TServedModel, TServedModelAdapter, TServedModelRegistry, TServedVersionInfo, TServingState, TServingSwitchAction, TServingSwitchPlan } from './served-model';
// CSV files read against a feature spec (streamed; every problem by line and column).
export { validateCsv, rowContentHash } from './csv-validation';
export type { TCsvRowError, TCsvValidation, TValidatedCsvRow } from './csv-validation';
// Drift: PSI per feature from binned counts in PostgreSQL.
export { driftInSql } from './drift-sql';
export type { TDriftColumn, TSqlDrift, TSqlDriftFeature } from './drift-sql';
// Bringing a data set the platform has never seen: columns inferred, then a feature spec from the user's choices.
export { inferColumns, specFromColumns } from './column-inference';
export type { TColumnChoice, TColumnInference, TInferredColumn, TInferredKind, TSpecFromColumns } from './column-inference';
