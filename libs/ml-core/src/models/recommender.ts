import * as tf from '@tensorflow/tfjs';
import { createSeededInit, kernelPenalty } from './seeded-init';

export interface EmbeddingRecommenderOptions {
  users: number;
  items: number;
  /** Embedding width. */
  dim?: number;
  /** L2 on the embeddings (the usual matrix-factorisation penalty). */
  l2?: number;
  /** Per-user and per-item bias terms added to the dot product. */
  biases?: boolean;
  /** 'sigmoid' for implicit feedback (bought / not), 'linear' for ratings. */
  output?: 'sigmoid' | 'linear';
  seed?: number;
}

/**
 * Matrix-factorisation recommender: score(u, i) = <user_u, item_i> (+ b_u + b_i), through a sigmoid for
 * implicit feedback. Inputs are two [n, 1] tensors of integer ids: [userIds, itemIds].
 *
 * @example
 * const model = buildEmbeddingRecommender({ users: 4372, items: 4070, dim: 32, l2: 1e-5, seed: 1 });
 * const scores = model.predict([tf.tensor2d([[0]]), tf.tensor2d([[5]])]);
 */
export function buildEmbeddingRecommender({ users, items, dim = 32, l2 = 0, biases = true, output = 'sigmoid', seed = 0 }: EmbeddingRecommenderOptions): tf.LayersModel {
  const init = createSeededInit({ seed });
  const user = tf.input({ shape: [1], name: 'user' });
  const item = tf.input({ shape: [1], name: 'item' });
  const embed = (x: tf.SymbolicTensor, count: number, width: number, name: string): tf.SymbolicTensor => {
    const e = tf.layers
      .embedding({ inputDim: count, outputDim: width, embeddingsInitializer: width === 1 ? 'zeros' : init.uniform({ scale: 0.05 }), embeddingsRegularizer: width === 1 ? undefined : kernelPenalty({ l2 }), name })
      .apply(x) as tf.SymbolicTensor;
    return tf.layers.flatten({ name: `${name}_flat` }).apply(e) as tf.SymbolicTensor;
  };
  const u = embed(user, users, dim, 'user_embedding');
  const i = embed(item, items, dim, 'item_embedding');
  let score = tf.layers.dot({ axes: 1, name: 'affinity' }).apply([u, i]) as tf.SymbolicTensor;
  if (biases) {
    score = tf.layers.add({ name: 'with_bias' }).apply([score, embed(user, users, 1, 'user_bias'), embed(item, items, 1, 'item_bias')]) as tf.SymbolicTensor;
  }
  const out = tf.layers.activation({ activation: output, name: 'score' }).apply(score) as tf.SymbolicTensor;
  return tf.model({ inputs: [user, item], outputs: out, name: 'embedding_recommender' });
}
