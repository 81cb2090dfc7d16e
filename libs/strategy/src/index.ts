// Strategy domain (server entry): initiatives, costs, benefits, ROI and the strategy app's router.
export { createStrategyRouter } from './router';
export { CREDIT_RISK_PRESETS, DEFAULT_CREDIT_RISK_PRESET, ZCreditRiskCustomRangeInput, resolveCreditRiskRange } from './credit-risk-range';
export type { TCreditRiskCustomRangeInput, TCreditRiskPreset, TCreditRiskRange, TCreditRiskRangeField, TResolvedCreditRiskRange } from './credit-risk-range';
export * from './schemas';
export type { TVerticalKpiProvider, TVerticalKpiReading, TVerticalMetric, TKpiSourceState } from './vertical-kpis';
export type { TInitiativeAppraisal, TPeriodRow, TPortfolio, TLiveKpis } from './portfolio-service';
export type { TAppraisal, TIrr, TSensitivityBar } from './appraisal';
export type { TComputeRates, TMeasuredCompute } from './compute-service';
export { seedStrategy } from './seed-service';
export type { TStrategySeedResult } from './seed-service';
