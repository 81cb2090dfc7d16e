import * as tf from '@tensorflow/tfjs';
import type { DifferentiableModel } from './tf-model';
import { forward, selectOutput } from './tf-model';

/** A heat map at input resolution, values in [0, 1] (1 = most important), row-major [height][width]. */
export interface SaliencyMap {
  heatmap: number[][];
  classIndex: number;
  /** Model score for classIndex on the unmodified image. */
  score: number;
}

function toImageBatch(image: tf.Tensor | number[][][]): tf.Tensor4D {
  const t = image instanceof tf.Tensor ? image.toFloat() : tf.tensor3d(image);
  if (t.rank === 3) return tf.expandDims(t, 0) as tf.Tensor4D;
  if (t.rank === 4 && t.shape[0] === 1) return t as tf.Tensor4D;
  throw new Error(`saliency: expected one NHWC image ([H, W, C] or [1, H, W, C]), got [${t.shape.join(', ')}]`);
}

function argmaxClass(out: tf.Tensor): number {
  if (out.rank === 1 || out.shape[1] === 1) return 0;
  return (tf.argMax(out, 1).dataSync()[0] ?? 0) as number;
}

/** ReLU then divide by the max, so 0 keeps meaning "no positive evidence" rather than "least evidence". */
function normalise(map: tf.Tensor2D): number[][] {
  const relu = tf.relu(map);
  const max = tf.max(relu).dataSync()[0] ?? 0;
  return (max > 0 ? tf.div(relu, max) : relu).arraySync() as number[][];
}

export interface GradCamOptions {
  /** A layer-chain model (Sequential, or a functional model without branches). */
  model: tf.LayersModel;
  image: tf.Tensor | number[][][];
  /** Convolutional layer to read. Default: the last layer with a 4-D output. */
  layerName?: string;
  /** Class to explain. Default: the predicted class. */
  classIndex?: number;
  /**
   * 'gradcam' (default) weights each channel by its spatially averaged gradient. 'hirescam'
   * (Draelos & Carin 2020) multiplies gradient and activation element-wise before summing channels,
   * which stays faithful when a dense head weighs positions differently — there the averaged gradient
   * can cancel out and Grad-CAM goes blank or points at the wrong place.
   */
  variant?: 'gradcam' | 'hirescam';
  /**
   * Differentiate the final Dense layer's pre-activation (logit) instead of its sigmoid/softmax output.
   * Default true, as in the Grad-CAM paper: a confident (saturated) output has a float32 gradient of 0,
   * which would leave a blank map exactly for the cases users most want explained.
   */
  useLogits?: boolean;
}

/** Runs `layers` on `a`; when `logits`, the last Dense layer's activation is skipped. */
function runHead(layers: readonly tf.layers.Layer[], a: tf.Tensor, logits: boolean): tf.Tensor {
  let h = a;
  layers.forEach((l, i) => {
    const last = i === layers.length - 1;
    const activation = (l.getConfig() as { activation?: unknown }).activation;
    if (last && logits && l.getClassName() === 'Dense' && (activation === 'sigmoid' || activation === 'softmax')) {
      const [kernel, bias] = l.getWeights();
      if (!kernel) throw new Error('gradCam: final Dense layer has no kernel');
      const z = tf.matMul(h as tf.Tensor2D, kernel as tf.Tensor2D);
      h = bias ? tf.add(z, bias) : z;
    } else {
      h = l.apply(h, { training: false }) as tf.Tensor;
    }
  });
  return h;
}

/**
 * Grad-CAM (Selvaraju et al. 2017): channel weights α_c = spatial mean of ∂score/∂A_c at a conv layer,
 * map = ReLU(Σ_c α_c A_c), bilinearly upsampled to the input size and scaled to [0, 1].
 *
 * @example
 * const { heatmap } = gradCam({ model: cnn, image: xray28x28x1 });
 * // heatmap[y][x] ∈ [0, 1], same height/width as the image: overlay directly.
 */
export function gradCam(opts: GradCamOptions): SaliencyMap {
  const layers = opts.model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const convIdx =
    opts.layerName !== undefined
      ? layers.findIndex((l) => l.name === opts.layerName)
      : layers.reduce((last, l, i) => ((l.outputShape as (number | null)[]).length === 4 ? i : last), -1);
  if (convIdx < 0) throw new Error(opts.layerName ? `gradCam: no layer named "${opts.layerName}"` : 'gradCam: model has no layer with a 4-D output');
  return tf.tidy(() => {
    const x = toImageBatch(opts.image);
    let act: tf.Tensor = x;
    for (const l of layers.slice(0, convIdx + 1)) act = l.apply(act, { training: false }) as tf.Tensor;
    const headLayers = layers.slice(convIdx + 1);
    const out = runHead(headLayers, act, false);
    const classIndex = opts.classIndex ?? argmaxClass(out);
    const score = selectOutput(out, classIndex).dataSync()[0] ?? NaN;
    const useLogits = opts.useLogits ?? true;
    const grads = tf.grad((a: tf.Tensor) => tf.sum(selectOutput(runHead(headLayers, a, useLogits), classIndex)))(act) as tf.Tensor4D;
    const weights = opts.variant === 'hirescam' ? grads : tf.mean(grads, [1, 2], true); // [1, h|1, w|1, C]
    const cam = tf.sum(tf.mul(act, weights), 3, true) as tf.Tensor4D; // [1, h, w, 1]
    const [, height, width] = x.shape;
    const up = tf.image.resizeBilinear(cam, [height, width]);
    return { heatmap: normalise(tf.squeeze(up, [0, 3]) as tf.Tensor2D), classIndex, score };
  });
}

export interface OcclusionOptions {
  model: DifferentiableModel;
  image: tf.Tensor | number[][][];
  /** Square patch side in pixels. Default 4. */
  patchSize?: number;
  /** Step between patches. Default 2. */
  stride?: number;
  /** Value written into the patch (0 = black). Default 0. */
  fillValue?: number;
  classIndex?: number;
  /** Occluded images per forward pass. Default 64. */
  batchSize?: number;
}

/**
 * Occlusion sensitivity (Zeiler & Fergus 2014): slide a patch over the image and record how much the
 * class score falls; each pixel gets the mean drop of the patches covering it. Model-agnostic (no gradients).
 *
 * @example
 * const { heatmap } = occlusionMap({ model: cnn, image, patchSize: 4, stride: 2 });
 */
export function occlusionMap(opts: OcclusionOptions): SaliencyMap {
  const patch = opts.patchSize ?? 4;
  const stride = opts.stride ?? 2;
  const fill = opts.fillValue ?? 0;
  const batchSize = opts.batchSize ?? 64;
  return tf.tidy(() => {
    const x = toImageBatch(opts.image);
    const [, height, width, channels] = x.shape;
    const base = forward(opts.model, x);
    const classIndex = opts.classIndex ?? argmaxClass(base);
    const score = selectOutput(base, classIndex).dataSync()[0] ?? NaN;
    const pixels = x.dataSync();
    const positions: [number, number][] = [];
    // Last patch is clamped to the border so every pixel is covered at least once.
    const starts = (size: number) => {
      const s: number[] = [];
      for (let p = 0; p + patch < size; p += stride) s.push(p);
      s.push(Math.max(0, size - patch));
      return [...new Set(s)];
    };
    for (const r of starts(height)) for (const c of starts(width)) positions.push([r, c]);
    const drops: number[] = [];
    for (let start = 0; start < positions.length; start += batchSize) {
      const chunk = positions.slice(start, start + batchSize);
      const data = new Float32Array(chunk.length * pixels.length);
      chunk.forEach(([r, c], b) => {
        data.set(pixels, b * pixels.length);
        for (let i = r; i < Math.min(height, r + patch); i++) {
          for (let j = c; j < Math.min(width, c + patch); j++) {
            for (let ch = 0; ch < channels; ch++) data[b * pixels.length + (i * width + j) * channels + ch] = fill;
          }
        }
      });
      const scores = selectOutput(forward(opts.model, tf.tensor4d(data, [chunk.length, height, width, channels])), classIndex).dataSync();
      for (const s of scores) drops.push(score - s);
    }
    const sum = Array.from({ length: height }, () => new Array<number>(width).fill(0));
    const count = Array.from({ length: height }, () => new Array<number>(width).fill(0));
    positions.forEach(([r, c], p) => {
      for (let i = r; i < Math.min(height, r + patch); i++) {
        for (let j = c; j < Math.min(width, c + patch); j++) {
          (sum[i] as number[])[j] = ((sum[i] as number[])[j] as number) + (drops[p] as number);
          (count[i] as number[])[j] = ((count[i] as number[])[j] as number) + 1;
        }
      }
    });
    const mean = sum.map((row, i) => row.map((v, j) => v / Math.max(1, (count[i] as number[])[j] as number)));
    return { heatmap: normalise(tf.tensor2d(mean)), classIndex, score };
  });
}
