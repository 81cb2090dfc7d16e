import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ML_BACKEND_IDS, readMlCoreEnv } from '../env';
import { registerBroadcastBatchNormGradient } from './batch-norm-gradient';
import { registerWasmConv2DBackpropFilter } from './wasm-conv2d-backprop-filter';
import { registerWasmConv2DBackpropInput } from './wasm-conv2d-backprop-input';
import { registerWasmUnsortedSegmentSum } from './wasm-unsorted-segment-sum';

export type BackendId = (typeof ML_BACKEND_IDS)[number];

/** What ran (or will run) the tensors: recorded in every training record. */
export interface BackendInfo {
  /** Registry id: 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu'. */
  id: BackendId;
  /** Name tfjs knows the backend by (`tf.getBackend()`). */
  tfBackend: string;
  /** Native or GPU code (tfjs-node*), as opposed to WebAssembly or plain JavaScript. */
  accelerated: boolean;
  /** Threads the backend computes with (wasm: 1 here, threads are off). */
  threads: number;
  /** WebAssembly SIMD in use (wasm only; false elsewhere). */
  simd: boolean;
  /** Kernels ml-core added to the backend because the package lacks them. */
  patchedKernels: string[];
  /** Backends tried before this one and why each was skipped (auto selection only). */
  skipped: { id: BackendId; reason: string }[];
}

interface BackendProvider {
  id: BackendId;
  tfBackend: string;
  accelerated: boolean;
  /** Makes the backend available to tfjs (imports, registrations); throws when it cannot. */
  load(): Promise<void>;
  describe(): Pick<BackendInfo, 'threads' | 'simd' | 'patchedKernels'>;
}

// Optional native packages are imported through a variable so neither TypeScript nor the bundler needs them
// installed: they fail to install on machines without internet (they download libtensorflow), see
// shared/notes/offline-toolchain.md.
async function importOptional(specifier: string): Promise<void> {
  await import(/* @vite-ignore */ specifier);
}

// libtensorflow sizes its intra-op pool to the cores it sees; tfjs-node exposes no knob to read it back.
const nodeThreads = (): number => availableParallelism();

let wasmPathsSet = false;
let wasmPatched: string[] = [];

const providers: Record<BackendId, BackendProvider> = {
  'tfjs-node-gpu': {
    id: 'tfjs-node-gpu',
    tfBackend: 'tensorflow',
    accelerated: true,
    load: () => importOptional('@tensorflow/tfjs-node-gpu'),
    describe: () => ({ threads: nodeThreads(), simd: false, patchedKernels: [] }),
  },
  'tfjs-node': {
    id: 'tfjs-node',
    tfBackend: 'tensorflow',
    accelerated: true,
    load: () => importOptional('@tensorflow/tfjs-node'),
    describe: () => ({ threads: nodeThreads(), simd: false, patchedKernels: [] }),
  },
  wasm: {
    id: 'wasm',
    tfBackend: 'wasm',
    accelerated: false,
    async load() {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (!wasmPathsSet) {
        // In Node the package cannot fetch its .wasm by URL: point it at the files shipped in the package.
        const require = createRequire(import.meta.url);
        const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
        wasm.setWasmPaths(`${dir}/`);
        // Threads need SharedArrayBuffer workers that the Node build cannot start here: keep one thread.
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
        wasmPathsSet = true;
      }
      registerWasmConv2DBackpropFilter();
      registerWasmConv2DBackpropInput();
      registerWasmUnsortedSegmentSum();
      registerBroadcastBatchNormGradient();
      wasmPatched = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'UnsortedSegmentSum', 'FusedBatchNorm (gradient)'];
    },
    describe: () => ({
      threads: 1,
      simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
      patchedKernels: wasmPatched,
    }),
  },
  cpu: {
    id: 'cpu',
    tfBackend: 'cpu',
    accelerated: false,
    load: async () => undefined,
    describe: () => ({ threads: 1, simd: false, patchedKernels: [] }),
  },
};

/** Backends in the order auto selection tries them: best first. */
export const BACKEND_PRIORITY: readonly BackendId[] = ML_BACKEND_IDS;

let current: BackendInfo | undefined;

async function activate(provider: BackendProvider): Promise<void> {
  await provider.load();
  // setBackend resolves false (not throws) when the backend's init fails, e.g. a missing .wasm file.
  const ok = await tf.setBackend(provider.tfBackend);
  if (!ok || tf.getBackend() !== provider.tfBackend) {
    throw new Error(`tf.setBackend('${provider.tfBackend}') failed`);
  }
  await tf.ready();
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? error.name : String(error);
}

/**
 * Picks and activates the best tfjs backend present: tfjs-node-gpu, then tfjs-node, then wasm (SIMD, one
 * thread), then cpu. `backend` (or env `ML_BACKEND`) forces one; a forced backend that fails throws rather
 * than silently running somewhere slower.
 *
 * @example
 * const info = await initBackend();            // auto: { id: 'wasm', simd: true, ... } on this machine
 * await initBackend({ backend: 'cpu' });       // force pure JS, e.g. for a reference computation
 */
export async function initBackend({
  backend,
  env = readMlCoreEnv(),
}: { backend?: BackendId; env?: { ML_BACKEND?: BackendId | undefined } } = {}): Promise<BackendInfo> {
  const forced = backend ?? env.ML_BACKEND;
  if (forced !== undefined) {
    const provider = providers[forced];
    try {
      await activate(provider);
    } catch (error) {
      throw new Error(`ml-core: backend '${forced}' was requested but is unavailable: ${errorMessage(error)}`);
    }
    current = { id: forced, tfBackend: provider.tfBackend, accelerated: provider.accelerated, ...provider.describe(), skipped: [] };
    return current;
  }
  const skipped: BackendInfo['skipped'] = [];
  for (const id of BACKEND_PRIORITY) {
    const provider = providers[id];
    try {
      await activate(provider);
      current = { id, tfBackend: provider.tfBackend, accelerated: provider.accelerated, ...provider.describe(), skipped };
      return current;
    } catch (error) {
      skipped.push({ id, reason: errorMessage(error) });
    }
  }
  throw new Error(`ml-core: no tfjs backend could start: ${skipped.map((s) => `${s.id}: ${s.reason}`).join('; ')}`);
}

/**
 * Describes the backend tfjs is using now. If nobody called `initBackend` (or something switched backends
 * behind its back), it is inferred from `tf.getBackend()`.
 *
 * @example
 * await initBackend();
 * const { id, accelerated, threads, simd } = getBackendInfo();
 */
export function getBackendInfo(): BackendInfo {
  const name = tf.getBackend();
  if (current !== undefined && current.tfBackend === name) {
    return { ...current, ...providers[current.id].describe() };
  }
  const provider = Object.values(providers).find((p) => p.tfBackend === name);
  if (provider === undefined) {
    throw new Error(`ml-core: tfjs is on backend '${name}', which ml-core does not manage (use initBackend)`);
  }
  return { id: provider.id, tfBackend: name, accelerated: provider.accelerated, ...provider.describe(), skipped: [] };
}
