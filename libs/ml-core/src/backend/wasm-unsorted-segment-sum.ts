import * as tf from '@tensorflow/tfjs';
import type { DataType, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

// Why: tfjs-backend-wasm@4.22 has no `UnsortedSegmentSum`, which is the gradient of Gather — so Embedding
// layers (the recommender) cannot train on wasm. The wasm heap is ordinary memory, so a host-side
// scatter-add over the rows is exact, O(rows x width), and avoids a one-hot matmul of size rows x segments.

type HostBackend = {
  readSync(dataId: object): ArrayLike<number | string | Uint8Array>;
  write(values: Float32Array | Int32Array, shape: number[], dtype: DataType): object;
};

function isHostBackend(backend: unknown): backend is HostBackend {
  return typeof backend === 'object' && backend !== null && typeof Reflect.get(backend, 'readSync') === 'function' && typeof Reflect.get(backend, 'write') === 'function';
}

function unsortedSegmentSumWasm({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo | undefined>; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const { x, segmentIds } = inputs;
  if (x === undefined || segmentIds === undefined) throw new Error('UnsortedSegmentSum(wasm): needs inputs x and segmentIds');
  if (!isHostBackend(backend)) throw new Error('UnsortedSegmentSum(wasm): unexpected backend object');
  const numSegments = Number(attrs?.['numSegments']);
  const values = backend.readSync(x.dataId);
  const ids = backend.readSync(segmentIds.dataId);
  // segmentIds may cover several leading dims of x; each id owns a contiguous slice of `width` values.
  const width = ids.length === 0 ? 0 : values.length / ids.length;
  const out = x.dtype === 'int32' ? new Int32Array(numSegments * width) : new Float32Array(numSegments * width);
  for (let r = 0; r < ids.length; r++) {
    const id = Number(ids[r]);
    if (id < 0 || id >= numSegments) continue; // TensorFlow drops out-of-range (e.g. negative) ids
    const src = r * width;
    const dst = id * width;
    for (let k = 0; k < width; k++) out[dst + k] = (out[dst + k] ?? 0) + Number(values[src + k]);
  }
  const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  return { dataId: backend.write(out, shape, x.dtype), shape, dtype: x.dtype };
}

export const wasmUnsortedSegmentSumConfig: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSumWasm as unknown as KernelFunc,
};

/**
 * Registers the missing wasm `UnsortedSegmentSum` kernel (gradient of Gather / Embedding), idempotently.
 *
 * @example
 * registerWasmUnsortedSegmentSum(); // embedding models now train on wasm
 */
export function registerWasmUnsortedSegmentSum(): boolean {
  if (tf.getKernel('UnsortedSegmentSum', 'wasm') !== undefined) return false;
  tf.registerKernel(wasmUnsortedSegmentSumConfig);
  return true;
}
