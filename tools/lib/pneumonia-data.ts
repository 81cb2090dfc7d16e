/**
 * PneumoniaMNIST loading shared by the pneumonia tools (train, robustness, privacy), so that every script
 * finds the same file, scales pixels the same way and draws the same seeded subsets.
 *
 * Data: $PLATFORM_DATA_DIR/medmnist/pneumoniamnist.npz (default ../shared/data next to the repo).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { readNpz, stratifiedSplit } from '@platform/ml-core/data';
import type { NdArray } from '@platform/ml-core/data';
// env.ts sits at ml-core's root (no subpath entry).
import { readMlCoreEnv } from '@platform/ml-core';

export type PneumoniaSplitName = 'train' | 'val' | 'test';

export interface PneumoniaData {
  path: string;
  arrays: Record<string, NdArray>;
}

const IMAGE_SIZE = 28 * 28;

/**
 * Reads the whole .npz once; splits are cut from it with `loadPneumoniaSplit`.
 *
 * @example
 * const data = await readPneumoniaData();
 */
export async function readPneumoniaData({ dataDir }: { dataDir?: string } = {}): Promise<PneumoniaData> {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const path = join(dataDir ?? readMlCoreEnv().PLATFORM_DATA_DIR ?? resolve(repoRoot, '../shared/data'), 'medmnist', 'pneumoniamnist.npz');
  const arrays = await readNpz({ path }).catch((error: unknown) => {
    throw new Error(`cannot read ${path} (set PLATFORM_DATA_DIR): ${error instanceof Error ? error.message : String(error)}`);
  });
  return { path, arrays };
}

function needArray({ data, name }: { data: PneumoniaData; name: string }): NdArray {
  const a = data.arrays[name];
  if (a === undefined) throw new Error(`${data.path} has no array ${name}`);
  return a;
}

/**
 * Mean and standard deviation of every pixel of one split (0–255 units), for standardising all splits with
 * the training split's statistics.
 *
 * @example
 * const stats = pixelStatistics({ data, split: 'train' });
 */
export function pixelStatistics({ data, split }: { data: PneumoniaData; split: PneumoniaSplitName }): { mean: number; std: number } {
  const pixels = needArray({ data, name: `${split}_images` }).data;
  let mean = 0;
  for (let i = 0; i < pixels.length; i++) mean += Number(pixels[i]);
  mean /= pixels.length;
  let variance = 0;
  for (let i = 0; i < pixels.length; i++) variance += (Number(pixels[i]) - mean) ** 2;
  return { mean, std: Math.sqrt(variance / pixels.length) };
}

/**
 * 'unit' maps 0–255 to [0, 1] (attack ε in pixel units; no statistic of the data is used, which DP-SGD needs);
 * 'standardise' subtracts a mean and divides by a std computed elsewhere (normally the training split's).
 */
export type PixelScaling = { kind: 'unit' } | { kind: 'standardise'; mean: number; std: number };

export interface PneumoniaSplit {
  /** [n, 28, 28, 1] scaled pixels. */
  x: tf.Tensor4D;
  /** [n, 1] labels, 1 = pneumonia. */
  y: tf.Tensor2D;
  labels: Float32Array;
  /** The scaled pixels behind `x`, row-major (for exporters that need raw arrays). */
  pixels: Float32Array;
  /** Row indices into the .npz split that were kept, ascending. */
  rows: number[];
}

export interface LoadPneumoniaSplitOptions {
  data: PneumoniaData;
  split: PneumoniaSplitName;
  scaling: PixelScaling;
  /** Keep a seeded stratified subset of this many rows (the class mix is preserved). Default: every row. */
  keep?: number;
  /** Seed of the subset draw. Default 1. */
  seed?: number;
}

/**
 * One split as tensors, optionally a stratified subset.
 *
 * @example
 * const train = loadPneumoniaSplit({ data, split: 'train', scaling: { kind: 'unit' }, keep: 2000, seed: 1 });
 */
export function loadPneumoniaSplit({ data, split, scaling, keep, seed = 1 }: LoadPneumoniaSplitOptions): PneumoniaSplit {
  const images = needArray({ data, name: `${split}_images` });
  const all = Array.from(needArray({ data, name: `${split}_labels` }).data, Number);
  let rows = all.map((_, i) => i);
  if (keep !== undefined && keep < all.length) {
    rows = stratifiedSplit({ labels: all, fractions: { train: keep / all.length, val: 0, test: 1 - keep / all.length }, seed }).train;
  }
  const [offset, divisor] = scaling.kind === 'unit' ? [0, 255] : [scaling.mean, scaling.std];
  const pixels = new Float32Array(rows.length * IMAGE_SIZE);
  rows.forEach((r, i) => {
    for (let p = 0; p < IMAGE_SIZE; p++) pixels[i * IMAGE_SIZE + p] = (Number(images.data[r * IMAGE_SIZE + p]) - offset) / divisor;
  });
  const labels = Float32Array.from(rows, (r) => all[r] ?? 0);
  return { x: tf.tensor4d(pixels, [rows.length, 28, 28, 1]), y: tf.tensor2d(labels, [rows.length, 1]), labels, pixels, rows };
}
