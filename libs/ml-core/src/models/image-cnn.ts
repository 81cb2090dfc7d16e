import * as tf from '@tensorflow/tfjs';
import { createSeededInit, kernelPenalty } from './seeded-init';
import type { SeededInit } from './seeded-init';

export interface SmallImageCnnOptions {
  /** [height, width, channels]; default 28x28 grey. */
  inputShape?: [number, number, number];
  /** Filters of the first stage; each later stage doubles them and halves the resolution. */
  filters?: number;
  /** Residual blocks per stage, e.g. [1, 1, 1] = three stages of one block. */
  blocksPerStage?: number[];
  /** 1 → sigmoid (binary); >1 → softmax. */
  outputUnits?: number;
  dropout?: number;
  l2?: number;
  /** BatchNorm moving-average momentum; 0.9 settles within the few epochs small data sets get. */
  bnMomentum?: number;
  seed?: number;
}

interface BlockContext {
  init: SeededInit;
  l2: number;
  bnMomentum: number;
}

function convBn({ x, filters, kernelSize, strides, name, ctx }: { x: tf.SymbolicTensor; filters: number; kernelSize: number; strides: number; name: string; ctx: BlockContext }): tf.SymbolicTensor {
  // No conv bias: the BatchNorm beta that follows does the same job.
  const conv = tf.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: ctx.init.heNormal(), kernelRegularizer: kernelPenalty({ l2: ctx.l2 }), name: `${name}_conv` }).apply(x) as tf.SymbolicTensor;
  return tf.layers.batchNormalization({ momentum: ctx.bnMomentum, name: `${name}_bn` }).apply(conv) as tf.SymbolicTensor;
}

function residualBlock({ x, filters, strides, name, ctx }: { x: tf.SymbolicTensor; filters: number; strides: number; name: string; ctx: BlockContext }): tf.SymbolicTensor {
  const a = tf.layers.reLU({ name: `${name}_relu1` }).apply(convBn({ x, filters, kernelSize: 3, strides, name: `${name}_a`, ctx })) as tf.SymbolicTensor;
  const b = convBn({ x: a, filters, kernelSize: 3, strides: 1, name: `${name}_b`, ctx });
  const inFilters = x.shape[x.shape.length - 1];
  const shortcut = strides !== 1 || inFilters !== filters ? convBn({ x, filters, kernelSize: 1, strides, name: `${name}_proj`, ctx }) : x;
  const sum = tf.layers.add({ name: `${name}_add` }).apply([b, shortcut]) as tf.SymbolicTensor;
  return tf.layers.reLU({ name: `${name}_relu2` }).apply(sum) as tf.SymbolicTensor;
}

/**
 * Small ResNet-style CNN for low-resolution images (MedMNIST 28x28 grey): conv stem, residual stages with
 * BatchNorm (stride 2 between stages), global average pooling, dropout, dense head. Only ONNX-exportable
 * layers (Conv2D, BatchNormalization, ReLU, Add, GlobalAveragePooling2D, Dropout, Dense).
 *
 * @example
 * const model = buildSmallImageCnn({ filters: 16, blocksPerStage: [1, 1, 1], seed: 1 }); // [n,28,28,1] → [n,1]
 */
export function buildSmallImageCnn({
  inputShape = [28, 28, 1],
  filters = 16,
  blocksPerStage = [1, 1, 1],
  outputUnits = 1,
  dropout = 0.2,
  l2 = 0,
  bnMomentum = 0.9,
  seed = 0,
}: SmallImageCnnOptions = {}): tf.LayersModel {
  const ctx: BlockContext = { init: createSeededInit({ seed }), l2, bnMomentum };
  const input = tf.input({ shape: inputShape, name: 'image' });
  let h = tf.layers.reLU({ name: 'stem_relu' }).apply(convBn({ x: input, filters, kernelSize: 3, strides: 1, name: 'stem', ctx })) as tf.SymbolicTensor;
  blocksPerStage.forEach((blocks, stage) => {
    for (let b = 0; b < blocks; b++) {
      const strides = stage > 0 && b === 0 ? 2 : 1;
      h = residualBlock({ x: h, filters: filters * 2 ** stage, strides, name: `s${stage}b${b}`, ctx });
    }
  });
  h = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(h) as tf.SymbolicTensor;
  if (dropout > 0) h = tf.layers.dropout({ rate: dropout, seed: ctx.init.nextSeed(), name: 'head_dropout' }).apply(h) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({ units: outputUnits, activation: outputUnits === 1 ? 'sigmoid' : 'softmax', kernelInitializer: ctx.init.glorot(), name: 'head' })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'small_image_cnn' });
}
