import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';

// Why: tfjs-core's FusedBatchNorm gradient tiles 1/sqrt(var) to the full activation shape before a
// multiply that would broadcast anyway; on wasm that Tile took ~18% of a small ResNet training step. This is
// the same formula with broadcasting. Gradients are registered per kernel name for all backends; the maths
// is unchanged, so that is harmless.
const gradConfig: GradConfig = {
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    if (Array.isArray(dy)) throw new Error('FusedBatchNorm gradient: expected one upstream gradient');
    const [x, mean, variance, scale] = saved;
    if (x === undefined || mean === undefined || variance === undefined) throw new Error('FusedBatchNorm gradient: missing saved tensors');
    const varianceEpsilon = Number(attrs['varianceEpsilon'] ?? 0.001);
    const scaleValue = scale ?? tf.scalar(1);
    const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: Tensor): Tensor => tf.reshape(mean.rank === 1 ? tf.sum(t, axes) : t, mean.shape);
    const xMinusMean = tf.sub(x, mean);
    const dyTimesScale = tf.mul(dy, scaleValue);
    const rsqrtVar = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const minusHalfRCube = tf.mul(tf.mul(tf.mul(rsqrtVar, rsqrtVar), rsqrtVar), tf.scalar(-0.5));
    return {
      x: () => tf.reshape(tf.mul(tf.mul(dy, rsqrtVar), scaleValue), x.shape),
      mean: () => reduce(tf.mul(tf.mul(rsqrtVar, tf.scalar(-1)), dyTimesScale)),
      variance: () => reduce(tf.mul(tf.mul(minusHalfRCube, xMinusMean), dyTimesScale)),
      scale: () => reduce(tf.mul(dy, tf.mul(xMinusMean, rsqrtVar))),
      offset: () => reduce(dy),
    };
  },
};

let registered = false;

/**
 * Swaps in the broadcast-based FusedBatchNorm gradient (idempotent).
 *
 * @example
 * registerBroadcastBatchNormGradient();
 */
export function registerBroadcastBatchNormGradient(): boolean {
  if (registered) return false;
  // registerGradient warns when overriding; the override is deliberate, so keep the log clean.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    tf.registerGradient(gradConfig);
  } finally {
    console.warn = warn;
  }
  registered = true;
  return true;
}
