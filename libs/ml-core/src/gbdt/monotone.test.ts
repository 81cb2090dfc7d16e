import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../data/prng';
import { fitGbdt } from './fit';
import { predictGbdt } from './predict';
import type { TGbdtModel, TGbdtObjective } from './types';

// The truth is NOT monotone in the constrained features (a sine on top of the trend), so an unconstrained
// model does break monotonicity (checked below) and the constraint has work to do.
const rng = createRng({ seed: 21 });
const rows = Array.from({ length: 2500 }, () => [rng.normal() * 1.5, rng.normal() * 1.5, rng.next() < 0.2 ? NaN : rng.normal(), rng.int(5)]);
const signal = (r: number[]): number => {
  const [a = 0, b = 0, c = NaN, d = 0] = r;
  return a + 1.5 * Math.sin(3 * a) - b + 1.2 * Math.sin(4 * b) + (Number.isNaN(c) ? 1 : c * c * 0.3) + (d === 2 ? 1 : 0);
};
const regressionLabels = rows.map((r) => signal(r) + 0.3 * rng.normal());
const binaryLabels = rows.map((r) => (rng.next() < 1 / (1 + Math.exp(-signal(r))) ? 1 : 0));

const fitWith = async (objective: TGbdtObjective, monotone?: (-1 | 0 | 1)[]): Promise<TGbdtModel> =>
  (
    await fitGbdt({
      rows,
      labels: objective.kind === 'binary' ? binaryLabels : regressionLabels,
      categorical: [3],
      ...(monotone ? { monotone } : {}),
      params: { objective, numTrees: 60, maxLeaves: 15, learningRate: 0.2, minChildSamples: 10, baggingFraction: 0.8, featureFraction: 0.9, seed: 3, maxCatToOnehot: 2 },
      threads: 1,
    })
  ).model;

const value = fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constantFrom(-1e30, 1e30));
const row = fc.tuple(value, value, fc.oneof(value, fc.constant(NaN)), fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom(9, NaN, -1)));
// Mostly small steps (the wiggles a violation would hide in), some long ones.
const delta = fc.oneof(fc.double({ min: 0, max: 0.4, noNaN: true }), fc.double({ min: 0, max: 8, noNaN: true }));
const raw = (model: TGbdtModel, r: number[]): number => predictGbdt({ model, rows: [r] }).raw[0] ?? NaN;

describe('monotone constraints', () => {
  const models: Record<string, TGbdtModel> = {};
  beforeAll(async () => {
    models.l2 = await fitWith({ kind: 'l2' }, [1, -1, 0, 0]);
    models.binary = await fitWith({ kind: 'binary' }, [1, -1, 0, 0]);
    models.free = await fitWith({ kind: 'l2' });
  });

  for (const name of ['l2', 'binary']) {
    it(`${name}: raising a +1 feature never lowers the prediction, raising a −1 feature never raises it (property test)`, () => {
      const model = models[name];
      if (!model) throw new Error('model not fitted');
      fc.assert(
        fc.property(row, delta, (r, d) => {
          const x = [...r];
          const up0 = [...x];
          up0[0] = (up0[0] ?? 0) + d;
          const up1 = [...x];
          up1[1] = (up1[1] ?? 0) + d;
          const base = raw(model, x);
          return raw(model, up0) >= base && raw(model, up1) <= base;
        }),
        { numRuns: 400, seed: 7 },
      );
    });
  }

  it('is not vacuous: the same data without constraints gives a non-monotone model', () => {
    const free = models.free;
    const constrained = models.l2;
    if (!free || !constrained) throw new Error('model not fitted');
    const grid = Array.from({ length: 161 }, (_, i) => -4 + i * 0.05);
    const drops = (model: TGbdtModel) => {
      const curve = grid.map((a) => raw(model, [a, 0, 0.5, 1]));
      return curve.filter((v, i) => i > 0 && v < (curve[i - 1] ?? -Infinity)).length;
    };
    expect(drops(free)).toBeGreaterThan(0);
    expect(drops(constrained)).toBe(0);
  });
});
