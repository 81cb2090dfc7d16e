/**
 * CNN training throughput, wasm vs cpu side by side in one process, with effective GFLOP/s against the
 * machine's WebAssembly-SIMD peak. Prints figures; asserts nothing (benchmarks never fail the suite).
 *
 *   npx tsx tools/bench-training.ts [--batch 32] [--wasm-steps 12] [--cpu-steps 2] [--filters 16]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@platform/ml-core/backend';
import type { BackendId } from '@platform/ml-core/backend';
import { buildSmallImageCnn } from '@platform/ml-core/models';
import { trainModel } from '@platform/ml-core/train';

const { values: args } = parseArgs({
  options: {
    batch: { type: 'string', default: '32' },
    'wasm-steps': { type: 'string', default: '12' },
    'cpu-steps': { type: 'string', default: '2' },
    filters: { type: 'string', default: '16' },
  },
});
const batch = Number(args.batch);
const filters = Number(args.filters);
// Per shared/notes/offline-toolchain.md: ~83 GFLOP/s a core natively (AVX-512), about half through 128-bit
// WebAssembly SIMD. The wasm backend runs one thread, so one core is its ceiling.
const WASM_SIMD_PEAK_GFLOPS_PER_CORE = 41;

/** Forward FLOPs per image of the conv and dense layers (2 per multiply-add); BN/ReLU/adds are ignored. */
function forwardFlopsPerImage(model: tf.LayersModel): number {
  let flops = 0;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const out = layer.outputShape;
    if (Array.isArray(out[0])) continue;
    const outShape = out as (number | null)[];
    const kernel = layer.getWeights()[0];
    if (kernel === undefined) continue;
    if (cls === 'Conv2D') {
      const [kh = 0, kw = 0, cin = 0, cout = 0] = kernel.shape;
      flops += 2 * (outShape[1] ?? 0) * (outShape[2] ?? 0) * kh * kw * cin * cout;
    } else if (cls === 'Dense') {
      const [fanIn = 0, units = 0] = kernel.shape;
      flops += 2 * fanIn * units;
    }
  }
  return flops;
}

async function measure({ backend, steps }: { backend: BackendId; steps: number }): Promise<{ imagesPerSecond: number; flopsPerImage: number }> {
  await initBackend({ backend });
  const model = buildSmallImageCnn({ filters, blocksPerStage: [1, 1, 1], seed: 1 });
  const n = batch * steps;
  const x = tf.randomUniform([n, 28, 28, 1], 0, 1, 'float32', 1);
  const y = tf.tensor2d(Float32Array.from({ length: n }, (_, i) => i % 2), [n, 1]);
  const common = { model, loss: { kind: 'binaryCrossentropy' } as const, epochs: 1, batchSize: batch, seed: 1, shuffle: false };
  // Warm-up step: first calls compile wasm kernels / build XNNPACK operators.
  await trainModel({ ...common, data: { x: tf.slice(x, 0, batch), y: tf.slice(y, 0, batch) } });
  const started = performance.now();
  await trainModel({ ...common, data: { x, y } });
  const seconds = (performance.now() - started) / 1000;
  const flopsPerImage = forwardFlopsPerImage(model);
  model.dispose();
  tf.dispose([x, y]);
  return { imagesPerSecond: n / seconds, flopsPerImage };
}

const wasm = await measure({ backend: 'wasm', steps: Number(args['wasm-steps']) });
const cpu = await measure({ backend: 'cpu', steps: Number(args['cpu-steps']) });
const trainFlops = 3 * wasm.flopsPerImage; // forward + backward ≈ 3 × forward
const gflops = (ips: number): number => (ips * trainFlops) / 1e9;
console.log(`model: small_image_cnn filters=${filters} blocks=[1,1,1], batch ${batch}; ${(wasm.flopsPerImage / 1e6).toFixed(1)} MFLOP/image forward, ~${(trainFlops / 1e6).toFixed(1)} MFLOP/image training`);
console.log(`wasm (SIMD, 1 thread): ${wasm.imagesPerSecond.toFixed(1)} images/s = ${gflops(wasm.imagesPerSecond).toFixed(2)} GFLOP/s effective, ${((100 * gflops(wasm.imagesPerSecond)) / WASM_SIMD_PEAK_GFLOPS_PER_CORE).toFixed(1)}% of the ~${WASM_SIMD_PEAK_GFLOPS_PER_CORE} GFLOP/s wasm-SIMD peak of one core`);
console.log(`cpu (pure JS):         ${cpu.imagesPerSecond.toFixed(1)} images/s = ${gflops(cpu.imagesPerSecond).toFixed(2)} GFLOP/s effective`);
console.log(`wasm / cpu: ${(wasm.imagesPerSecond / cpu.imagesPerSecond).toFixed(1)}x`);
