// Fairness area of ml-core: group metrics for binary classifiers and equal-opportunity post-processing.
export { equalOpportunityThresholds, fairnessReport } from './metrics';
export type { EqualOpportunityOptions, EqualOpportunityResult, FairnessOptions, FairnessReport, GroupMetrics } from './metrics';
