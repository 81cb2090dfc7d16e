/**
 * Rényi-DP accountant for the sampled Gaussian mechanism (Mironov, Talwar & Zhang 2019,
 * "Rényi Differential Privacy of the Sampled Gaussian Mechanism"), following TF Privacy's
 * `rdp_accountant.compute_rdp`: integer orders through the binomial expansion of A_α, fractional
 * orders through the two convergent series split at z0 (`_compute_log_a_frac`). All sums are kept in
 * log space because A_α overflows doubles for large orders.
 */

/** TF Privacy's default order list (`DEFAULT_RDP_ORDERS`). */
export const DEFAULT_RDP_ORDERS: readonly number[] = [
  1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5,
  ...Array.from({ length: 59 }, (_, i) => 5 + i), // 5 … 63
  128, 256, 512,
];

function logAdd(a: number, b: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (lo === -Infinity) return hi;
  return Math.log1p(Math.exp(lo - hi)) + hi;
}

function logSub(a: number, b: number): number {
  if (a < b) throw new Error('rdp: log-space subtraction would go negative');
  if (b === -Infinity) return a;
  if (a === b) return -Infinity;
  const d = a - b;
  // log(exp(d) − 1) + b, with exp(d) overflow handled: for large d it is d + b = a.
  return d > 700 ? a : Math.log(Math.expm1(d)) + b;
}

/**
 * log(erfc(x)) accurate in the far tail (erfc underflows past x ≈ 27 but its log does not):
 * a positive-term series for erf on |x| < 3 (no cancellation), and the Laplace continued fraction
 * erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))) beyond.
 */
export function logErfc(x: number): number {
  if (x < 3) {
    const ax = Math.abs(x);
    // erf(a) = 2/√π · e^{−a²} · Σ_n (2a²)^n a / (1·3·…·(2n+1))
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 500; n++) {
      term *= (2 * ax * ax) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    const erfAbs = (2 / Math.sqrt(Math.PI)) * Math.exp(-ax * ax) * sum;
    return Math.log(x >= 0 ? 1 - erfAbs : 1 + erfAbs);
  }
  let k = 0;
  for (let n = 120; n >= 1; n--) k = n / 2 / (x + k);
  return -x * x - 0.5 * Math.log(Math.PI) - Math.log(x + k);
}

function logAInt(q: number, sigma: number, alpha: number): number {
  let logA = -Infinity;
  let logBinom = 0; // log C(alpha, 0)
  for (let i = 0; i <= alpha; i++) {
    if (i > 0) logBinom += Math.log(alpha - i + 1) - Math.log(i);
    const s = logBinom + i * Math.log(q) + (alpha - i) * Math.log1p(-q) + (i * i - i) / (2 * sigma * sigma);
    logA = logAdd(logA, s);
  }
  return logA;
}

function logAFrac(q: number, sigma: number, alpha: number): number {
  // A_α split into integrals over (−∞, z0] and [z0, ∞), each expanded as a series in i.
  let logA0 = -Infinity;
  let logA1 = -Infinity;
  const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
  let coef = 1; // generalised binomial C(alpha, i), built by recurrence
  for (let i = 0; i < 100_000; i++) {
    if (i > 0) coef *= (alpha - i + 1) / i;
    const logCoef = Math.log(Math.abs(coef));
    const j = alpha - i;
    const logT0 = logCoef + i * Math.log(q) + j * Math.log1p(-q);
    const logT1 = logCoef + j * Math.log(q) + i * Math.log1p(-q);
    const logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.SQRT2 * sigma));
    const logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.SQRT2 * sigma));
    const logS0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0;
    const logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
    if (coef > 0) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Math.max(logS0, logS1) < -30) break;
  }
  return logAdd(logA0, logA1);
}

/** RDP ε(α) of one step of the sampled Gaussian mechanism (sensitivity 1, noise σ, Poisson rate q). */
function rdpOneStep(q: number, sigma: number, alpha: number): number {
  if (q === 0) return 0;
  if (sigma === 0) return Infinity;
  if (q === 1) return alpha / (2 * sigma * sigma);
  if (!Number.isFinite(alpha)) return Infinity;
  const logA = Number.isInteger(alpha) ? logAInt(q, sigma, alpha) : logAFrac(q, sigma, alpha);
  return logA / (alpha - 1);
}

export interface ComputeRdpOptions {
  /** Poisson sampling rate q = expected batch size / dataset size. */
  sampleRate: number;
  /** σ / clip norm. */
  noiseMultiplier: number;
  steps: number;
  /** RDP orders α > 1. Default DEFAULT_RDP_ORDERS. */
  orders?: readonly number[];
}

/**
 * RDP of `steps` compositions of the sampled Gaussian mechanism at each order.
 *
 * @example
 * const rdp = computeRdp({ sampleRate: 256 / 60000, noiseMultiplier: 1.1, steps: 14063 });
 */
export function computeRdp(opts: ComputeRdpOptions): { orders: number[]; rdp: number[] } {
  const { sampleRate: q, noiseMultiplier: sigma, steps } = opts;
  if (!(q >= 0 && q <= 1)) throw new Error(`computeRdp: sampleRate must be in [0, 1], got ${q}`);
  if (!(sigma >= 0)) throw new Error(`computeRdp: noiseMultiplier must be ≥ 0, got ${sigma}`);
  if (!(steps >= 0)) throw new Error(`computeRdp: steps must be ≥ 0, got ${steps}`);
  const orders = [...(opts.orders ?? DEFAULT_RDP_ORDERS)];
  for (const a of orders) if (!(a > 1)) throw new Error(`computeRdp: orders must be > 1, got ${a}`);
  return { orders, rdp: orders.map((a) => rdpOneStep(q, sigma, a) * steps) };
}

export type RdpConversion = 'classic' | 'improved';

export interface EpsilonFromRdpOptions {
  orders: readonly number[];
  rdp: readonly number[];
  delta: number;
  /**
   * 'classic' (Mironov 2017, Prop. 3): ε = min_α rdp(α) + log(1/δ)/(α−1) — what TF Privacy's
   * `get_privacy_spent` and its MNIST tutorial used. 'improved' (Canonne–Kamath–Steinke 2020, Prop. 12;
   * Balle et al. 2020): ε = rdp(α) + log(1 − 1/α) − log(δ·α)/(α−1), what Google's dp_accounting uses now.
   * Default 'classic'.
   */
  conversion?: RdpConversion;
}

/**
 * Converts RDP to (ε, δ)-DP, returning ε and the order that achieved it.
 *
 * @example
 * const { orders, rdp } = computeRdp({ sampleRate: 256 / 60000, noiseMultiplier: 1.1, steps: 14063 });
 * epsilonFromRdp({ orders, rdp, delta: 1e-5 }).epsilon; // ≈ 3.01
 */
export function epsilonFromRdp(opts: EpsilonFromRdpOptions): { epsilon: number; optimalOrder: number } {
  const { orders, rdp, delta } = opts;
  if (orders.length !== rdp.length) throw new Error('epsilonFromRdp: orders and rdp differ in length');
  if (!(delta > 0 && delta < 1)) throw new Error(`epsilonFromRdp: delta must be in (0, 1), got ${delta}`);
  const conversion = opts.conversion ?? 'classic';
  let best = Infinity;
  let bestOrder = orders[0] ?? NaN;
  orders.forEach((a, i) => {
    const r = rdp[i] as number;
    let eps: number;
    if (conversion === 'classic') {
      eps = r - Math.log(delta) / (a - 1);
    } else if (delta * delta + Math.expm1(-r) > 0) {
      eps = 0; // Pinsker-type bound already gives δ from the KL divergence alone
    } else if (a > 1.01) {
      eps = r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1);
    } else {
      eps = Infinity; // bound unstable as α → 1
    }
    if (eps < best) {
      best = eps;
      bestOrder = a;
    }
  });
  return { epsilon: Math.max(0, best), optimalOrder: bestOrder };
}

export interface DpSgdPrivacyOptions {
  sampleRate: number;
  noiseMultiplier: number;
  steps: number;
  delta: number;
  orders?: readonly number[];
  conversion?: RdpConversion;
}

/**
 * ε spent by DP-SGD (Poisson-sampled Gaussian mechanism iterated `steps` times).
 *
 * @example
 * computeEpsilon({ sampleRate: 256 / 60000, noiseMultiplier: 1.1, steps: 14063, delta: 1e-5 }).epsilon; // ≈ 3.01
 */
export function computeEpsilon(opts: DpSgdPrivacyOptions): { epsilon: number; optimalOrder: number } {
  const { orders, rdp } = computeRdp(opts);
  return epsilonFromRdp({ orders, rdp, delta: opts.delta, conversion: opts.conversion });
}

export interface NoiseForTargetEpsilonOptions {
  targetEpsilon: number;
  delta: number;
  sampleRate: number;
  steps: number;
  orders?: readonly number[];
  conversion?: RdpConversion;
  /** Bisection stops when the bracket is narrower than this. Default 1e-4. */
  tolerance?: number;
}

/**
 * Smallest noise multiplier whose ε does not exceed the target, by bisection (ε falls as σ grows).
 *
 * @example
 * noiseForTargetEpsilon({ targetEpsilon: 3, delta: 1e-5, sampleRate: 256 / 60000, steps: 14063 }); // ≈ 1.1
 */
export function noiseForTargetEpsilon(opts: NoiseForTargetEpsilonOptions): number {
  const { targetEpsilon, delta, sampleRate, steps, orders, conversion } = opts;
  if (!(targetEpsilon > 0)) throw new Error(`noiseForTargetEpsilon: targetEpsilon must be > 0, got ${targetEpsilon}`);
  const eps = (sigma: number) => computeEpsilon({ sampleRate, noiseMultiplier: sigma, steps, delta, orders, conversion }).epsilon;
  let lo = 0;
  let hi = 1;
  while (eps(hi) > targetEpsilon) {
    lo = hi;
    hi *= 2;
    if (hi > 1e6) throw new Error('noiseForTargetEpsilon: target unreachable with noise multiplier ≤ 1e6');
  }
  const tol = opts.tolerance ?? 1e-4;
  while (hi - lo > tol) {
    const mid = (lo + hi) / 2;
    if (eps(mid) > targetEpsilon) lo = mid;
    else hi = mid;
  }
  return hi;
}
