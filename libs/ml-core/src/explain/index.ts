// Explain area of ml-core: model-agnostic attributions (Shapley, permutation importance, PD/ICE),
// gradient attributions for tfjs models (Integrated Gradients, Grad-CAM), occlusion maps, reason codes.
export { exactShapley, explain, kernelShap } from './shapley';
export type { ExplainOptions, KernelShapOptions, ShapleyExplanation, ShapleyOptions } from './shapley';
export { reasonCodes } from './reason-codes';
export type { ReasonCode, ReasonCodesOptions, ReasonDirection } from './reason-codes';
export { permutationImportance, tQuantile975 } from './permutation-importance';
export type { FeatureImportance, PermutationImportanceOptions } from './permutation-importance';
export { partialDependence } from './partial-dependence';
export type { PartialDependenceOptions, PartialDependenceResult } from './partial-dependence';
export { integratedGradients } from './integrated-gradients';
export type { IntegratedGradientsOptions, IntegratedGradientsResult } from './integrated-gradients';
export { gradCam, occlusionMap } from './saliency-maps';
export type { GradCamOptions, OcclusionOptions, SaliencyMap } from './saliency-maps';
export type { DifferentiableModel } from './tf-model';
export type { PredictFn } from './types';
