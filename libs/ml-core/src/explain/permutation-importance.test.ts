import { describe, expect, it } from 'vitest';
import { permutationImportance, tQuantile975 } from './permutation-importance';
import { partialDependence } from './partial-dependence';
import { createRng } from './random';

const mse = (y: readonly number[], p: readonly number[]) => y.reduce((s, v, i) => s + (v - (p[i] as number)) ** 2, 0) / y.length;

describe('permutationImportance', () => {
  const rng = createRng({ seed: 9 });
  const rows = Array.from({ length: 400 }, () => [rng() * 2 - 1, rng() * 2 - 1, rng() * 2 - 1]);
  const w = [3, 1, 0];
  const f = (r: number[]) => r.reduce((s, v, i) => s + (w[i] as number) * v, 0);
  const yTrue = rows.map(f);
  const res = permutationImportance({ predict: (rs) => rs.map(f), rows, yTrue, metric: mse, higherIsBetter: false, repeats: 20, seed: 1 });

  it('gives an unused feature exactly zero importance with a zero-width interval', () => {
    const unused = res.features[2];
    expect(unused?.drops.every((d) => d === 0)).toBe(true);
    expect(unused?.ci95).toEqual([0, 0]);
  });

  it('matches the expected MSE increase 2·w²·Var(x) for a noise-free linear model', () => {
    // For a uniform random permutation, E[(x_π(i) − x_i)²] averaged over i is exactly 2·Var_pop(x).
    for (const j of [0, 1]) {
      const col = rows.map((r) => r[j] as number);
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      const varPop = col.reduce((s, v) => s + (v - mean) ** 2, 0) / col.length;
      const expected = 2 * (w[j] as number) ** 2 * varPop;
      const fi = res.features[j];
      expect(Math.abs((fi?.mean ?? 0) - expected) / expected).toBeLessThan(0.1);
      expect(fi?.ci95[0]).toBeLessThan(expected);
      expect(fi?.ci95[1]).toBeGreaterThan(expected);
    }
  });

  it('builds the 95% t-interval from the per-repeat drops', () => {
    const fi = res.features[0];
    const d = fi?.drops ?? [];
    const m = d.reduce((a, b) => a + b, 0) / d.length;
    const sd = Math.sqrt(d.reduce((s, v) => s + (v - m) ** 2, 0) / (d.length - 1));
    const half = (2.093 * sd) / Math.sqrt(d.length); // t_{0.975,19} from tables
    expect(fi?.ci95[0]).toBeCloseTo(m - half, 10);
    expect(fi?.ci95[1]).toBeCloseTo(m + half, 10);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 3); // table value for df = 60
  });
});

describe('partialDependence', () => {
  const g = (v: number) => Math.sin(v) * 2;
  const h = (v: number) => v * v;
  const f = (r: number[]) => g(r[0] as number) + h(r[1] as number) + 0.5 * (r[0] as number) * (r[2] as number);
  const rng = createRng({ seed: 2 });
  const rows = Array.from({ length: 50 }, () => [rng() * 4 - 2, rng() * 4 - 2, rng() * 4 - 2]);

  it('equals g(v) + mean of the rest for an additive model, and ICE equals f at the modified row', () => {
    const grid = [-1.5, 0, 0.7, 1.9];
    const pd = partialDependence({ predict: (rs) => rs.map(f), rows, feature: 1, grid });
    const rest = rows.reduce((s, r) => s + g(r[0] as number) + 0.5 * (r[0] as number) * (r[2] as number), 0) / rows.length;
    grid.forEach((v, k) => expect(pd.average[k]).toBeCloseTo(h(v) + rest, 10));
    const r3 = rows[3] as number[];
    expect(pd.ice?.[3]?.[2]).toBeCloseTo(f([r3[0] as number, 0.7, r3[2] as number]), 12);
    expect(pd.centeredIce?.[3]?.[0]).toBe(0);
  });

  it('builds a quantile grid spanning the column when none is given', () => {
    const pd = partialDependence({ predict: (rs) => rs.map(f), rows, feature: 0, gridSize: 5, ice: false });
    const col = rows.map((r) => r[0] as number);
    expect(pd.grid[0]).toBe(Math.min(...col));
    expect(pd.grid[pd.grid.length - 1]).toBe(Math.max(...col));
    expect(pd.ice).toBeUndefined();
  });
});
