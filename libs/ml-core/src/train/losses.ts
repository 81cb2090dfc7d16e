import * as tf from '@tensorflow/tfjs';

/** Training objective. Models end in sigmoid/softmax for the cross-entropies (probabilities, as exported). */
export type LossSpec =
  | { kind: 'binaryCrossentropy' }
  | { kind: 'sparseCategoricalCrossentropy' }
  | { kind: 'meanSquaredError' }
  | { kind: 'pinball'; quantiles: number[] };

/** Name of the metric reported next to the loss for each objective. */
export function metricNameOf({ loss }: { loss: LossSpec }): 'accuracy' | 'mae' {
  return loss.kind === 'binaryCrossentropy' || loss.kind === 'sparseCategoricalCrossentropy' ? 'accuracy' : 'mae';
}

// Same clipping constant as Keras: keeps log() finite when a sigmoid saturates in float32.
const EPSILON = 1e-7;

const meanPerSample = (t: tf.Tensor): tf.Tensor1D => (t.rank <= 1 ? (t as tf.Tensor1D) : (tf.mean(tf.reshape(t, [t.shape[0] ?? -1, -1]), 1) as tf.Tensor1D));

function labelsAsIndices(y: tf.Tensor): tf.Tensor1D {
  return tf.cast(tf.reshape(y, [-1]), 'int32') as tf.Tensor1D;
}

/**
 * Per-sample loss, shape [batch]. Weighting and averaging happen in the training loop (class weights).
 *
 * @example
 * perSampleLoss({ loss: { kind: 'binaryCrossentropy' }, yTrue: tf.tensor2d([[1]]), yPred: tf.tensor2d([[0.9]]) }); // [0.105]
 */
export function perSampleLoss({ loss, yTrue, yPred }: { loss: LossSpec; yTrue: tf.Tensor; yPred: tf.Tensor }): tf.Tensor1D {
  return tf.tidy(() => {
    switch (loss.kind) {
      case 'binaryCrossentropy': {
        const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
        const y = tf.reshape(tf.cast(yTrue, 'float32'), p.shape);
        const ll = tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))));
        return meanPerSample(tf.neg(ll));
      }
      case 'sparseCategoricalCrossentropy': {
        const classes = yPred.shape[yPred.rank - 1] ?? 1;
        const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
        const oneHot = tf.oneHot(labelsAsIndices(yTrue), classes);
        return tf.neg(tf.sum(tf.mul(oneHot, tf.log(p)), 1)) as tf.Tensor1D;
      }
      case 'meanSquaredError': {
        const y = tf.reshape(tf.cast(yTrue, 'float32'), yPred.shape);
        return meanPerSample(tf.square(tf.sub(y, yPred)));
      }
      case 'pinball': {
        const q = loss.quantiles.length;
        const n = yPred.shape[0] ?? -1;
        const pred = tf.reshape(yPred, [n, -1, q]); // [n, horizon, Q]
        const y = tf.reshape(tf.cast(yTrue, 'float32'), [n, -1, 1]);
        const err = tf.sub(y, pred);
        const levels = tf.reshape(tf.tensor1d(loss.quantiles), [1, 1, q]);
        // Pinball: q * e when under-predicting (e > 0), (q - 1) * e when over-predicting.
        return meanPerSample(tf.maximum(tf.mul(levels, err), tf.mul(tf.sub(levels, 1), err)));
      }
    }
  });
}

/**
 * Per-sample metric, shape [batch]: 1/0 correctness for classification, absolute error for regression
 * (for quantile models, of the quantile closest to the median).
 *
 * @example
 * perSampleMetric({ loss: { kind: 'meanSquaredError' }, yTrue: tf.tensor2d([[1]]), yPred: tf.tensor2d([[3]]) }); // [2]
 */
export function perSampleMetric({ loss, yTrue, yPred }: { loss: LossSpec; yTrue: tf.Tensor; yPred: tf.Tensor }): tf.Tensor1D {
  return tf.tidy(() => {
    switch (loss.kind) {
      case 'binaryCrossentropy': {
        const y = tf.reshape(tf.cast(yTrue, 'float32'), yPred.shape);
        const hit = tf.cast(tf.equal(tf.cast(tf.greaterEqual(yPred, 0.5), 'float32'), y), 'float32');
        return meanPerSample(hit);
      }
      case 'sparseCategoricalCrossentropy':
        return tf.cast(tf.equal(tf.argMax(yPred, -1), labelsAsIndices(yTrue)), 'float32') as tf.Tensor1D;
      case 'meanSquaredError': {
        const y = tf.reshape(tf.cast(yTrue, 'float32'), yPred.shape);
        return meanPerSample(tf.abs(tf.sub(y, yPred)));
      }
      case 'pinball': {
        const q = loss.quantiles.length;
        const n = yPred.shape[0] ?? -1;
        let mid = 0;
        loss.quantiles.forEach((level, i) => {
          if (Math.abs(level - 0.5) < Math.abs((loss.quantiles[mid] ?? 0) - 0.5)) mid = i;
        });
        const median = tf.squeeze(tf.slice(tf.reshape(yPred, [n, -1, q]), [0, 0, mid], [-1, -1, 1]), [2]);
        const y = tf.reshape(tf.cast(yTrue, 'float32'), median.shape);
        return meanPerSample(tf.abs(tf.sub(y, median)));
      }
    }
  });
}
