// Feature binning for the histogram learner. Every value is read as float32 (what ONNX Runtime sees), so a
// threshold chosen on bins means the same thing in training, in the TypeScript predictor and in the ONNX graph.
// The per-value functions take positional arguments: they run once per cell of the table.
import type { TGbdtRows } from './types';

/** Codes of a categorical feature must be exact in float32 (the ONNX input type). */
export const MAX_CATEGORY_CODE = 2 ** 24 - 1;

/** Bin b (< numBins) holds values in (upperEdges[b-1], upperEdges[b]]; the last bin is open above; NaN → missingBin. */
export interface TNumericBinMapper {
  kind: 'numeric';
  /** float32 values, increasing; length numBins - 1. */
  upperEdges: Float64Array;
  numBins: number;
  /** = numBins: one bin past the value bins. */
  missingBin: number;
}

/** Bin b (< numBins) is category codes[b]; NaN, negative codes and codes not kept → missingBin. */
export interface TCategoricalBinMapper {
  kind: 'categorical';
  codes: number[];
  codeToBin: Map<number, number>;
  numBins: number;
  missingBin: number;
}

export type TBinMapper = TNumericBinMapper | TCategoricalBinMapper;

/**
 * Quantile bin edges of one numeric column. With at most `maxBins` distinct values every value gets its own
 * bin (edges halfway between neighbours), so the learner can split between any two of them; otherwise edges
 * fall where the running count crosses k/maxBins of the total, so a heavily repeated value keeps one bin.
 */
export function fitNumericBins({ values, maxBins }: { values: Float64Array; maxBins: number }): TNumericBinMapper {
  const finite = values.map((v) => Math.fround(v)).filter((v) => v === v).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < finite.length; i++) {
    const v = finite[i] ?? 0;
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1] = (counts[counts.length - 1] ?? 0) + 1;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  const edges: number[] = [];
  const edgeAfter = (i: number): void => {
    const lo = distinct[i] ?? 0;
    const hi = distinct[i + 1] ?? 0;
    const mid = Math.fround(lo / 2 + hi / 2);
    // lo is itself a float32, so it is always a valid edge; the midpoint only when rounding kept it below hi.
    edges.push(mid >= lo && mid < hi ? mid : lo);
  };
  if (distinct.length <= maxBins) {
    for (let i = 0; i + 1 < distinct.length; i++) edgeAfter(i);
  } else {
    const total = finite.length;
    let cumulative = 0;
    let lastQuantile = 0;
    for (let i = 0; i + 1 < distinct.length; i++) {
      cumulative += counts[i] ?? 0;
      const quantile = Math.floor((cumulative * maxBins) / total);
      if (quantile > lastQuantile && edges.length < maxBins - 1) {
        edgeAfter(i);
        lastQuantile = quantile;
      }
    }
  }
  const numBins = Math.max(1, edges.length + 1);
  return { kind: 'numeric', upperEdges: Float64Array.from(edges), numBins, missingBin: numBins };
}

/** First bin whose upper edge is ≥ fround(x); NaN → missing. */
export function numericBin(mapper: TNumericBinMapper, x: number): number {
  if (x !== x) return mapper.missingBin;
  const v = Math.fround(x);
  const edges = mapper.upperEdges;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= (edges[mid] ?? Infinity)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Reads a categorical value: its integer code, or -1 for missing (NaN, negative). Throws on a fractional code. */
export function categoryCode(x: number, where: string): number {
  if (x !== x || x < 0) return -1;
  const v = Math.fround(x);
  if (!Number.isInteger(v) || v > MAX_CATEGORY_CODE) {
    throw new Error(`${where}: categorical values must be integer codes in [0, ${MAX_CATEGORY_CODE}] (or NaN / negative for missing), got ${x}`);
  }
  return v;
}

/** Keeps the `maxBins` most frequent codes (ties: smaller code), in code order; the rest read as missing. */
export function fitCategoricalBins({ values, maxBins, where }: { values: Float64Array; maxBins: number; where: string }): TCategoricalBinMapper {
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const code = categoryCode(values[i] ?? NaN, where);
    if (code >= 0) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const kept = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, maxBins)
    .map(([code]) => code)
    .sort((a, b) => a - b);
  const codeToBin = new Map(kept.map((code, bin) => [code, bin]));
  return { kind: 'categorical', codes: kept, codeToBin, numBins: kept.length, missingBin: kept.length };
}

/** Bin of a categorical value at prediction or training time; unseen codes share the missing bin. */
export function categoricalBin(mapper: TCategoricalBinMapper, x: number): number {
  if (x !== x || x < 0) return mapper.missingBin;
  const v = Math.fround(x);
  return mapper.codeToBin.get(v) ?? mapper.missingBin;
}

export function binValue(mapper: TBinMapper, x: number): number {
  return mapper.kind === 'numeric' ? numericBin(mapper, x) : categoricalBin(mapper, x);
}

/** One column of a row table as float64. */
export function column({ rows, feature }: { rows: TGbdtRows; feature: number }): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = rows[i]?.[feature] ?? NaN;
  return out;
}

/**
 * Feature-major bin matrix: bins[f * n + i] is row i's bin for feature f, so building a feature's histogram
 * walks one contiguous column. Optionally in a SharedArrayBuffer for histogram workers.
 */
export function binRows({ rows, mappers, shared }: { rows: TGbdtRows; mappers: readonly TBinMapper[]; shared: boolean }): Uint8Array {
  const n = rows.length;
  const size = n * mappers.length;
  const bins = shared ? new Uint8Array(new SharedArrayBuffer(size)) : new Uint8Array(size);
  mappers.forEach((mapper, f) => {
    const base = f * n;
    for (let i = 0; i < n; i++) bins[base + i] = binValue(mapper, rows[i]?.[f] ?? NaN);
  });
  return bins;
}
