import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

// Shared by the kernels ml-core registers on the wasm backend: they compose the backend's own kernels.

type BackendWithDispose = { disposeData(dataId: object): boolean };

/** The wasm backend object as the kernels need it (to free intermediate tensors). */
export function hasDisposeData(backend: unknown): backend is BackendWithDispose {
  return typeof backend === 'object' && backend !== null && typeof Reflect.get(backend, 'disposeData') === 'function';
}

/**
 * Helpers bound to one kernel's name, so their errors say which kernel failed.
 * @example const { single, wasmKernel } = createKernelHelpers({ kernel: 'Conv2DBackpropFilter' });
 */
export function createKernelHelpers({ kernel }: { kernel: string }) {
  return {
    /** The one output of a helper kernel call. */
    single(out: TensorInfo | TensorInfo[]): TensorInfo {
      const info = Array.isArray(out) ? out[0] : out;
      if (info === undefined) throw new Error(`${kernel}(wasm): a helper kernel returned no output`);
      return info;
    },
    /**
     * Runs backend kernels while remembering every intermediate output, so the caller can free them all
     * (except its inputs) in one `finally`.
     */
    createRunner(backend: Parameters<KernelFunc>[0]['backend']) {
      const temporaries: TensorInfo[] = [];
      const run = (fn: KernelFunc, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): TensorInfo => {
        const out = this.single(fn({ inputs, backend, attrs }));
        temporaries.push(out);
        return out;
      };
      return { run, temporaries };
    },
    /** A kernel the wasm backend registers itself, e.g. 'Transpose' or 'Conv2D'. */
    wasmKernel(name: string): KernelFunc {
      const config = tf.getKernel(name, 'wasm');
      if (config === undefined) throw new Error(`${kernel}(wasm): the wasm backend has no ${name} kernel`);
      return config.kernelFunc;
    },
  };
}
