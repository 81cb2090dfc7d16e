// Strategy domain (server entry): initiatives, costs, benefits, ROI and the strategy app's router.
export { strategyRouter } from './router';
export { CREDIT_RISK_PRESETS, DEFAULT_CREDIT_RISK_PRESET, ZCreditRiskCustomRangeInput, resolveCreditRiskRange } from './credit-risk-range';
export type { TCreditRiskCustomRangeInput, TCreditRiskPreset, TCreditRiskRange, TCreditRiskRangeField, TResolvedCreditRiskRange } from './credit-risk-range';
