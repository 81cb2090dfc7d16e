// Logistic regression by iteratively reweighted least squares (Newton's method), small enough to run
// anywhere: a scorecard has ~20 WoE columns.

export interface TLogisticFit {
  intercept: number;
  coefficients: number[];
  iterations: number;
}

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]?.[c] ?? 0) > Math.abs(m[pivot]?.[c] ?? 0)) pivot = r;
    const tmp = m[c] as number[];
    m[c] = m[pivot] as number[];
    m[pivot] = tmp;
    const pr = m[c] as number[];
    const p = pr[c] ?? 0;
    if (Math.abs(p) < 1e-12) throw new Error('fitLogistic: singular system (a column is constant or duplicated)');
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const row = m[r] as number[];
      const f = (row[c] ?? 0) / p;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) row[k] = (row[k] ?? 0) - f * (pr[k] ?? 0);
    }
  }
  return m.map((row, i) => (row[n] ?? 0) / (row[i] ?? 1));
}

/**
 * Maximum-likelihood logistic regression P(y = 1 | x) = σ(b0 + b·x), with an optional L2 penalty on b.
 * @example fitLogistic({ x: [[0], [0], [1], [1]], y: [0, 1, 1, 1] }); // intercept 0, slope ≈ large
 */
export function fitLogistic({ x, y, l2 = 0, maxIterations = 50, tolerance = 1e-10 }: { x: readonly (readonly number[])[]; y: readonly number[]; l2?: number; maxIterations?: number; tolerance?: number }): TLogisticFit {
  if (x.length !== y.length || x.length === 0) throw new Error(`fitLogistic: ${x.length} rows but ${y.length} labels`);
  const p = (x[0]?.length ?? 0) + 1;
  let beta = new Array<number>(p).fill(0);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const h = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const g = new Array<number>(p).fill(0);
    for (let i = 0; i < x.length; i++) {
      const row = x[i] as readonly number[];
      let z = beta[0] ?? 0;
      for (let j = 1; j < p; j++) z += (beta[j] ?? 0) * (row[j - 1] ?? 0);
      const mu = 1 / (1 + Math.exp(-z));
      const w = Math.max(mu * (1 - mu), 1e-12);
      const r = (y[i] ?? 0) - mu;
      for (let a = 0; a < p; a++) {
        const xa = a === 0 ? 1 : (row[a - 1] ?? 0);
        g[a] = (g[a] ?? 0) + xa * r;
        const ha = h[a] as number[];
        for (let b = a; b < p; b++) ha[b] = (ha[b] ?? 0) + w * xa * (b === 0 ? 1 : (row[b - 1] ?? 0));
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < a; b++) (h[a] as number[])[b] = (h[b] as number[])[a] ?? 0;
      if (a > 0) {
        (h[a] as number[])[a] = ((h[a] as number[])[a] ?? 0) + l2;
        g[a] = (g[a] ?? 0) - l2 * (beta[a] ?? 0);
      }
    }
    const step = solve(h, g);
    beta = beta.map((v, i) => v + (step[i] ?? 0));
    if (Math.max(...step.map(Math.abs)) < tolerance) {
      iterations++;
      break;
    }
  }
  return { intercept: beta[0] ?? 0, coefficients: beta.slice(1), iterations };
}
