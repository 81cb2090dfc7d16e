import * as tf from '@tensorflow/tfjs';
import { createSeededInit, kernelPenalty } from './seeded-init';

export interface TabularModelOptions {
  /** Number of input features. */
  inputDim: number;
  /** 1 → sigmoid output (binary); >1 → softmax over classes; regression: set `task: 'regression'`. */
  outputUnits?: number;
  task?: 'classification' | 'regression';
  l1?: number;
  l2?: number;
  seed?: number;
}

function outputActivation({ task = 'classification', outputUnits = 1 }: TabularModelOptions): 'sigmoid' | 'softmax' | 'linear' {
  if (task === 'regression') return 'linear';
  return outputUnits === 1 ? 'sigmoid' : 'softmax';
}

/**
 * Logistic (or softmax / linear) regression: one Dense layer, optional L1/L2 on the weights.
 *
 * @example
 * const model = buildLogisticRegression({ inputDim: 24, l2: 1e-3, seed: 1 }); // sigmoid output, shape [n, 1]
 */
export function buildLogisticRegression(options: TabularModelOptions): tf.LayersModel {
  const { inputDim, outputUnits = 1, l1, l2, seed = 0 } = options;
  const init = createSeededInit({ seed });
  const input = tf.input({ shape: [inputDim], name: 'features' });
  const output = tf.layers
    .dense({ units: outputUnits, activation: outputActivation(options), kernelInitializer: init.glorot(), kernelRegularizer: kernelPenalty({ l1, l2 }), name: 'logit' })
    .apply(input) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'logistic_regression' });
}

export interface MlpOptions extends TabularModelOptions {
  /** Widths of the hidden layers, e.g. [64, 32]. */
  hidden: number[];
  /** Dropout rate after each hidden layer (0 = none). */
  dropout?: number;
  hiddenActivation?: 'relu' | 'tanh' | 'sigmoid';
}

/**
 * Multi-layer perceptron for tabular data: Dense → activation → Dropout per hidden layer, then the output.
 *
 * @example
 * const model = buildMlp({ inputDim: 24, hidden: [32, 16], dropout: 0.2, l2: 1e-4, seed: 7 });
 */
export function buildMlp(options: MlpOptions): tf.LayersModel {
  const { inputDim, hidden, dropout = 0, hiddenActivation = 'relu', outputUnits = 1, l1, l2, seed = 0 } = options;
  const init = createSeededInit({ seed });
  const input = tf.input({ shape: [inputDim], name: 'features' });
  let h: tf.SymbolicTensor = input;
  hidden.forEach((units, i) => {
    h = tf.layers
      .dense({ units, activation: hiddenActivation, kernelInitializer: hiddenActivation === 'relu' ? init.heNormal() : init.glorot(), kernelRegularizer: kernelPenalty({ l1, l2 }), name: `hidden_${i}` })
      .apply(h) as tf.SymbolicTensor;
    if (dropout > 0) h = tf.layers.dropout({ rate: dropout, seed: init.nextSeed(), name: `dropout_${i}` }).apply(h) as tf.SymbolicTensor;
  });
  const output = tf.layers
    .dense({ units: outputUnits, activation: outputActivation(options), kernelInitializer: init.glorot(), kernelRegularizer: kernelPenalty({ l1, l2 }), name: 'output' })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'mlp' });
}
