import { quantileSorted } from './confidence';
import { checkFinite, checkNonEmpty } from './validate';

export type DriftBand = 'stable' | 'watch' | 'act';

/**
 * Conventional PSI reading: < 0.1 stable, 0.1–0.25 watch, > 0.25 act.
 * @example driftBand({ psi: 0.18 }); // 'watch'
 */
export function driftBand({ psi }: { psi: number }): DriftBand {
  if (psi < 0.1) return 'stable';
  if (psi <= 0.25) return 'watch';
  return 'act';
}

export interface PsiBin {
  /** Bin covers (lower, upper]; the first bin starts at −∞, the last ends at +∞. */
  lower: number;
  upper: number;
  referenceFraction: number;
  currentFraction: number;
}

export interface PsiResult {
  psi: number;
  band: DriftBand;
  bins: PsiBin[];
}

/**
 * Population stability index of a numeric feature: Σ (cᵢ − rᵢ)·ln(cᵢ / rᵢ) over bins cut at quantiles of the
 * reference sample (so each holds ~1/bins of it). Empty-bin fractions are replaced by `epsilon` so the log
 * stays finite. Repeated quantiles (many equal values) merge bins.
 * @example
 * psi({ reference: trainAges, current: lastMonthAges }); // { psi: 0.04, band: 'stable', bins: [...] }
 */
export function psi({
  reference,
  current,
  bins = 10,
  epsilon = 1e-4,
}: {
  reference: ArrayLike<number>;
  current: ArrayLike<number>;
  bins?: number;
  epsilon?: number;
}): PsiResult {
  const fn = 'psi';
  checkNonEmpty(fn, 'reference', reference);
  checkNonEmpty(fn, 'current', current);
  checkFinite(fn, 'reference', reference);
  checkFinite(fn, 'current', current);
  if (!Number.isInteger(bins) || bins < 2) throw new Error(`${fn}: bins must be an integer >= 2, got ${bins}`);
  const sorted = Array.from(reference).sort((a, b) => a - b);
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const e = quantileSorted({ sorted, q: i / bins });
    if (edges.length === 0 || e > (edges[edges.length - 1] ?? Number.NEGATIVE_INFINITY)) edges.push(e);
  }
  const refCounts = histogram(reference, edges);
  const curCounts = histogram(current, edges);
  const out: PsiBin[] = [];
  let total = 0;
  for (let b = 0; b <= edges.length; b++) {
    const r = (refCounts[b] ?? 0) / reference.length;
    const c = (curCounts[b] ?? 0) / current.length;
    out.push({
      lower: b === 0 ? Number.NEGATIVE_INFINITY : (edges[b - 1] ?? 0),
      upper: b === edges.length ? Number.POSITIVE_INFINITY : (edges[b] ?? 0),
      referenceFraction: r,
      currentFraction: c,
    });
    total += psiTerm(r, c, epsilon);
  }
  return { psi: total, band: driftBand({ psi: total }), bins: out };
}

/**
 * PSI of a categorical feature: one bin per category seen in either sample.
 * @example psiCategorical({ reference: ['a', 'a', 'b'], current: ['a', 'b', 'b'] });
 */
export function psiCategorical({
  reference,
  current,
  epsilon = 1e-4,
}: {
  reference: readonly string[];
  current: readonly string[];
  epsilon?: number;
}): { psi: number; band: DriftBand; categories: { category: string; referenceFraction: number; currentFraction: number }[] } {
  checkNonEmpty('psiCategorical', 'reference', reference);
  checkNonEmpty('psiCategorical', 'current', current);
  const count = (xs: readonly string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
    return m;
  };
  const r = count(reference);
  const c = count(current);
  const categories = [...new Set([...r.keys(), ...c.keys()])].sort().map((category) => ({
    category,
    referenceFraction: (r.get(category) ?? 0) / reference.length,
    currentFraction: (c.get(category) ?? 0) / current.length,
  }));
  const total = categories.reduce((s, k) => s + psiTerm(k.referenceFraction, k.currentFraction, epsilon), 0);
  return { psi: total, band: driftBand({ psi: total }), categories };
}

/**
 * Two-sample Kolmogorov–Smirnov test: D = max |F_a(x) − F_b(x)| and the asymptotic p-value
 * Q_KS((√nₑ + 0.12 + 0.11/√nₑ)·D) with nₑ = n·m/(n + m) (Stephens' small-sample correction,
 * Numerical Recipes §14.3). Adequate for monitoring sample sizes (nₑ ≳ 4).
 * @example ksTwoSample({ a: reference, b: current }); // { statistic: 0.12, pValue: 0.003 }
 */
export function ksTwoSample({ a, b }: { a: ArrayLike<number>; b: ArrayLike<number> }): { statistic: number; pValue: number } {
  const fn = 'ksTwoSample';
  checkNonEmpty(fn, 'a', a);
  checkNonEmpty(fn, 'b', b);
  checkFinite(fn, 'a', a);
  checkFinite(fn, 'b', b);
  const x = Array.from(a).sort((p, q) => p - q);
  const y = Array.from(b).sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i] ?? 0, y[j] ?? 0);
    // Step past every copy of v in both samples before comparing, so ties do not create false gaps.
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const en = Math.sqrt((x.length * y.length) / (x.length + y.length));
  return { statistic: d, pValue: kolmogorovQ({ lambda: (en + 0.12 + 0.11 / en) * d }) };
}

/**
 * Survival function of the Kolmogorov distribution, Q(λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2j²λ²}.
 * @example kolmogorovQ({ lambda: 1.358 }); // ≈ 0.05
 */
export function kolmogorovQ({ lambda }: { lambda: number }): number {
  if (!(lambda >= 0)) throw new Error(`kolmogorovQ: lambda must be >= 0, got ${lambda}`);
  if (lambda < 1e-3) return 1;
  if (lambda < 1.18) {
    // The alternating series converges slowly for small λ; use the Jacobi-theta form of the CDF instead.
    const y = Math.exp((-Math.PI * Math.PI) / (8 * lambda * lambda));
    let s = 0;
    for (let k = 1; k <= 9; k += 2) s += y ** (k * k);
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * s;
  }
  let s = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    s += (j % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

export interface FeatureDrift {
  feature: string;
  kind: 'numeric' | 'categorical';
  psi: number;
  band: DriftBand;
  /** Two-sample KS (numeric features only). */
  ks: { statistic: number; pValue: number } | null;
  referenceCount: number;
  currentCount: number;
  /** Rows where the value was null/undefined/'' (left out of the comparison). */
  referenceMissing: number;
  currentMissing: number;
}

/**
 * Per-feature drift between a reference sample (e.g. training data) and current traffic. A feature is
 * numeric when every present reference value is a number, otherwise categorical (compared as text).
 * @example
 * const report = driftReport({ reference: trainRows, current: recentRows, features: ['age', 'purpose'] });
 * report.features.filter((f) => f.band === 'act');
 */
export function driftReport({
  reference,
  current,
  features,
  bins = 10,
}: {
  reference: readonly Record<string, unknown>[];
  current: readonly Record<string, unknown>[];
  features: readonly string[];
  bins?: number;
}): { features: FeatureDrift[]; worstBand: DriftBand } {
  const fn = 'driftReport';
  if (reference.length === 0) throw new Error(`${fn}: reference is empty`);
  if (current.length === 0) throw new Error(`${fn}: current is empty`);
  if (features.length === 0) throw new Error(`${fn}: features is empty`);
  const isMissing = (v: unknown): boolean => v === null || v === undefined || v === '';
  const result = features.map((feature): FeatureDrift => {
    const ref = reference.map((r) => r[feature]).filter((v) => !isMissing(v));
    const cur = current.map((r) => r[feature]).filter((v) => !isMissing(v));
    if (ref.length === 0) throw new Error(`${fn}: feature "${feature}" has no values in reference`);
    if (cur.length === 0) throw new Error(`${fn}: feature "${feature}" has no values in current`);
    const counts = {
      referenceCount: ref.length,
      currentCount: cur.length,
      referenceMissing: reference.length - ref.length,
      currentMissing: current.length - cur.length,
    };
    if (ref.every((v) => typeof v === 'number')) {
      const refNums = ref.map(Number);
      const curNums = cur.map((v, i) => {
        if (typeof v !== 'number') throw new Error(`${fn}: feature "${feature}" is numeric in reference but current value ${i} is ${JSON.stringify(v)}`);
        return v;
      });
      const p = psi({ reference: refNums, current: curNums, bins });
      return { feature, kind: 'numeric', psi: p.psi, band: p.band, ks: ksTwoSample({ a: refNums, b: curNums }), ...counts };
    }
    const p = psiCategorical({ reference: ref.map(String), current: cur.map(String) });
    return { feature, kind: 'categorical', psi: p.psi, band: p.band, ks: null, ...counts };
  });
  const order: DriftBand[] = ['stable', 'watch', 'act'];
  const worst = result.reduce((w, f) => Math.max(w, order.indexOf(f.band)), 0);
  return { features: result, worstBand: order[worst] ?? 'stable' };
}

function histogram(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    // First edge >= v (bins are (lower, upper]).
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((edges[mid] ?? 0) < v) lo = mid + 1;
      else hi = mid;
    }
    counts[lo] = (counts[lo] ?? 0) + 1;
  }
  return counts;
}

function psiTerm(r: number, c: number, epsilon: number): number {
  const rr = Math.max(r, epsilon);
  const cc = Math.max(c, epsilon);
  return (cc - rr) * Math.log(cc / rr);
}
