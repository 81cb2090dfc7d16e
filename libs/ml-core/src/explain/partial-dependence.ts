import type { PredictFn } from './types';

export interface PartialDependenceOptions {
  predict: PredictFn;
  rows: number[][];
  /** Column index to vary. */
  feature: number;
  /** Values to evaluate at. Default: `gridSize` evenly spaced quantiles of the column (deduplicated). */
  grid?: readonly number[];
  gridSize?: number;
  /** Also return one curve per row (ICE). Default true. */
  ice?: boolean;
}

export interface PartialDependenceResult {
  grid: number[];
  /** PD(v) = mean_i f(x_i with feature := v). */
  average: number[];
  /** ice[i][g] = f(row i with feature := grid[g]). */
  ice?: number[][];
  /** ICE curves shifted to start at 0, which shows heterogeneity hidden by the average. */
  centeredIce?: number[][];
}

function quantileGrid(values: number[], size: number): number[] {
  const sorted = values.slice().sort((a, b) => a - b);
  const out: number[] = [];
  for (let g = 0; g < size; g++) {
    const pos = size === 1 ? 0.5 * (sorted.length - 1) : (g / (size - 1)) * (sorted.length - 1);
    const lo = Math.floor(pos);
    const frac = pos - lo;
    const v = (sorted[lo] as number) * (1 - frac) + (sorted[Math.min(lo + 1, sorted.length - 1)] as number) * frac;
    if (out.length === 0 || v !== out[out.length - 1]) out.push(v);
  }
  return out;
}

/**
 * Partial dependence and individual conditional expectation (ICE) curves for one feature.
 * Cost: rows × grid predictions, sent as one batch.
 *
 * @example
 * const { grid, average, ice } = partialDependence({ predict, rows, feature: 2, gridSize: 15 });
 */
export function partialDependence(opts: PartialDependenceOptions): PartialDependenceResult {
  const { predict, rows, feature } = opts;
  if (rows.length === 0) throw new Error('partialDependence: no rows');
  const grid = opts.grid ? [...opts.grid] : quantileGrid(rows.map((r) => r[feature] as number), opts.gridSize ?? 20);
  const batch: number[][] = [];
  for (const row of rows) {
    for (const v of grid) {
      const copy = row.slice();
      copy[feature] = v;
      batch.push(copy);
    }
  }
  const out = predict(batch);
  const ice = rows.map((_, i) => grid.map((_, g) => out[i * grid.length + g] as number));
  const average = grid.map((_, g) => ice.reduce((s, curve) => s + (curve[g] as number), 0) / rows.length);
  if (opts.ice === false) return { grid, average };
  const centeredIce = ice.map((curve) => curve.map((v) => v - (curve[0] as number)));
  return { grid, average, ice, centeredIce };
}
