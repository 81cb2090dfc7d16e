// UI of the strategy domain: server-renderable components and formatting (no Prisma, no server-only imports).
export { CreditRiskFigures } from './credit-risk-figures';
export type { TCreditRiskKpis } from './credit-risk-figures';
export { CreditRiskRangePicker } from './credit-risk-range-picker';
export { formatCount, formatDm, formatShare, formatSignedDm, formatUtcDay, formatYears } from './format';
export { INITIAL_FORM_STATE } from './form-state';
export type { TStrategyFormState } from './form-state';
export { InitiativeForm } from './initiative-form';
export type { TInitiativeFormValues } from './initiative-form';
export { AddBenefitForm, AddCostForm, ComputeRatesForm } from './ledger-forms';
export { RiskForm } from './risk-form';
export { RiskHeatMap } from './risk-heat-map';
