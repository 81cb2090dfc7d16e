import { describe, expect, it } from 'vitest';
import { gridSearch, randomSearch, tpeSearch } from './search';

describe('gridSearch', () => {
  it('enumerates the Cartesian product and finds the best point', async () => {
    const seen: string[] = [];
    const r = await gridSearch({
      space: {
        depth: { type: 'int', low: 1, high: 3 },
        lr: { type: 'log-uniform', low: 0.001, high: 0.1 },
        act: { type: 'choice', values: ['relu', 'tanh'] },
      },
      pointsPerDimension: 3,
      direction: 'maximize',
      objective: async ({ depth, lr, act }) => {
        seen.push(`${depth}/${lr.toPrecision(3)}/${act}`);
        // Best at depth 2, lr 0.01, tanh: 10 − |depth − 2| − |log10 lr + 2| − (relu ? 1 : 0)
        return 10 - Math.abs(depth - 2) - Math.abs(Math.log10(lr) + 2) - (act === 'relu' ? 1 : 0);
      },
    });
    // 3 depths × 3 learning rates (0.001, 0.01, 0.1: geometric) × 2 activations
    expect(r.trials).toHaveLength(18);
    expect(new Set(seen).size).toBe(18);
    expect(seen).toContain('2/0.0100/tanh');
    expect(r.best.params.depth).toBe(2);
    expect(r.best.params.lr).toBeCloseTo(0.01, 12);
    expect(r.best.params.act).toBe('tanh');
    expect(r.best.value).toBeCloseTo(10, 12);
  });
  it('refuses a grid larger than the budget', async () => {
    await expect(
      gridSearch({ space: { a: { type: 'uniform', low: 0, high: 1 }, b: { type: 'uniform', low: 0, high: 1 } }, direction: 'minimize', budget: 10, objective: async () => 0 }),
    ).rejects.toThrow(/grid has 25 points, above the budget of 10 trials/);
  });
});

describe('randomSearch', () => {
  const space = {
    x: { type: 'uniform', low: -2, high: 3 },
    lr: { type: 'log-uniform', low: 1e-4, high: 1e-1 },
    layers: { type: 'int', low: 1, high: 4 },
    units: { type: 'int', low: 8, high: 512, log: true },
    act: { type: 'choice', values: ['relu', 'tanh'] },
  } as const;
  it('samples inside the space, records every trial and is reproducible', async () => {
    const objective = async (p: { x: number }): Promise<number> => p.x ** 2;
    const a = await randomSearch({ space, objective, direction: 'minimize', budget: 40, seed: 3 });
    const b = await randomSearch({ space, objective, direction: 'minimize', budget: 40, seed: 3 });
    expect(a.trials.map((t) => t.params)).toEqual(b.trials.map((t) => t.params));
    expect(a.trials).toHaveLength(40);
    for (const t of a.trials) {
      expect(t.params.x).toBeGreaterThanOrEqual(-2);
      expect(t.params.x).toBeLessThanOrEqual(3);
      expect(t.params.lr).toBeGreaterThanOrEqual(1e-4);
      expect(t.params.lr).toBeLessThanOrEqual(1e-1);
      expect(Number.isInteger(t.params.layers) && t.params.layers >= 1 && t.params.layers <= 4).toBe(true);
      expect(Number.isInteger(t.params.units) && t.params.units >= 8 && t.params.units <= 512).toBe(true);
      expect(['relu', 'tanh']).toContain(t.params.act);
      expect(t.durationMs).toBeGreaterThanOrEqual(0);
      expect(t.value).toBe(t.params.x ** 2);
    }
    expect(a.best.value).toBe(Math.min(...a.trials.map((t) => t.value)));
  });
  it('records non-finite objective values as failed trials and names the trial when the objective throws', async () => {
    const r = await randomSearch({ space, direction: 'maximize', budget: 6, seed: 1, objective: async (_p, { trial }) => (trial % 2 === 0 ? Number.NaN : trial) });
    expect(r.trials.filter((t) => t.status === 'failed')).toHaveLength(3);
    expect(r.best.trial).toBe(5);
    await expect(
      randomSearch({ space, direction: 'minimize', budget: 3, seed: 1, objective: async (_p, { trial }) => {
        if (trial === 1) throw new Error('out of memory');
        return 0;
      } }),
    ).rejects.toThrow(/objective threw on trial 1 .*out of memory/);
    await expect(randomSearch({ space: {}, direction: 'minimize', budget: 3, seed: 1, objective: async () => 0 })).rejects.toThrow(/search space is empty/);
  });
});

describe('tpeSearch', () => {
  const space = {
    x: { type: 'uniform', low: -5, high: 5 },
    y: { type: 'uniform', low: -5, high: 5 },
    lr: { type: 'log-uniform', low: 1e-5, high: 1 },
    act: { type: 'choice', values: ['relu', 'tanh', 'gelu'] },
  } as const;
  // Minimum 0 at x = 1.3, y = −0.7, lr = 10^−2.5, act = tanh.
  const f = async (p: { x: number; y: number; lr: number; act: string }): Promise<number> =>
    (p.x - 1.3) ** 2 + (p.y + 0.7) ** 2 + 0.5 * (Math.log10(p.lr) + 2.5) ** 2 + (p.act === 'tanh' ? 0 : 1);

  it('beats random search on average with the same budget (10 seeds, 50 trials)', async () => {
    const tpe: number[] = [];
    const rnd: number[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      tpe.push((await tpeSearch({ space, objective: f, direction: 'minimize', budget: 50, seed })).best.value);
      rnd.push((await randomSearch({ space, objective: f, direction: 'minimize', budget: 50, seed })).best.value);
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    // Would fail for a TPE that is no better than its random start-up phase (ratio ≈ 1).
    expect(mean(tpe)).toBeLessThan(0.6 * mean(rnd));
    expect(tpe.filter((v, i) => v < (rnd[i] ?? 0)).length).toBeGreaterThanOrEqual(6);
  });

  it('maximizing −f follows exactly the trajectory of minimizing f', async () => {
    // Direction only flips the ranking, so with one seed both runs must propose the same parameters.
    const min = await tpeSearch({ space, objective: f, direction: 'minimize', budget: 30, seed: 4 });
    const max = await tpeSearch({ space, objective: async (p) => -(await f(p)), direction: 'maximize', budget: 30, seed: 4 });
    expect(max.trials.map((t) => t.params)).toEqual(min.trials.map((t) => t.params));
    expect(max.best.value).toBeCloseTo(-min.best.value, 12);
    expect(max.best.trial).toBe(min.best.trial);
  });
});
