import * as tf from '@tensorflow/tfjs';
import { createRng } from '../data';

export interface ImageAugmentOptions {
  /** Mirror left-right with probability 1/2. */
  flipHorizontal?: boolean;
  /** Largest shift in pixels, drawn uniformly per image and axis in [-maxShift, maxShift]. */
  maxShift?: number;
  /** Largest rotation in degrees about the image centre, drawn uniformly in [-max, max]. */
  maxRotationDegrees?: number;
  /** What fills pixels that come from outside the image. */
  fillMode?: 'constant' | 'nearest' | 'reflect';
}

/** A seeded transform of a training batch's input; the loop hands it a fresh seed per step. */
export type BatchTransform = (opts: { x: tf.Tensor; seed: number }) => tf.Tensor;

/**
 * Randomly flips, shifts and rotates a batch of NHWC images. All randomness comes from `seed` (not
 * Math.random), so a training run replays exactly. One projective transform per image, one kernel call.
 *
 * @example
 * const out = augmentImageBatch({ images: batch, seed: 42, maxShift: 2, maxRotationDegrees: 10 });
 */
export function augmentImageBatch({ images, seed, flipHorizontal = false, maxShift = 0, maxRotationDegrees = 0, fillMode = 'constant' }: ImageAugmentOptions & { images: tf.Tensor4D; seed: number }): tf.Tensor4D {
  const [n = 0, height = 0, width = 0] = images.shape;
  const rng = createRng({ seed });
  const params = new Float32Array(n * 8);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (let i = 0; i < n; i++) {
    const angle = ((rng.next() * 2 - 1) * maxRotationDegrees * Math.PI) / 180;
    const tx = (rng.next() * 2 - 1) * maxShift;
    const ty = (rng.next() * 2 - 1) * maxShift;
    const flip = flipHorizontal && rng.next() < 0.5;
    // tf.image.transform maps each OUTPUT pixel (x, y) to the INPUT point it samples:
    //   in = c + R(angle) (out - c) - t, then mirrored in x if flipped.
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    let a0 = cos;
    let a1 = -sin;
    let a2 = cx - cos * cx + sin * cy - tx;
    const b0 = sin;
    const b1 = cos;
    const b2 = cy - sin * cx - cos * cy - ty;
    if (flip) {
      a0 = -a0;
      a1 = -a1;
      a2 = width - 1 - a2;
    }
    params.set([a0, a1, a2, b0, b1, b2, 0, 0], i * 8);
  }
  return tf.tidy(() => tf.image.transform(images, tf.tensor2d(params, [n, 8]), 'bilinear', fillMode, 0));
}

/**
 * Wraps `augmentImageBatch` as a `BatchTransform` for `trainModel({ transformBatch })`.
 *
 * @example
 * trainModel({ ..., transformBatch: createImageAugmenter({ maxShift: 2, maxRotationDegrees: 10 }) });
 */
export function createImageAugmenter(options: ImageAugmentOptions): BatchTransform {
  return ({ x, seed }) => {
    if (x.rank !== 4) throw new Error(`createImageAugmenter: expected NHWC images, got rank ${x.rank}`);
    return augmentImageBatch({ ...options, images: x as tf.Tensor4D, seed });
  };
}
