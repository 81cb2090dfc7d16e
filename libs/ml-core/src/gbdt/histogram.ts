// Gradient histograms of a leaf's rows, built on the calling thread or split by feature across worker_threads.
// Each feature's histogram is summed by one thread in the leaf's row order, whichever thread that is, so the
// parallel path gives the same bits as the single-thread one.
import { Worker } from 'node:worker_threads';

/**
 * Adds the ordered gradients of rows indices[begin … begin+count) into the histograms of the features
 * features[0 … numFeatures): per bin, [Σ gradient, Σ hessian, row count]. Features go in pairs (positions 2u,
 * 2u+1): one pass over the rows fills both, loading the row index and its gradient pair once (about 1.6x
 * faster here than one feature per pass). With `ctrl`, threads claim pairs from the shared counter
 * ctrl[next], so a thread the OS holds back leaves its share to the others; each feature is still summed by
 * one thread in row order, so the result does not depend on who claimed what.
 *
 * It runs as it is inside histogram workers (its source is sent to them), so it must stay self-contained:
 * no closures, no imports, no nested functions.
 */
export function accumulateHistograms(
  bins: Uint8Array,
  n: number,
  indices: Uint32Array,
  begin: number,
  count: number,
  og: Float64Array,
  oh: Float64Array,
  hist: Float64Array,
  histBase: number,
  offsets: Int32Array,
  features: Int32Array,
  numFeatures: number,
  ctrl: Int32Array | null,
  next: number,
): void {
  const units = (numFeatures + 1) >> 1;
  let own = 0;
  for (;;) {
    const u = ctrl ? Atomics.add(ctrl, next, 1) : own++;
    if (u >= units) return;
    const p = 2 * u;
    if (p + 1 < numFeatures) {
      const f1 = features[p] ?? 0;
      const f2 = features[p + 1] ?? 0;
      const o1 = histBase + (offsets[f1] ?? 0) * 3;
      const o2 = histBase + (offsets[f2] ?? 0) * 3;
      hist.fill(0, o1, histBase + (offsets[f1 + 1] ?? 0) * 3);
      hist.fill(0, o2, histBase + (offsets[f2 + 1] ?? 0) * 3);
      const c1 = f1 * n;
      const c2 = f2 * n;
      for (let k = 0; k < count; k++) {
        const i = indices[begin + k] ?? 0;
        const g = og[k] ?? 0;
        const h = oh[k] ?? 0;
        const j1 = o1 + (bins[c1 + i] ?? 0) * 3;
        hist[j1] = (hist[j1] ?? 0) + g;
        hist[j1 + 1] = (hist[j1 + 1] ?? 0) + h;
        hist[j1 + 2] = (hist[j1 + 2] ?? 0) + 1;
        const j2 = o2 + (bins[c2 + i] ?? 0) * 3;
        hist[j2] = (hist[j2] ?? 0) + g;
        hist[j2 + 1] = (hist[j2 + 1] ?? 0) + h;
        hist[j2 + 2] = (hist[j2 + 2] ?? 0) + 1;
      }
    } else {
      const f = features[p] ?? 0;
      const o = histBase + (offsets[f] ?? 0) * 3;
      hist.fill(0, o, histBase + (offsets[f + 1] ?? 0) * 3);
      const col = f * n;
      for (let k = 0; k < count; k++) {
        const j = o + (bins[col + (indices[begin + k] ?? 0)] ?? 0) * 3;
        hist[j] = (hist[j] ?? 0) + (og[k] ?? 0);
        hist[j + 1] = (hist[j + 1] ?? 0) + (oh[k] ?? 0);
        hist[j + 2] = (hist[j + 2] ?? 0) + 1;
      }
    }
  }
}

/** Buffers shared by the learner and its histogram workers (SharedArrayBuffers when workers are used). */
export interface THistogramBuffers {
  n: number;
  /** Feature-major bins, n per feature. */
  bins: Uint8Array;
  /** Row indices; each leaf owns a contiguous range. */
  indices: Uint32Array;
  /** Gradient and hessian of the leaf being built, in its row order. */
  og: Float64Array;
  oh: Float64Array;
  /** Histogram slots, `stride` numbers each. */
  hist: Float64Array;
  stride: number;
  /** Bin offset of each feature in a slot (numFeatures + 1 entries; 3 numbers per bin). */
  offsets: Int32Array;
  /** Features the current tree may use, ascending. */
  features: Int32Array;
}

export interface THistogramBuilder {
  /** Threads that build histograms, this one included. */
  readonly threads: number;
  build(options: { begin: number; count: number; slot: number; numFeatures: number; grad: Float64Array; hess: Float64Array }): void;
  close(): Promise<void>;
}

// Control words shared with the workers.
const SEQ = 0;
const EXIT = 1;
const BEGIN = 2;
const COUNT = 3;
const SLOT = 4;
const NUM_FEATURES = 5;
const DONE = 6;
const NEXT = 7;
const CONTROL_WORDS = 8;

// A histogram worker answers within microseconds; a minute without an answer means it died (its error event
// cannot be delivered while this thread waits), so fail instead of hanging the fit.
const WORKER_TIMEOUT_MS = 60_000;

const workerSource = (): string => `
const { parentPort, workerData: d } = require('node:worker_threads');
var __name = function (f) { return f; };
const accumulate = (${accumulateHistograms.toString()});
const ctrl = new Int32Array(d.ctrl);
const bins = new Uint8Array(d.bins);
const indices = new Uint32Array(d.indices);
const og = new Float64Array(d.og);
const oh = new Float64Array(d.oh);
const hist = new Float64Array(d.hist);
const offsets = new Int32Array(d.offsets);
const features = new Int32Array(d.features);
parentPort.postMessage('ready');
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, ${SEQ}, seen);
  const now = Atomics.load(ctrl, ${SEQ});
  if (now === seen) continue;
  seen = now;
  if (Atomics.load(ctrl, ${EXIT}) === 1) break;
  accumulate(bins, d.n, indices, ctrl[${BEGIN}], ctrl[${COUNT}], og, oh, hist, ctrl[${SLOT}] * d.stride, offsets, features, ctrl[${NUM_FEATURES}], ctrl, ${NEXT});
  Atomics.add(ctrl, ${DONE}, 1);
  Atomics.notify(ctrl, ${DONE});
}
parentPort.close();
`;

function gatherGradients(options: { buffers: THistogramBuffers; begin: number; count: number; grad: Float64Array; hess: Float64Array }): void {
  const { buffers, begin, count, grad, hess } = options;
  const { indices, og, oh } = buffers;
  for (let k = 0; k < count; k++) {
    const i = indices[begin + k] ?? 0;
    og[k] = grad[i] ?? 0;
    oh[k] = hess[i] ?? 0;
  }
}

/** Single-thread builder: the reference every parallel result must equal bit for bit. */
export function createLocalHistogramBuilder({ buffers }: { buffers: THistogramBuffers }): THistogramBuilder {
  return {
    threads: 1,
    build({ begin, count, slot, numFeatures, grad, hess }) {
      gatherGradients({ buffers, begin, count, grad, hess });
      const b = buffers;
      accumulateHistograms(b.bins, b.n, b.indices, begin, count, b.og, b.oh, b.hist, slot * b.stride, b.offsets, b.features, numFeatures, null, 0);
    },
    close: async () => {},
  };
}

const bufferOf = (view: ArrayBufferView): SharedArrayBuffer => {
  if (!(view.buffer instanceof SharedArrayBuffer) || view.byteOffset !== 0) throw new Error('histogram workers need whole SharedArrayBuffers');
  return view.buffer;
};

/**
 * Starts `threads - 1` workers; each build lets them and this thread claim the tree's feature pairs, then
 * this thread waits (Atomics.wait) until every worker has reported. Leaves with fewer than `minNodeWork` row × feature cells are
 * built on this thread alone: waking workers costs more than it saves there.
 */
export async function createParallelHistogramBuilder({
  buffers,
  threads,
  minNodeWork,
}: {
  buffers: THistogramBuffers;
  threads: number;
  minNodeWork: number;
}): Promise<THistogramBuilder> {
  const workers: Worker[] = [];
  const ctrl = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  const shared = {
    ctrl: ctrl.buffer,
    bins: bufferOf(buffers.bins),
    indices: bufferOf(buffers.indices),
    og: bufferOf(buffers.og),
    oh: bufferOf(buffers.oh),
    hist: bufferOf(buffers.hist),
    offsets: bufferOf(buffers.offsets),
    features: bufferOf(buffers.features),
    n: buffers.n,
    stride: buffers.stride,
  };
  const source = workerSource();
  const ready: Promise<void>[] = [];
  for (let rank = 1; rank < threads; rank++) {
    const worker = new Worker(source, { eval: true, workerData: { ...shared, rank } });
    workers.push(worker);
    ready.push(
      new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
      }),
    );
  }
  try {
    await Promise.all(ready);
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw new Error(`fitGbdt: a histogram worker failed to start: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const local = createLocalHistogramBuilder({ buffers });
  let closed = false;
  return {
    threads,
    build(options) {
      if (closed) throw new Error('histogram builder is closed');
      const { begin, count, slot, numFeatures } = options;
      if (count * numFeatures < minNodeWork || numFeatures < 2) {
        local.build(options);
        return;
      }
      gatherGradients({ buffers, begin, count, grad: options.grad, hess: options.hess });
      ctrl[BEGIN] = begin;
      ctrl[COUNT] = count;
      ctrl[SLOT] = slot;
      ctrl[NUM_FEATURES] = numFeatures;
      Atomics.store(ctrl, DONE, 0);
      Atomics.store(ctrl, NEXT, 0);
      Atomics.add(ctrl, SEQ, 1);
      Atomics.notify(ctrl, SEQ);
      const b = buffers;
      accumulateHistograms(b.bins, b.n, b.indices, begin, count, b.og, b.oh, b.hist, slot * b.stride, b.offsets, b.features, numFeatures, ctrl, NEXT);
      const started = Date.now();
      for (;;) {
        const done = Atomics.load(ctrl, DONE);
        if (done >= workers.length) break;
        if (Date.now() - started > WORKER_TIMEOUT_MS) throw new Error('fitGbdt: a histogram worker stopped answering');
        Atomics.wait(ctrl, DONE, done, 1000);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      Atomics.store(ctrl, EXIT, 1);
      Atomics.add(ctrl, SEQ, 1);
      Atomics.notify(ctrl, SEQ);
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
