/**
 * ONNX Runtime vs tfjs inference benchmark for the same models (a tabular MLP and a 28x28 residual CNN).
 * Prints single-row latency p50/p99 (after warm-up), their ratio, and batch throughput in rows/s, plus the
 * int8 weight-quantized ONNX model. Figures, not assertions: the machine is shared, so read them as indicative.
 *
 *   npx tsx tools/bench-onnx.ts [--tfjs-backend=wasm|cpu] [--threads=N]
 */
import * as tf from '@tensorflow/tfjs';
import { getBackendInfo, initBackend } from '@platform/ml-core/backend';
import type { BackendId } from '@platform/ml-core/backend';
import {
  createOnnxSession,
  createResidualCnnFixture,
  createTabularMlpFixture,
  exportToOnnx,
  quantizeOnnxWeights,
  runBatch,
  runBatched,
  seededUniform,
} from '@platform/ml-core/onnx';
import type { OnnxSession } from '@platform/ml-core/onnx';

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const BACKENDS: readonly BackendId[] = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];
const isBackendId = (v: string | undefined): v is BackendId => BACKENDS.some((b) => b === v);

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Times `fn` `runs` times after `warmup` untimed calls; returns sorted milliseconds. */
async function timeRuns(options: { fn: () => Promise<unknown> | unknown; warmup: number; runs: number }): Promise<number[]> {
  for (let i = 0; i < options.warmup; i += 1) await options.fn();
  const times: number[] = [];
  for (let i = 0; i < options.runs; i += 1) {
    const t0 = performance.now();
    await options.fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

const tfjsPredict = (options: { model: tf.LayersModel; data: Float32Array; shape: number[] }): ReturnType<tf.Tensor['dataSync']> =>
  tf.tidy(() => {
    const y = options.model.predict(tf.tensor(options.data, options.shape));
    if (Array.isArray(y)) throw new Error('expected one output');
    // dataSync so tfjs pays for the read-back, as ORT does.
    return y.dataSync();
  });

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));

async function benchModel(options: {
  label: string;
  model: tf.LayersModel;
  rowShape: number[];
  runs: number;
  batchRows: number;
  batchSize: number;
  threads: number | undefined;
}): Promise<void> {
  const { model, rowShape, runs, batchRows, batchSize } = options;
  const rowSize = rowShape.reduce((a, d) => a * d, 1);
  const { bytes } = exportToOnnx({ model });
  const { bytes: int8, report } = quantizeOnnxWeights({ bytes });
  const sessionOptions = options.threads ? { intraOpNumThreads: options.threads } : {};
  const ortFp32 = await createOnnxSession({ bytes, ...sessionOptions });
  const ortInt8 = await createOnnxSession({ bytes: int8, ...sessionOptions });
  const row = seededUniform({ seed: 1, count: rowSize, low: 0, high: 1 });
  const shape = [1, ...rowShape];

  const ortRow = (session: OnnxSession) => () => runBatch({ session, inputs: row, shape });
  const tfjsTimes = await timeRuns({ fn: () => tfjsPredict({ model, data: row, shape }), warmup: 20, runs });
  const ortTimes = await timeRuns({ fn: ortRow(ortFp32), warmup: 20, runs });
  const int8Times = await timeRuns({ fn: ortRow(ortInt8), warmup: 20, runs });

  const batch = seededUniform({ seed: 2, count: batchRows * rowSize, low: 0, high: 1 });
  const batchShape = [batchRows, ...rowShape];
  // Repeat for at least 1 s so one GC pause or a neighbour's burst on this shared machine does not decide it.
  const throughput = async (fn: () => Promise<unknown> | unknown): Promise<number> => {
    await fn(); // warm-up at this batch size (allocations, kernel selection)
    const t0 = performance.now();
    let passes = 0;
    do {
      await fn();
      passes += 1;
    } while (performance.now() - t0 < 1000);
    return (passes * batchRows) / ((performance.now() - t0) / 1000);
  };
  const ortRps = await throughput(() => runBatched({ session: ortFp32, inputs: batch, shape: batchShape, batchSize }));
  const tfjsRps = await throughput(() => {
    for (let start = 0; start < batchRows; start += batchSize) {
      const end = Math.min(batchRows, start + batchSize);
      tfjsPredict({ model, data: batch.subarray(start * rowSize, end * rowSize), shape: [end - start, ...rowShape] });
    }
  });

  const p = (t: number[]) => `p50 ${fmt(percentile(t, 50))} ms  p99 ${fmt(percentile(t, 99))} ms`;
  console.log(`\n${options.label}  (ONNX ${(bytes.length / 1024).toFixed(1)} kB, int8 ${(int8.length / 1024).toFixed(1)} kB, ratio ${report.ratio.toFixed(2)})`);
  console.log(`  single row (${runs} timed runs after 20 warm-up; tensor creation and read-back included)`);
  console.log(`    tfjs           ${p(tfjsTimes)}`);
  console.log(`    ORT fp32       ${p(ortTimes)}`);
  console.log(`    ORT int8 (w)   ${p(int8Times)}`);
  console.log(`    tfjs/ORT p50 ratio ${(percentile(tfjsTimes, 50) / percentile(ortTimes, 50)).toFixed(1)}x, p99 ratio ${(percentile(tfjsTimes, 99) / percentile(ortTimes, 99)).toFixed(1)}x`);
  console.log(`  batch: ${batchRows} rows in batches of ${batchSize}`);
  console.log(`    tfjs ${Math.round(tfjsRps).toLocaleString('en-US')} rows/s   ORT ${Math.round(ortRps).toLocaleString('en-US')} rows/s   (ORT/tfjs ${(ortRps / tfjsRps).toFixed(1)}x)`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const requested = arg('tfjs-backend');
  const threadsArg = arg('threads');
  const threads = threadsArg ? Number(threadsArg) : undefined;
  await initBackend(isBackendId(requested) ? { backend: requested } : {});
  const backend = getBackendInfo();
  const ort = await createOnnxSession({ bytes: exportToOnnx({ model: createTabularMlpFixture({ seed: 0 }) }).bytes, executionProvider: 'cuda' });
  console.log(`tfjs backend: ${backend.id}${backend.simd ? ' (SIMD)' : ''}, threads ${backend.threads ?? 1}`);
  console.log(`ORT execution provider: cpu (cuda requested → ${ort.executionProvider}${ort.fallbackReason ? `: ${ort.fallbackReason}` : ''})`);
  console.log(`ORT intra-op threads: ${threads ?? 'default (one per core)'}; node ${process.version}`);

  await benchModel({ label: 'Tabular MLP 24→32→16→1', model: createTabularMlpFixture({ seed: 1 }), rowShape: [24], runs: 2000, batchRows: 20_000, batchSize: 1024, threads });
  await benchModel({
    label: 'Residual CNN 28x28x1 (8 filters, 2 res blocks)',
    model: createResidualCnnFixture({ seed: 2, classes: 3 }),
    rowShape: [28, 28, 1],
    runs: 500,
    batchRows: 512,
    batchSize: 64,
    threads,
  });
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main();
