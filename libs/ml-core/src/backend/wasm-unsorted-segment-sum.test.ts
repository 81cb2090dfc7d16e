import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from './index';

describe('wasm UnsortedSegmentSum', () => {
  it('sums rows into segments like a hand loop, dropping out-of-range ids', async () => {
    await initBackend({ backend: 'wasm' });
    const x = [[1, 2], [3, 4], [5, 6], [7, 8]];
    const ids = [2, 0, 2, -1];
    const out = tf.unsortedSegmentSum(tf.tensor2d(x), tf.tensor1d(ids, 'int32'), 3).arraySync();
    expect(out).toEqual([[3, 4], [0, 0], [6, 8]]);
  });

  it('makes the Gather (Embedding) gradient work on wasm: d/dtable sum(gather(table, ids)) counts each id', async () => {
    await initBackend({ backend: 'wasm' });
    const g = tf.grad((table: tf.Tensor) => tf.sum(tf.gather(table, tf.tensor1d([1, 1, 3], 'int32'))))(tf.zeros([4, 2]));
    expect(g.arraySync()).toEqual([[0, 0], [2, 2], [0, 0], [1, 1]]);
  });
});
