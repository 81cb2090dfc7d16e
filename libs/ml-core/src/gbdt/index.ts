// Gradient-boosted decision trees area of ml-core (server-only: worker_threads, node:os, node:crypto):
// histogram learner, predictor, model JSON, TreeSHAP, ONNX export, tuning and model-card helpers.
export { fitGbdt, resolveGbdtParams } from './fit';
export type { FitGbdtOptions, TGbdtFitRecord, TGbdtFitResult, TGbdtIteration } from './fit';
export { predictGbdt, compileGbdt } from './predict';
export type { TCompiledGbdt, TGbdtPrediction } from './predict';
export { explainGbdt, gbdtExpectedValue, gbdtImportance } from './tree-shap';
export type { TGbdtExplanation, TGbdtFeatureImportance } from './tree-shap';
export { serialiseGbdtModel, loadGbdtModel, ZGbdtModel } from './serialise';
export { exportGbdtToOnnx } from './export-onnx';
export type { ExportGbdtToOnnxOptions, ExportGbdtToOnnxResult } from './export-onnx';
export { poissonDeviance, tweedieDeviance } from './objectives';
export type {
  TGbdtCategoricalFeature,
  TGbdtCategoricalSplit,
  TGbdtFeature,
  TGbdtLeaf,
  TGbdtModel,
  TGbdtNode,
  TGbdtNumericFeature,
  TGbdtNumericSplit,
  TGbdtObjective,
  TGbdtObjectiveKind,
  TGbdtParams,
  TGbdtResolvedParams,
  TGbdtRows,
  TGbdtTree,
  TMonotone,
} from './types';
export { GBDT_SEARCH_SPACE, createGbdtCvObjective, crossValidateGbdt, gbdtParamsFromTrial } from './tuning';
export type { CrossValidateGbdtOptions, TGbdtCvMetric, TGbdtSearchSpace, TGbdtSpaceLike, TGbdtTrial } from './tuning';
export { describeGbdtForModelCard } from './model-card';
export type { TGbdtJson, TGbdtModelCardInfo } from './model-card';
