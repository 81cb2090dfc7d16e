import { createRng } from '../data/prng';
import { checkFinite, checkNonEmpty } from './validate';

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
  level: number;
}

/**
 * Percentile bootstrap interval for any statistic of a sample, resampling row indices with replacement.
 * `strata` (e.g. labels) resamples within each group so every replicate keeps the class counts — AUC
 * stays defined and the interval reflects the fixed prevalence of the test set.
 * @example
 * bootstrapCi({ n: labels.length, strata: labels, seed: 1,
 *   statistic: (idx) => rocAuc({ labels: idx.map((i) => labels[i] ?? 0), scores: idx.map((i) => scores[i] ?? 0) }) });
 */
export function bootstrapCi({
  n,
  statistic,
  iterations = 1000,
  level = 0.95,
  seed,
  strata,
}: {
  n: number;
  statistic: (indices: readonly number[]) => number;
  iterations?: number;
  level?: number;
  seed: number;
  strata?: ArrayLike<number | string>;
}): Interval & { replicates: number[] } {
  const fn = 'bootstrapCi';
  if (!Number.isInteger(n) || n < 1) throw new Error(`${fn}: n must be a positive integer (sample is empty?), got ${n}`);
  if (!(level > 0 && level < 1)) throw new Error(`${fn}: level must lie in (0, 1), got ${level}`);
  if (!Number.isInteger(iterations) || iterations < 10) throw new Error(`${fn}: iterations must be an integer >= 10`);
  if (strata && strata.length !== n) throw new Error(`${fn}: strata has ${strata.length} values, expected n=${n}`);
  const groups = new Map<number | string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = strata ? (strata[i] ?? 0) : 0;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  const rng = createRng({ seed });
  const all = Array.from({ length: n }, (_, i) => i);
  const estimate = statistic(all);
  const replicates: number[] = [];
  const sample = new Array<number>(n);
  for (let b = 0; b < iterations; b++) {
    let k = 0;
    for (const members of groups.values()) {
      for (let j = 0; j < members.length; j++) sample[k++] = members[rng.int(members.length)] ?? 0;
    }
    const v = statistic(sample);
    if (!Number.isFinite(v)) throw new Error(`${fn}: statistic returned ${v} on replicate ${b}`);
    replicates.push(v);
  }
  replicates.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return { estimate, lower: quantileSorted({ sorted: replicates, q: alpha }), upper: quantileSorted({ sorted: replicates, q: 1 - alpha }), level, replicates };
}

/**
 * Mean, sample standard deviation and Student-t interval of per-fold (or per-seed) values.
 * Folds of one data set share training rows, so this interval is optimistic (too narrow); it is still
 * the conventional summary for comparing configurations.
 * @example
 * meanCi({ values: [0.71, 0.74, 0.69, 0.75, 0.72] }); // { mean: 0.722, std: …, lower: …, upper: … }
 */
export function meanCi({ values, level = 0.95 }: { values: ArrayLike<number>; level?: number }): Interval & { mean: number; std: number } {
  const fn = 'meanCi';
  checkNonEmpty(fn, 'values', values);
  checkFinite(fn, 'values', values);
  const k = values.length;
  let mean = 0;
  for (let i = 0; i < k; i++) mean += values[i] ?? 0;
  mean /= k;
  let ss = 0;
  for (let i = 0; i < k; i++) ss += ((values[i] ?? 0) - mean) ** 2;
  const std = k > 1 ? Math.sqrt(ss / (k - 1)) : 0;
  // With a single value there is no spread to estimate: the interval is unbounded, not zero-width.
  const half = k > 1 ? studentTQuantile({ p: 1 - (1 - level) / 2, df: k - 1 }) * (std / Math.sqrt(k)) : Number.POSITIVE_INFINITY;
  return { estimate: mean, mean, std, lower: mean - half, upper: mean + half, level };
}

/**
 * Quantile of Student's t distribution (inverse CDF) by bisection on the exact CDF.
 * @example studentTQuantile({ p: 0.975, df: 4 }); // 2.776
 */
export function studentTQuantile({ p, df }: { p: number; df: number }): number {
  if (!(p > 0 && p < 1)) throw new Error(`studentTQuantile: p must lie in (0, 1), got ${p}`);
  if (!(df > 0)) throw new Error(`studentTQuantile: df must be > 0, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile({ p: 1 - p, df });
  let lo = 0;
  let hi = 1;
  while (studentTCdf({ t: hi, df }) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf({ t: mid, df }) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** CDF of Student's t: for t ≥ 0, 1 − ½·I_{df/(df+t²)}(df/2, ½). @example studentTCdf({ t: 2.776, df: 4 }); // ≈ 0.975 */
export function studentTCdf({ t, df }: { t: number; df: number }): number {
  const x = df / (df + t * t);
  const tail = 0.5 * regularizedIncompleteBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Linear-interpolation quantile of an ascending array (numpy's default "linear" method). @example quantileSorted({ sorted: [1, 2, 3, 4], q: 0.5 }); // 2.5 */
export function quantileSorted({ sorted, q }: { sorted: readonly number[]; q: number }): number {
  if (sorted.length === 0) throw new Error('quantileSorted: sorted is empty');
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo] ?? 0;
  return a + (h - lo) * ((sorted[hi] ?? a) - a);
}

function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry relation otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

// Lentz's method for the incomplete-beta continued fraction (Numerical Recipes §6.4).
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

// Lanczos approximation (g = 7, n = 9), ~15 significant digits for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0] ?? 0;
  for (let i = 1; i < 9; i++) s += (LANCZOS[i] ?? 0) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}
