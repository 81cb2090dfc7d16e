import { describe, expect, it } from 'vitest';
import { exactShapley, explain, kernelShap } from './shapley';
import { createRng } from './random';

// Nonlinear with interactions, so Shapley values are not trivially read off coefficients.
const nonlinear = (r: number[]): number => {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = r;
  return Math.sin(a) * b + Math.exp(0.3 * c) - d * e * f + Math.max(0, g - 0.5) + a * a * g + 0.5 * h * b;
};
const batch = (f: (r: number[]) => number) => (rows: number[][]) => rows.map(f);

function randomRows(n: number, m: number, seed: number): number[][] {
  const rng = createRng({ seed });
  return Array.from({ length: n }, () => Array.from({ length: m }, () => rng() * 4 - 2));
}

/**
 * Independent reference: the permutation definition of the Shapley value,
 * phi_i = (1/M!) Σ_π [v(pre_π(i) ∪ {i}) − v(pre_π(i))], with v written out directly.
 */
function bruteForceShapley(f: (r: number[]) => number, x: number[], bg: number[][]): number[] {
  const m = x.length;
  const memo = new Map<string, number>();
  const v = (inS: boolean[]): number => {
    const key = inS.map((b) => (b ? 1 : 0)).join('');
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let s = 0;
    for (const b of bg) s += f(b.map((bv, j) => (inS[j] ? (x[j] as number) : bv)));
    memo.set(key, s / bg.length);
    return s / bg.length;
  };
  const phi = new Array<number>(m).fill(0);
  let count = 0;
  const permute = (prefix: number[], rest: number[]): void => {
    if (rest.length === 0) {
      count++;
      const inS = new Array<boolean>(m).fill(false);
      for (const i of prefix) {
        const before = v(inS);
        inS[i] = true;
        phi[i] = (phi[i] as number) + v(inS) - before;
      }
      return;
    }
    rest.forEach((r, k) => permute([...prefix, r], rest.filter((_, j) => j !== k)));
  };
  permute([], Array.from({ length: m }, (_, i) => i));
  return phi.map((p) => p / count);
}

describe('exactShapley', () => {
  it('equals the brute-force permutation formula on a nonlinear 7-feature model', () => {
    const m = 7;
    const bg = randomRows(15, m, 1);
    const x = [1.2, -0.7, 0.4, 1.5, -1.1, 0.9, 1.3];
    const f = (r: number[]) => nonlinear([...r, 0]);
    const ref = bruteForceShapley(f, x, bg);
    const got = exactShapley({ predict: batch(f), x, background: bg });
    got.values.forEach((p, i) => expect(Math.abs(p - (ref[i] as number))).toBeLessThanOrEqual(1e-6));
  });

  it('is additive: sum(phi) = f(x) − mean f(background) within 1e-6', () => {
    const bg = randomRows(30, 8, 2);
    const x = [0.3, 1.1, -1.4, 0.2, 0.8, -0.6, 1.9, -1.0];
    const got = exactShapley({ predict: batch(nonlinear), x, background: bg });
    const meanBg = bg.reduce((s, r) => s + nonlinear(r), 0) / bg.length;
    const sum = got.values.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - (nonlinear(x) - meanBg))).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(got.baseValue - meanBg)).toBeLessThanOrEqual(1e-9);
  });

  it('gives w_i (x_i − mean background_i) for a linear model', () => {
    const w = [2, -1, 0.5, 3, 0, -2.5];
    const lin = (r: number[]) => 0.7 + r.reduce((s, v, i) => s + (w[i] as number) * v, 0);
    const bg = randomRows(40, 6, 3);
    const x = [1, 2, -1, 0.5, 9, -0.3];
    const expected = x.map((xi, i) => (w[i] as number) * (xi - bg.reduce((s, r) => s + (r[i] as number), 0) / bg.length));
    for (const e of [exactShapley({ predict: batch(lin), x, background: bg }), kernelShap({ predict: batch(lin), x, background: bg, nSamples: 20, seed: 5 })]) {
      e.values.forEach((p, i) => expect(Math.abs(p - (expected[i] as number))).toBeLessThanOrEqual(1e-6));
    }
  });
});

describe('kernelShap', () => {
  const bg = randomRows(25, 8, 4);
  const x = [1.2, -0.7, 0.4, 1.5, -1.1, 0.9, 1.3, 1.7];
  const exact = exactShapley({ predict: batch(nonlinear), x, background: bg });
  const scale = Math.max(...exact.values.map(Math.abs));

  it('with a budget covering all coalitions equals exact Shapley (Lundberg & Lee, Theorem 2)', () => {
    const k = kernelShap({ predict: batch(nonlinear), x, background: bg, nSamples: 254 });
    k.values.forEach((p, i) => expect(Math.abs(p - (exact.values[i] as number))).toBeLessThanOrEqual(1e-6));
  });

  it('when sampling, stays additive to 1e-9 and within 5% of the largest |phi| of exact values', () => {
    // 200 samples < 254 coalitions, so this exercises the sampled path.
    const k = kernelShap({ predict: batch(nonlinear), x, background: bg, nSamples: 200, seed: 11 });
    const sum = k.values.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - (k.prediction - k.baseValue))).toBeLessThanOrEqual(1e-9);
    k.values.forEach((p, i) => expect(Math.abs(p - (exact.values[i] as number))).toBeLessThanOrEqual(0.05 * scale));
  });

  it('is reproducible for a seed', () => {
    const a = kernelShap({ predict: batch(nonlinear), x, background: bg, nSamples: 100, seed: 3 });
    const b = kernelShap({ predict: batch(nonlinear), x, background: bg, nSamples: 100, seed: 3 });
    expect(a.values).toEqual(b.values);
  });
});

describe('explain', () => {
  it("mode 'auto' picks exact when feasible and kernel beyond maxExactFeatures", () => {
    const bg = randomRows(10, 8, 5);
    const x = bg[0] as number[];
    expect(explain({ predict: batch(nonlinear), x, background: bg }).method).toBe('exact');
    expect(explain({ predict: batch(nonlinear), x, background: bg, maxExactFeatures: 6 }).method).toBe('kernel');
  });
});
