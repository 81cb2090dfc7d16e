// Evaluation area of ml-core: pure-TypeScript metrics (no tfjs, no node built-ins), safe to import anywhere.
export {
  accuracy,
  averagePrecision,
  brierScore,
  chooseThreshold,
  confusionMatrix,
  f1,
  gini,
  ksStatistic,
  logLoss,
  prCurve,
  precision,
  recall,
  rocAuc,
  rocCurve,
} from './classification';
export type { ConfusionMatrix, PrPoint, PredictionInput, RocPoint, ThresholdChoice } from './classification';
export { calibrate, expectedCalibrationError, fitIsotonic, fitPlatt, reliabilityCurve } from './calibration';
export type { Calibrator, IsotonicCalibrator, PlattCalibrator, ReliabilityBin } from './calibration';
export { bootstrapCi, meanCi, quantileSorted, studentTCdf, studentTQuantile } from './confidence';
export type { Interval } from './confidence';
export { intervalCoverage, mae, mape, mase, pinballLoss, rmse, smape, wape } from './regression';
export { catalogueCoverage, hitRate, mapAtK, ndcgAtK, precisionAtK, recallAtK } from './ranking';
export type { RankingInput } from './ranking';
export { driftBand, driftReport, kolmogorovQ, ksTwoSample, psi, psiCategorical } from './drift';
export type { DriftBand, FeatureDrift, PsiBin, PsiResult } from './drift';
