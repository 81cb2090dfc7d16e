import type { PredictFn } from './types';
import { createRng, sampleIndices } from './random';
import type { Rng } from './random';

/** Shapley attribution of one prediction. `sum(values) === prediction - baseValue` (exactly for exact, enforced for kernel). */
export interface ShapleyExplanation {
  /** One value per feature, in input column order. */
  values: number[];
  /** Mean model output over the background sample: E[f(background)]. */
  baseValue: number;
  /** f(x). */
  prediction: number;
  method: 'exact' | 'kernel';
  /** Number of distinct coalitions whose value was computed. */
  coalitions: number;
  /** Number of rows sent to `predict`. */
  modelEvaluations: number;
}

export interface ShapleyOptions {
  predict: PredictFn;
  /** The row to explain. */
  x: number[];
  /** Reference rows; features outside a coalition take these values (interventional Shapley). */
  background: number[][];
  /** Background rows kept (seeded subsample when larger). Cost is linear in it. Default 100. */
  backgroundSize?: number;
  /** Seed for background subsampling and coalition sampling. Default 0. */
  seed?: number;
  /** Cap on rows per `predict` call, to bound memory. Default 50 000. */
  maxBatchRows?: number;
}

export interface KernelShapOptions extends ShapleyOptions {
  /** Coalition budget (excluding the empty and full coalitions). Default 2·M + 2048. */
  nSamples?: number;
}

export interface ExplainOptions extends KernelShapOptions {
  /** 'auto' picks exact enumeration when M ≤ maxExactFeatures, KernelSHAP otherwise. Default 'auto'. */
  mode?: 'auto' | 'exact' | 'kernel';
  /** Largest feature count enumerated exactly (2^M coalitions). Default 12. */
  maxExactFeatures?: number;
}

interface Prepared {
  background: number[][];
  m: number;
  maxBatchRows: number;
  rng: Rng;
}

function prepare(opts: ShapleyOptions): Prepared {
  const m = opts.x.length;
  if (m === 0) throw new Error('shapley: x has no features');
  if (opts.background.length === 0) throw new Error('shapley: background is empty');
  for (const row of opts.background) {
    if (row.length !== m) throw new Error(`shapley: background row has ${row.length} features, x has ${m}`);
  }
  const rng = createRng({ seed: opts.seed ?? 0 });
  const keep = opts.backgroundSize ?? 100;
  const background = sampleIndices(opts.background.length, keep, rng).map((i) => opts.background[i] as number[]);
  return { background, m, maxBatchRows: opts.maxBatchRows ?? 50_000, rng };
}

/**
 * v(S) = mean over background b of f(x_S, b_¬S) for each coalition mask, batching rows so a
 * vectorised model (tfjs, onnx) sees few large calls rather than many tiny ones.
 */
function coalitionValues(
  predict: PredictFn,
  x: number[],
  background: number[][],
  masks: Uint8Array[],
  maxBatchRows: number,
): number[] {
  const nb = background.length;
  const masksPerBatch = Math.max(1, Math.floor(maxBatchRows / nb));
  const values: number[] = [];
  for (let start = 0; start < masks.length; start += masksPerBatch) {
    const chunk = masks.slice(start, start + masksPerBatch);
    const rows: number[][] = [];
    for (const mask of chunk) {
      for (const b of background) rows.push(b.map((bv, j) => (mask[j] === 1 ? (x[j] as number) : bv)));
    }
    const out = predict(rows);
    if (out.length !== rows.length) throw new Error(`shapley: predict returned ${out.length} values for ${rows.length} rows`);
    for (let c = 0; c < chunk.length; c++) {
      let s = 0;
      for (let r = 0; r < nb; r++) s += out[c * nb + r] as number;
      values.push(s / nb);
    }
  }
  return values;
}

function maskFromBits(bits: number, m: number): Uint8Array {
  const mask = new Uint8Array(m);
  for (let j = 0; j < m; j++) mask[j] = (bits >>> j) & 1;
  return mask;
}

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

/**
 * Exact interventional Shapley values by enumerating all 2^M coalitions (M ≤ ~12; cost 2^M × background rows).
 *
 * @example
 * const { values, baseValue } = exactShapley({ predict, x: [1, 2, 3], background: rows });
 * // values.reduce((a, b) => a + b) ≈ predict([[1, 2, 3]])[0] - baseValue
 */
export function exactShapley(opts: ShapleyOptions): ShapleyExplanation {
  const { background, m, maxBatchRows } = prepare(opts);
  if (m > 20) throw new Error(`exactShapley: ${m} features means 2^${m} coalitions; use kernelShap`);
  const n = 1 << m;
  const masks: Uint8Array[] = [];
  for (let bits = 0; bits < n; bits++) masks.push(maskFromBits(bits, m));
  const v = coalitionValues(opts.predict, opts.x, background, masks, maxBatchRows);
  // Weight |S|!(M-|S|-1)!/M! computed in log space so M up to 20 does not overflow.
  const weight: number[] = [];
  for (let s = 0; s < m; s++) weight.push(Math.exp(logFactorial(s) + logFactorial(m - s - 1) - logFactorial(m)));
  const values = new Array<number>(m).fill(0);
  for (let bits = 0; bits < n; bits++) {
    let size = 0;
    for (let j = 0; j < m; j++) size += (bits >>> j) & 1;
    for (let i = 0; i < m; i++) {
      if ((bits >>> i) & 1) continue;
      const w = weight[size] as number;
      values[i] = (values[i] as number) + w * ((v[bits | (1 << i)] as number) - (v[bits] as number));
    }
  }
  return {
    values,
    baseValue: v[0] as number,
    prediction: v[n - 1] as number,
    method: 'exact',
    coalitions: n,
    modelEvaluations: n * background.length,
  };
}

function binomial(n: number, k: number): number {
  return Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k));
}

/** Solves A x = b (A square) by Gaussian elimination with partial pivoting; null when singular. */
function solveLinear(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const aug = a.map((row, i) => [...row, b[i] as number]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs((aug[r] as number[])[col] as number) > Math.abs((aug[pivot] as number[])[col] as number)) pivot = r;
    }
    const pRow = aug[pivot] as number[];
    if (Math.abs(pRow[col] as number) < 1e-12) return null;
    aug[pivot] = aug[col] as number[];
    aug[col] = pRow;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = aug[r] as number[];
      const f = (row[col] as number) / (pRow[col] as number);
      if (f === 0) continue;
      for (let c = col; c <= n; c++) row[c] = (row[c] as number) - f * (pRow[c] as number);
    }
  }
  return aug.map((row, i) => (row[n] as number) / (row[i] as number));
}

/**
 * KernelSHAP (Lundberg & Lee 2017): weighted least squares over coalitions with the Shapley kernel,
 * with the additivity constraint sum(phi) = f(x) − E f(background) imposed exactly by eliminating one
 * unknown. When the budget covers every coalition it enumerates them with exact kernel weights (and so
 * equals exact Shapley); otherwise it samples coalition sizes in proportion to the kernel's mass, draws a
 * random subset of that size and also uses its complement (paired sampling halves the variance).
 *
 * @example
 * const e = kernelShap({ predict, x, background, nSamples: 4096, seed: 7 });
 */
export function kernelShap(opts: KernelShapOptions): ShapleyExplanation {
  const { background, m, maxBatchRows, rng } = prepare(opts);
  const full = new Uint8Array(m).fill(1);
  const empty = new Uint8Array(m);
  const [base, fx] = coalitionValues(opts.predict, opts.x, background, [empty, full], maxBatchRows) as [number, number];
  const delta = fx - base;
  if (m === 1) {
    return { values: [delta], baseValue: base, prediction: fx, method: 'kernel', coalitions: 2, modelEvaluations: 2 * background.length };
  }
  const budget = opts.nSamples ?? 2 * m + 2048;
  const weights = new Map<string, { mask: Uint8Array; w: number }>();
  const enumerateAll = m < 31 && 2 ** m - 2 <= budget;
  if (enumerateAll) {
    for (let bits = 1; bits < (1 << m) - 1; bits++) {
      const mask = maskFromBits(bits, m);
      const s = mask.reduce((a, b) => a + b, 0);
      weights.set(mask.join(''), { mask, w: (m - 1) / (binomial(m, s) * s * (m - s)) });
    }
  } else {
    // Kernel mass of all coalitions of size s is ∝ (M−1)/(s(M−s)); sample sizes from it.
    const sizeMass: number[] = [];
    for (let s = 1; s < m; s++) sizeMass.push(1 / (s * (m - s)));
    const total = sizeMass.reduce((a, b) => a + b, 0);
    const add = (mask: Uint8Array): void => {
      const key = mask.join('');
      const hit = weights.get(key);
      if (hit) hit.w += 1;
      else weights.set(key, { mask, w: 1 });
    };
    for (let draw = 0; draw < Math.ceil(budget / 2); draw++) {
      let u = rng() * total;
      let size = 1;
      for (let s = 1; s < m; s++) {
        u -= sizeMass[s - 1] as number;
        if (u <= 0) {
          size = s;
          break;
        }
        size = s;
      }
      const mask = new Uint8Array(m);
      for (const j of sampleIndices(m, size, rng)) mask[j] = 1;
      add(mask);
      add(mask.map((b) => 1 - b));
    }
  }
  const entries = [...weights.values()];
  const v = coalitionValues(opts.predict, opts.x, background, entries.map((e) => e.mask), maxBatchRows);
  // Eliminate phi_{M-1} = delta − Σ_{i<M-1} phi_i, then solve the (M−1)-dim normal equations.
  const k = m - 1;
  const ata = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const atb = new Array<number>(k).fill(0);
  entries.forEach((e, idx) => {
    const zLast = e.mask[k] as number;
    const y = (v[idx] as number) - base - zLast * delta;
    const row: number[] = [];
    for (let i = 0; i < k; i++) row.push((e.mask[i] as number) - zLast);
    for (let i = 0; i < k; i++) {
      const ri = row[i] as number;
      if (ri === 0) continue;
      atb[i] = (atb[i] as number) + e.w * ri * y;
      const ataRow = ata[i] as number[];
      for (let j = 0; j < k; j++) ataRow[j] = (ataRow[j] as number) + e.w * ri * (row[j] as number);
    }
  });
  let phi = solveLinear(ata, atb);
  if (!phi) {
    // Too few distinct coalitions to identify every feature: a tiny ridge keeps the answer finite.
    const trace = ata.reduce((s, row, i) => s + (row[i] as number), 0);
    const ridge = ata.map((row, i) => row.map((val, j) => (i === j ? val + 1e-8 * (trace || 1) : val)));
    phi = solveLinear(ridge, atb);
    if (!phi) throw new Error('kernelShap: could not solve the weighted least-squares system; raise nSamples');
  }
  const values = [...phi, delta - phi.reduce((a, b) => a + b, 0)];
  return {
    values,
    baseValue: base,
    prediction: fx,
    method: 'kernel',
    coalitions: entries.length + 2,
    modelEvaluations: (entries.length + 2) * background.length,
  };
}

/**
 * Shapley explanation of one row, exact when feasible.
 *
 * @example
 * const e = explain({ predict, x, background, mode: 'auto' }); // exact for ≤ 12 features
 */
export function explain(opts: ExplainOptions): ShapleyExplanation {
  const mode = opts.mode ?? 'auto';
  const exact = mode === 'exact' || (mode === 'auto' && opts.x.length <= (opts.maxExactFeatures ?? 12));
  return exact ? exactShapley(opts) : kernelShap(opts);
}
