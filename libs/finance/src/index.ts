// Credit-risk domain (server entry): services, repositories and the tRPC router of the risk app.
export { financeRouter } from './router';
export { seedFinance, readGermanCredit } from './seed-service';
export type { TFinanceSeedResult } from './seed-service';
export { loadScoreContext, scoreApplications } from './scoring-service';
export * from './schemas';
export { importApplicationsJob } from './import-job';
export { switchServingModelJob } from './model-switch-job';
export { validateApplicantsCsv, proposeMapping } from './csv-import';
export { APPLICANTS_UPLOAD, APPLICANTS_UPLOAD_PURPOSE } from './import-plan';
export { listQueue } from './application-service';
export { getMonitoring } from './monitoring-service';
// The three credit model lines' training protocols (5-fold stratified CV, calibration, cost threshold), for CLIs.
export { trainScorecardWithCv } from './scorecard/training';
export { trainChallengerWithCv } from './challenger/training';
export { trainGbdtChallengerWithCv, GBDT_MONOTONE } from './challenger/gbdt';
