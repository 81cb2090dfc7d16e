// Tuning area of ml-core: grid / random / TPE search over a declared space, and k-fold cross-validation.
export { gridSearch, randomSearch, tpeSearch } from './search';
export type { Objective, SearchResult, TrialRecord } from './search';
export type { Direction, ParamSpec, ParamsOf, SearchSpace } from './space';
export { crossValidate } from './cross-validate';
export type { CrossValidationResult, FoldContext, MetricSummary } from './cross-validate';
