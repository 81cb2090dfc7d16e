// Client-safe UI of the credit-risk domain (no Prisma, no server-only imports).
export { ContributionChart } from './contribution-chart';
export type { TChartContribution } from './contribution-chart';
export { DecisionForm } from './decision-form';
export type { TDecisionFormState } from './decision-form';
export { ATTRIBUTES, LOAN_PURPOSE, GRADES, APPLICATION_STATUS, describeValue } from '../codebook';
export { applicantTemplateCsv, describeApplicantColumns } from '../column-guide';
export type { TColumnGuideRow } from '../column-guide';
export { RocChart, CalibrationChart, ScoreDistributionChart } from './charts';
export { NewApplicationForm } from './new-application-form';
export type { TNewApplicationFormState } from './new-application-form';
export { SettingsForm } from './settings-form';
export type { TSettingsFormState } from './settings-form';
export { PromoteForm } from './promote-form';
export type { TPromoteFormState } from './promote-form';
