import * as tf from '@tensorflow/tfjs';
import { createSeededInit, kernelPenalty } from './seeded-init';

export interface GlobalForecasterOptions {
  /** Past values per sample (the lag window), already scaled per series. */
  lags: number;
  /** Extra features per sample (calendar, price, series embedding one-hots...), concatenated after the lags. */
  covariates?: number;
  /** Steps ahead predicted at once. */
  horizon?: number;
  hidden?: number[];
  dropout?: number;
  l2?: number;
  /** Quantile levels, e.g. [0.1, 0.5, 0.9]: outputs horizon x quantiles values, train with the pinball loss. */
  quantiles?: number[];
  seed?: number;
}

/**
 * Global forecaster: one MLP shared by all series over [lag window, covariates]. Output shape
 * [n, horizon * Q] laid out horizon-major (index h * Q + q) with Q = quantiles.length (1 without quantiles).
 *
 * @example
 * const model = buildGlobalForecaster({ lags: 28, covariates: 7, horizon: 7, quantiles: [0.1, 0.5, 0.9] });
 * // train with loss { kind: 'pinball', quantiles: [0.1, 0.5, 0.9] }
 */
export function buildGlobalForecaster({ lags, covariates = 0, horizon = 1, hidden = [64, 64], dropout = 0, l2 = 0, quantiles, seed = 0 }: GlobalForecasterOptions): tf.LayersModel {
  if (quantiles !== undefined && quantiles.some((q) => !(q > 0 && q < 1))) throw new Error('buildGlobalForecaster: quantiles must lie in (0, 1)');
  const init = createSeededInit({ seed });
  const input = tf.input({ shape: [lags + covariates], name: 'window' });
  let h: tf.SymbolicTensor = input;
  hidden.forEach((units, i) => {
    h = tf.layers.dense({ units, activation: 'relu', kernelInitializer: init.heNormal(), kernelRegularizer: kernelPenalty({ l2 }), name: `hidden_${i}` }).apply(h) as tf.SymbolicTensor;
    if (dropout > 0) h = tf.layers.dropout({ rate: dropout, seed: init.nextSeed(), name: `dropout_${i}` }).apply(h) as tf.SymbolicTensor;
  });
  const units = horizon * (quantiles?.length ?? 1);
  const output = tf.layers.dense({ units, activation: 'linear', kernelInitializer: init.glorot(), name: 'forecast' }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'global_forecaster' });
}
