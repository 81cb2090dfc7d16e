import * as tf from '@tensorflow/tfjs';

/** A differentiable model: a tfjs LayersModel or any function from a batch tensor to a batch of outputs. */
export type DifferentiableModel = tf.LayersModel | ((x: tf.Tensor) => tf.Tensor);

export function isLayersModel(m: DifferentiableModel): m is tf.LayersModel {
  return typeof m !== 'function';
}

/** Forward pass in inference mode; `apply` (not `predict`) so gradients can flow through it. */
export function forward(model: DifferentiableModel, x: tf.Tensor): tf.Tensor {
  if (!isLayersModel(model)) return model(x);
  const out = model.apply(x, { training: false });
  if (Array.isArray(out)) throw new Error('explain: multi-output models are not supported; wrap the output you want in a function');
  return out as tf.Tensor;
}

/** One score per batch row: output[:, index] for [batch, k] outputs, output itself for [batch] ones. */
export function selectOutput(out: tf.Tensor, index: number): tf.Tensor1D {
  if (out.rank === 1) return out as tf.Tensor1D;
  if (out.rank !== 2) throw new Error(`explain: expected model output of rank 1 or 2, got shape [${out.shape.join(', ')}]`);
  const k = out.shape[1] as number;
  if (index < 0 || index >= k) throw new Error(`explain: output index ${index} out of range for ${k} outputs`);
  return tf.squeeze(tf.slice(out, [0, index], [-1, 1]), [1]) as tf.Tensor1D;
}
