import { createHash } from 'node:crypto';
import * as ort from 'onnxruntime-node';

export type OnnxExecutionProvider = 'cpu' | 'cuda';

/** An onnxruntime session plus what callers need to report: content hash and the provider really in use. */
export interface OnnxSession {
  session: ort.InferenceSession;
  /** sha256 of the model bytes (hex): the cache key and the model's identity in logs and run records. */
  hash: string;
  requestedProvider: OnnxExecutionProvider;
  executionProvider: OnnxExecutionProvider;
  /** Why the requested provider is not the one in use (e.g. CUDA provider library missing). */
  fallbackReason?: string;
  inputNames: readonly string[];
  outputNames: readonly string[];
}

export interface CreateOnnxSessionOptions {
  bytes: Uint8Array;
  /** Provider to try first; 'cuda' falls back to 'cpu' with `fallbackReason` set. Default 'cpu'. */
  executionProvider?: OnnxExecutionProvider;
  /** ORT intra-op threads; default lets ORT pick (one per physical core). */
  intraOpNumThreads?: number;
  /** ORT log level (0 verbose … 4 fatal); default 3 (errors) because its warnings go to stderr unstructured. */
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
  /**
   * Let ORT replace DequantizeLinear→MatMul/Conv with its int8 kernels (default false). Those kernels also
   * quantize the *activations* to uint8 on the fly: faster, but no longer the weights-only computation the
   * graph describes, and measurably less accurate (see quantize.test.ts). Off, weights are dequantized once at
   * load (constant folding) and inference runs in float32.
   */
  int8Kernels?: boolean;
  /** Reuse a session already created for the same bytes and options (default true). */
  cache?: boolean;
}

// Sessions are expensive (graph optimisation, kernel selection) and models are immutable once hashed,
// so one session per (content, provider, threads) per process. Promises are cached so concurrent callers
// share one creation instead of racing to build two.
const sessionCache = new Map<string, Promise<OnnxSession>>();

/**
 * sha256 of model bytes as hex: the identity of a model version in the session cache and in run records.
 *
 * @example
 * const id = hashOnnxBytes(bytes); // 'e3b0c442…'
 */
export const hashOnnxBytes = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function openSession(options: CreateOnnxSessionOptions & { hash: string }): Promise<OnnxSession> {
  const requested = options.executionProvider ?? 'cpu';
  const base: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    logSeverityLevel: options.logSeverityLevel ?? 3,
    ...(options.int8Kernels ? {} : { extra: { session: { disable_quant_qdq: '1' } } }),
    ...(options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
  };
  const describe = (session: ort.InferenceSession, executionProvider: OnnxExecutionProvider, fallbackReason?: string): OnnxSession => ({
    session,
    hash: options.hash,
    requestedProvider: requested,
    executionProvider,
    ...(fallbackReason ? { fallbackReason } : {}),
    inputNames: session.inputNames,
    outputNames: session.outputNames,
  });
  let fallbackReason: string | undefined;
  if (requested === 'cuda') {
    const cuda = ort.listSupportedBackends().find((b) => b.name === 'cuda');
    if (!cuda) {
      fallbackReason = 'this onnxruntime-node build has no CUDA execution provider';
    } else {
      try {
        // Only 'cuda' is listed, so a missing provider library or device fails here instead of ORT silently
        // placing the whole graph on its implicit CPU provider.
        const session = await ort.InferenceSession.create(options.bytes, { ...base, executionProviders: ['cuda'] });
        return describe(session, 'cuda');
      } catch (e) {
        // Typical here: the CUDA provider library was not downloaded (ONNXRUNTIME_NODE_INSTALL_CUDA=skip or
        // an offline install), or no CUDA device/driver is present.
        fallbackReason = `CUDA execution provider unavailable: ${errorMessage(e).split('\n')[0] ?? ''}`;
      }
    }
  }
  const session = await ort.InferenceSession.create(options.bytes, { ...base, executionProviders: ['cpu'] });
  return describe(session, 'cpu', fallbackReason);
}

/**
 * Opens (or reuses) an onnxruntime-node session for ONNX bytes, keyed by the bytes' sha256.
 *
 * @example
 * const s = await createOnnxSession({ bytes, executionProvider: 'cuda' });
 * logger.info({ ep: s.executionProvider, why: s.fallbackReason, model: s.hash });
 */
export async function createOnnxSession(options: CreateOnnxSessionOptions): Promise<OnnxSession> {
  const hash = hashOnnxBytes(options.bytes);
  if (options.cache === false) return openSession({ ...options, hash });
  const key = [hash, options.executionProvider ?? 'cpu', options.intraOpNumThreads ?? 0, options.int8Kernels ?? false, options.logSeverityLevel ?? 3].join('|');
  const existing = sessionCache.get(key);
  if (existing) return existing;
  const created = openSession({ ...options, hash });
  sessionCache.set(key, created);
  // A failed creation (corrupt bytes) must not poison the cache for a retry.
  created.catch(() => sessionCache.delete(key));
  return created;
}

/**
 * Releases every cached session (tests, model hot-swap).
 *
 * @example
 * await clearOnnxSessionCache();
 */
export async function clearOnnxSessionCache(): Promise<void> {
  const pending = [...sessionCache.values()];
  sessionCache.clear();
  for (const p of pending) {
    const s = await p.catch(() => null);
    await s?.session.release();
  }
}

export interface OnnxBatchResult {
  /** First output's data (float32), row-major. */
  data: Float32Array;
  /** First output's shape. */
  shape: number[];
  /** Every output by name. */
  outputs: Record<string, { data: Float32Array; shape: number[] }>;
}

export interface RunBatchOptions {
  session: OnnxSession;
  /** Row-major float32 input, e.g. NHWC images or [rows, features]. */
  inputs: Float32Array;
  shape: readonly number[];
  /** Defaults to the model's only input. */
  inputName?: string;
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, d) => a * d, 1);

/**
 * Runs one batch through a single-input model and returns float32 outputs.
 *
 * @example
 * const { data, shape } = await runBatch({ session, inputs: rows, shape: [rows.length / 24, 24] });
 */
export async function runBatch(options: RunBatchOptions): Promise<OnnxBatchResult> {
  const { session } = options;
  const inputName = options.inputName ?? session.inputNames[0];
  if (!inputName) throw new Error('ONNX model has no inputs');
  if (!options.inputName && session.inputNames.length !== 1) {
    throw new Error(`runBatch feeds one input but the model has ${session.inputNames.length}: ${session.inputNames.join(', ')}`);
  }
  if (sizeOf(options.shape) !== options.inputs.length) {
    throw new Error(`input length ${options.inputs.length} does not match shape [${options.shape.join(',')}]`);
  }
  const feed = new ort.Tensor('float32', options.inputs, [...options.shape]);
  const results = await session.session.run({ [inputName]: feed });
  const outputs: OnnxBatchResult['outputs'] = {};
  for (const name of session.outputNames) {
    const t = results[name];
    if (!t) continue;
    if (t.type !== 'float32' || !(t.data instanceof Float32Array)) throw new Error(`output '${name}' is ${t.type}, expected float32`);
    outputs[name] = { data: t.data, shape: [...t.dims] };
  }
  const first = session.outputNames[0];
  const main = first === undefined ? undefined : outputs[first];
  if (!main) throw new Error('ONNX model produced no outputs');
  return { data: main.data, shape: main.shape, outputs };
}

/**
 * Runs many rows in fixed-size batches (bounded memory, steady latency) and concatenates the outputs.
 *
 * @example
 * const { data } = await runBatched({ session, inputs: images, shape: [10_000, 28, 28, 1], batchSize: 256 });
 */
export async function runBatched(options: RunBatchOptions & { batchSize?: number }): Promise<OnnxBatchResult> {
  const batchSize = Math.max(1, options.batchSize ?? 256);
  const [rows = 0, ...rowShape] = options.shape;
  const rowSize = sizeOf(rowShape);
  if (rows <= batchSize) return runBatch(options);
  const parts: OnnxBatchResult[] = [];
  for (let start = 0; start < rows; start += batchSize) {
    const end = Math.min(rows, start + batchSize);
    parts.push(
      await runBatch({ ...options, inputs: options.inputs.subarray(start * rowSize, end * rowSize), shape: [end - start, ...rowShape] }),
    );
  }
  const outputs: OnnxBatchResult['outputs'] = {};
  for (const name of options.session.outputNames) {
    const pieces = parts.map((p) => p.outputs[name]).filter((p) => p !== undefined);
    const [firstPiece] = pieces;
    if (!firstPiece) continue;
    const data = new Float32Array(pieces.reduce((a, p) => a + p.data.length, 0));
    let offset = 0;
    for (const p of pieces) {
      data.set(p.data, offset);
      offset += p.data.length;
    }
    outputs[name] = { data, shape: [rows, ...firstPiece.shape.slice(1)] };
  }
  const first = options.session.outputNames[0];
  const main = first === undefined ? undefined : outputs[first];
  if (!main) throw new Error('ONNX model produced no outputs');
  return { data: main.data, shape: main.shape, outputs };
}
