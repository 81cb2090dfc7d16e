import { checkBinaryScores, checkFinite, checkNonEmpty, checkProbabilities } from './validate';

type Num = ArrayLike<number>;

/** Platt scaling: p = 1 / (1 + exp(−(a·score + b))). Plain JSON so it is stored with the model. */
export interface PlattCalibrator {
  kind: 'platt';
  a: number;
  b: number;
}

/** Isotonic calibration: non-decreasing map through (x[i], y[i]), linear between knots, flat outside. */
export interface IsotonicCalibrator {
  kind: 'isotonic';
  x: number[];
  y: number[];
}

export type Calibrator = PlattCalibrator | IsotonicCalibrator;

/**
 * Fits Platt scaling by Newton's method (IRLS) with backtracking. By default uses Platt's smoothed
 * targets (N₊+1)/(N₊+2) and 1/(N₋+2), which keeps the fit finite on separable scores.
 * @example
 * const cal = fitPlatt({ scores: valMargins, labels: valLabels });
 * calibrate({ calibrator: cal, scores: testMargins });
 */
export function fitPlatt({
  scores,
  labels,
  smoothTargets = true,
  maxIterations = 100,
}: {
  scores: Num;
  labels: Num;
  smoothTargets?: boolean;
  maxIterations?: number;
}): PlattCalibrator {
  checkBinaryScores('fitPlatt', labels, scores);
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) nPos++;
  const nNeg = labels.length - nPos;
  const hi = smoothTargets ? (nPos + 1) / (nPos + 2) : 1;
  const lo = smoothTargets ? 1 / (nNeg + 2) : 0;
  const target = (i: number): number => (labels[i] === 1 ? hi : lo);

  const loss = (a: number, b: number): number => {
    let l = 0;
    for (let i = 0; i < scores.length; i++) {
      const z = a * (scores[i] ?? 0) + b;
      // log(1 + e^z) − t·z, written to avoid overflow for large |z|.
      l += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - target(i) * z;
    }
    return l;
  };

  // Start from the prior log-odds, as Platt (1999) does.
  let a = 0;
  let b = Math.log((nPos + 1) / (nNeg + 1));
  let current = loss(a, b);
  for (let iter = 0; iter < maxIterations; iter++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i] ?? 0;
      const p = sigmoid(a * s + b);
      const r = p - target(i);
      const w = Math.max(p * (1 - p), 1e-12);
      ga += r * s;
      gb += r;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    if (Math.abs(ga) + Math.abs(gb) < 1e-10 * scores.length) break;
    // A tiny ridge keeps the 2×2 solve defined when all scores are equal.
    haa += 1e-12;
    hbb += 1e-12;
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = loss(a - step * da, b - step * db);
    while (next > current + 1e-4 * step * -(ga * da + gb * db) && step > 1e-10) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (step <= 1e-10) break;
    a -= step * da;
    b -= step * db;
    if (Math.abs(current - next) < 1e-14 * Math.max(1, Math.abs(current))) {
      current = next;
      break;
    }
    current = next;
  }
  return { kind: 'platt', a, b };
}

/**
 * Fits isotonic regression of labels on scores by pool-adjacent-violators (equal scores are pooled first,
 * as in sklearn), giving a non-decreasing calibration map.
 * @example
 * const cal = fitIsotonic({ scores, labels });
 * calibrate({ calibrator: cal, scores: [0.3] });
 */
export function fitIsotonic({ scores, labels, weights }: { scores: Num; labels: Num; weights?: Num }): IsotonicCalibrator {
  const fn = 'fitIsotonic';
  checkNonEmpty(fn, 'scores', scores);
  checkFinite(fn, 'scores', scores);
  checkFinite(fn, 'labels', labels);
  if (labels.length !== scores.length) throw new Error(`${fn}: scores has ${scores.length} values but labels has ${labels.length}`);
  if (weights && weights.length !== scores.length) throw new Error(`${fn}: weights has ${weights.length} values, expected ${scores.length}`);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((p, q) => (scores[p] ?? 0) - (scores[q] ?? 0));

  // Blocks of (x, weighted mean y, weight); equal x collapsed into one block first.
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const i of order) {
    const x = scores[i] ?? 0;
    const w = weights ? (weights[i] ?? 0) : 1;
    if (!(w > 0)) throw new Error(`${fn}: weights[${i}] must be > 0`);
    const y = labels[i] ?? 0;
    const last = xs.length - 1;
    if (last >= 0 && xs[last] === x) {
      const wl = ws[last] ?? 0;
      ys[last] = ((ys[last] ?? 0) * wl + y * w) / (wl + w);
      ws[last] = wl + w;
    } else {
      xs.push(x);
      ys.push(y);
      ws.push(w);
    }
  }

  // PAV over the unique-x points: each block remembers how many points it covers.
  const bv: number[] = [];
  const bw: number[] = [];
  const bn: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    bv.push(ys[i] ?? 0);
    bw.push(ws[i] ?? 0);
    bn.push(1);
    while (bv.length > 1 && (bv[bv.length - 2] ?? 0) > (bv[bv.length - 1] ?? 0)) {
      const v2 = bv.pop() ?? 0, w2 = bw.pop() ?? 0, n2 = bn.pop() ?? 0;
      const v1 = bv.pop() ?? 0, w1 = bw.pop() ?? 0, n1 = bn.pop() ?? 0;
      bv.push((v1 * w1 + v2 * w2) / (w1 + w2));
      bw.push(w1 + w2);
      bn.push(n1 + n2);
    }
  }
  const y: number[] = [];
  bv.forEach((v, k) => {
    for (let j = 0; j < (bn[k] ?? 0); j++) y.push(v);
  });
  return { kind: 'isotonic', x: xs, y };
}

/**
 * Applies a fitted calibrator to raw scores.
 * @example calibrate({ calibrator: { kind: 'platt', a: 2, b: -1 }, scores: [0.5] }); // [0.5]
 */
export function calibrate({ calibrator, scores }: { calibrator: Calibrator; scores: Num }): number[] {
  checkFinite('calibrate', 'scores', scores);
  const out: number[] = [];
  if (calibrator.kind === 'platt') {
    for (let i = 0; i < scores.length; i++) out.push(sigmoid(calibrator.a * (scores[i] ?? 0) + calibrator.b));
    return out;
  }
  const { x, y } = calibrator;
  if (x.length === 0 || x.length !== y.length) throw new Error('calibrate: isotonic calibrator has no knots');
  for (let i = 0; i < scores.length; i++) out.push(interpolate(x, y, scores[i] ?? 0));
  return out;
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean predicted probability in the bin (null when empty). */
  meanPredicted: number | null;
  /** Observed positive rate in the bin (null when empty). */
  fractionPositive: number | null;
}

/**
 * Reliability-diagram points over equal-width probability bins; p = 1 falls in the last bin.
 * @example
 * reliabilityCurve({ labels, probabilities, bins: 10 }).filter((b) => b.count > 0);
 */
export function reliabilityCurve({ labels, probabilities, bins = 10 }: { labels: Num; probabilities: Num; bins?: number }): ReliabilityBin[] {
  const fn = 'reliabilityCurve';
  checkBinaryScores(fn, labels, probabilities, 'probabilities');
  checkProbabilities(fn, 'probabilities', probabilities);
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`${fn}: bins must be a positive integer, got ${bins}`);
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities[i] ?? 0;
    const b = Math.min(bins - 1, Math.floor(p * bins));
    count[b] = (count[b] ?? 0) + 1;
    sumP[b] = (sumP[b] ?? 0) + p;
    sumY[b] = (sumY[b] ?? 0) + (labels[i] ?? 0);
  }
  return count.map((c, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: c,
    meanPredicted: c > 0 ? (sumP[b] ?? 0) / c : null,
    fractionPositive: c > 0 ? (sumY[b] ?? 0) / c : null,
  }));
}

/**
 * Expected calibration error: Σ_bins (nᵦ/n)·|observed rate − mean predicted| over equal-width bins.
 * @example expectedCalibrationError({ labels: [1, 0], probabilities: [0.9, 0.1], bins: 10 }); // 0.1
 */
export function expectedCalibrationError({ labels, probabilities, bins = 10 }: { labels: Num; probabilities: Num; bins?: number }): number {
  let ece = 0;
  for (const b of reliabilityCurve({ labels, probabilities, bins })) {
    if (b.count > 0) ece += (b.count / labels.length) * Math.abs((b.fractionPositive ?? 0) - (b.meanPredicted ?? 0));
  }
  return ece;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function interpolate(x: readonly number[], y: readonly number[], v: number): number {
  const n = x.length;
  if (v <= (x[0] ?? 0)) return y[0] ?? 0;
  if (v >= (x[n - 1] ?? 0)) return y[n - 1] ?? 0;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((x[mid] ?? 0) <= v) lo = mid;
    else hi = mid;
  }
  const x0 = x[lo] ?? 0, x1 = x[hi] ?? 0, y0 = y[lo] ?? 0, y1 = y[hi] ?? 0;
  return y0 + ((y1 - y0) * (v - x0)) / (x1 - x0);
}
