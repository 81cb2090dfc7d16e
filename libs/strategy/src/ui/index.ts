// UI of the strategy domain: server-renderable components and formatting (no Prisma, no server-only imports).
export { CreditRiskFigures } from './credit-risk-figures';
export type { TCreditRiskKpis } from './credit-risk-figures';
export { CreditRiskRangePicker } from './credit-risk-range-picker';
export { formatCount, formatDm, formatShare, formatUtcDay } from './format';
