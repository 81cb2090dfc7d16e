import { describe, expect, it } from 'vitest';
import { computeEpsilon, computeRdp, DEFAULT_RDP_ORDERS, logErfc, noiseForTargetEpsilon } from './rdp-accountant';

/**
 * Independent reference: A_α = E_{z~N(0,σ²)} [((1−q) + q·e^{(2z−1)/(2σ²)})^α], the moment of the
 * likelihood ratio of the mixture (1−q)N(0,σ²) + qN(1,σ²) to N(0,σ²), by composite Simpson on [−40, 40].
 */
function rdpByIntegration(q: number, sigma: number, alpha: number): number {
  const lo = -40;
  const hi = 40;
  const n = 400_000; // even
  const h = (hi - lo) / n;
  const f = (z: number): number => {
    const p0 = Math.exp((-z * z) / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
    return p0 * Math.pow(1 - q + q * Math.exp((2 * z - 1) / (2 * sigma * sigma)), alpha);
  };
  let s = f(lo) + f(hi);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(lo + i * h);
  return Math.log((s * h) / 3) / (alpha - 1);
}

describe('computeRdp', () => {
  it.each([
    [2.5, 0.01, 1.1],
    [3.5, 0.05, 0.8],
    [3, 0.01, 1.1],
    [1.5, 0.2, 2],
  ])('matches numerical integration of the Rényi divergence at α=%s, q=%s, σ=%s', (alpha, q, sigma) => {
    const { rdp } = computeRdp({ sampleRate: q, noiseMultiplier: sigma, steps: 1, orders: [alpha] });
    const ref = rdpByIntegration(q, sigma, alpha);
    expect(Math.abs((rdp[0] as number) - ref) / ref).toBeLessThan(1e-7);
  });

  it('without subsampling is the Gaussian mechanism α/(2σ²)', () => {
    const { rdp } = computeRdp({ sampleRate: 1, noiseMultiplier: 2, steps: 3, orders: [4] });
    expect(rdp[0]).toBeCloseTo((3 * 4) / (2 * 4), 12);
  });
});

describe('computeEpsilon', () => {
  it("reproduces TF Privacy's MNIST tutorial: σ=1.1, batch 256 of 60 000, 60 epochs, δ=1e-5 → ε = 3.01", () => {
    // Published in tensorflow/privacy README ("satisfies differential privacy with eps = 3.01 and delta = 1e-05"),
    // computed by compute_dp_sgd_privacy.py with steps = ceil(epochs·N/batch) and the classic conversion.
    const steps = Math.ceil((60 * 60000) / 256);
    const { epsilon } = computeEpsilon({ sampleRate: 256 / 60000, noiseMultiplier: 1.1, steps, delta: 1e-5 });
    expect(Math.abs(epsilon - 3.01)).toBeLessThan(0.005);
    // The tutorial script itself used 234 steps/epoch and orders 1.1…10.9, 12…63.
    const tutorialOrders = [...Array.from({ length: 99 }, (_, x) => 1 + (x + 1) / 10), ...Array.from({ length: 52 }, (_, i) => 12 + i)];
    const tut = computeEpsilon({ sampleRate: 256 / 60000, noiseMultiplier: 1.1, steps: 60 * 234, delta: 1e-5, orders: tutorialOrders });
    expect(Math.abs(tut.epsilon - 3.01)).toBeLessThan(0.005);
  });

  it.each([
    // tensorflow/privacy compute_dp_sgd_privacy_test.py (dp_accounting RDP, improved conversion).
    [60000, 150, 1.3, 15, 1e-5, 0.7242234026109595, 19],
    [100000, 100, 1.0, 30, 1e-7, 1.4154988495444842, 13],
  ])('matches TF Privacy test values with the improved conversion (N=%s, batch=%s, σ=%s)', (n, b, sigma, epochs, delta, eps, order) => {
    const got = computeEpsilon({ sampleRate: b / n, noiseMultiplier: sigma, steps: Math.ceil((epochs * n) / b), delta, conversion: 'improved' });
    expect(Math.abs(got.epsilon - eps)).toBeLessThan(1e-8);
    expect(got.optimalOrder).toBe(order);
  });

  it('uses the standard order list ending 128, 256, 512', () => {
    expect(DEFAULT_RDP_ORDERS.slice(0, 3)).toEqual([1.25, 1.5, 1.75]);
    expect(DEFAULT_RDP_ORDERS.slice(-4)).toEqual([63, 128, 256, 512]);
  });
});

describe('noiseForTargetEpsilon', () => {
  it('finds the smallest σ meeting the target, bracketing the MNIST setting', () => {
    const base = { delta: 1e-5, sampleRate: 256 / 60000, steps: 14063 };
    const sigma = noiseForTargetEpsilon({ ...base, targetEpsilon: 3.0, tolerance: 1e-5 });
    expect(computeEpsilon({ ...base, noiseMultiplier: sigma }).epsilon).toBeLessThanOrEqual(3.0);
    expect(computeEpsilon({ ...base, noiseMultiplier: sigma - 2e-5 }).epsilon).toBeGreaterThan(3.0);
    // ε = 3.01 at σ = 1.1, so ε = 3.0 needs slightly more noise.
    expect(sigma).toBeGreaterThan(1.1);
    expect(sigma).toBeLessThan(1.11);
  });
});

describe('logErfc', () => {
  it('agrees with reference values, including the far tail where erfc underflows', () => {
    expect(logErfc(0.5)).toBeCloseTo(Math.log(0.4795001221869535), 13);
    expect(logErfc(-1)).toBeCloseTo(Math.log(1.8427007929497148), 13);
    expect(Math.abs(logErfc(5) - Math.log(1.5374597944280349e-12))).toBeLessThan(1e-12);
    // Asymptotic series: erfc(x) ≈ e^{−x²}/(x√π)·(1 − 1/(2x²) + 3/(4x⁴) − 15/(8x⁶))
    const x = 40;
    const asym = -x * x - Math.log(x * Math.sqrt(Math.PI)) + Math.log(1 - 1 / (2 * x * x) + 3 / (4 * x ** 4) - 15 / (8 * x ** 6));
    expect(Math.abs(logErfc(x) - asym)).toBeLessThan(1e-10);
  });
});
