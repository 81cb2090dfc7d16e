// Server-only entry (onnxruntime-node, node:crypto): never import from client components.
export { UnsupportedLayerError, InvalidOnnxModelError } from './errors';
export { exportToOnnx } from './export-to-onnx';
export { exportBinnedAdditiveModel } from './export-binned-additive';
export type { ExportBinnedAdditiveOptions, ExportBinnedAdditiveResult, TBinnedCategoricalFeature, TBinnedFeature, TBinnedNumericFeature } from './export-binned-additive';
export type { ExportToOnnxOptions, ExportToOnnxResult, OnnxOpset, OnnxTensorSignature } from './export-to-onnx';
export { createOnnxSession, clearOnnxSessionCache, hashOnnxBytes, runBatch, runBatched } from './session';
export type { CreateOnnxSessionOptions, OnnxBatchResult, OnnxExecutionProvider, OnnxSession, RunBatchOptions } from './session';
export { inspectOnnx, validateOnnxSignature, ZExpectedSignature, ZExpectedTensor } from './inspect';
export type { DeclaredDim, OnnxModelInfo, OnnxSignatureCheck, OnnxValueSignature, TExpectedSignature, TExpectedTensor } from './inspect';
export { quantizeOnnxWeights, quantizeSymmetricInt8 } from './quantize';
export type { QuantizedTensorReport, QuantizeOnnxWeightsOptions, QuantizeOnnxWeightsResult } from './quantize';
export type { OnnxDim, OnnxElementType } from './onnx-proto';
// Seeded reference models for parity checks and the ONNX benchmark (tools/bench-onnx.ts).
export { createResidualCnnFixture, createTabularMlpFixture, seededUniform, setSeededWeights } from './fixture-models';
