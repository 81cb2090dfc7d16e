import { createRng } from '../data/prng';
import type { Rng } from '../data/prng';
import { asParams, checkSpace, sampleParam, toRecord } from './space';
import type { Direction, ParamSpec, ParamsOf, SearchSpace } from './space';
import { proposeTpe } from './tpe';

export type Objective<S extends SearchSpace> = (params: ParamsOf<S>, context: { trial: number }) => Promise<number>;

export interface TrialRecord<S extends SearchSpace> {
  trial: number;
  params: ParamsOf<S>;
  /** NaN for a failed trial. */
  value: number;
  durationMs: number;
  /** 'failed' when the objective returned a non-finite value (e.g. training diverged). */
  status: 'ok' | 'failed';
}

export interface SearchResult<S extends SearchSpace> {
  direction: Direction;
  best: TrialRecord<S>;
  trials: TrialRecord<S>[];
}

interface CommonOptions<S extends SearchSpace> {
  space: S;
  objective: Objective<S>;
  direction: Direction;
}

/**
 * Exhaustive search over a grid: every choice value, every integer (or `pointsPerDimension` evenly
 * spaced ones when the range is wider), and `pointsPerDimension` points of continuous ranges
 * (geometric for log-uniform). Throws when the grid exceeds `budget`, rather than silently truncating it.
 * @example
 * await gridSearch({ space: { depth: { type: 'int', low: 2, high: 6 } }, direction: 'maximize',
 *   objective: async ({ depth }) => cvAuc(depth) });
 */
export async function gridSearch<const S extends SearchSpace>({
  space,
  objective,
  direction,
  pointsPerDimension = 5,
  budget = Number.POSITIVE_INFINITY,
}: CommonOptions<S> & { pointsPerDimension?: number; budget?: number }): Promise<SearchResult<S>> {
  checkSpace(space, 'gridSearch');
  if (!Number.isInteger(pointsPerDimension) || pointsPerDimension < 2) {
    throw new Error(`gridSearch: pointsPerDimension must be an integer >= 2, got ${pointsPerDimension}`);
  }
  const axes = Object.entries(space).map(([name, spec]) => [name, gridAxis(spec, pointsPerDimension)] as const);
  const total = axes.reduce((n, [, values]) => n * values.length, 1);
  if (total > budget) throw new Error(`gridSearch: grid has ${total} points, above the budget of ${budget} trials`);
  let points: Record<string, string | number | boolean>[] = [{}];
  for (const [name, values] of axes) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
  }
  let i = 0;
  return run({ objective, direction, budget: total, fn: 'gridSearch', propose: () => asParams<S>(points[i++] ?? {}) });
}

/**
 * Random search: each trial draws every parameter from its prior.
 * @example
 * await randomSearch({ space, objective, direction: 'minimize', budget: 50, seed: 1 });
 */
export async function randomSearch<const S extends SearchSpace>({
  space,
  objective,
  direction,
  budget,
  seed,
}: CommonOptions<S> & { budget: number; seed: number }): Promise<SearchResult<S>> {
  checkSpace(space, 'randomSearch');
  const rng = createRng({ seed });
  return run({ objective, direction, budget, fn: 'randomSearch', propose: () => sampleAll(space, rng) });
}

/**
 * Tree-structured Parzen estimator (Bergstra et al. 2011): after `startupTrials` random trials, splits
 * past trials into the best `gamma` fraction and the rest, fits a Parzen density to each per parameter,
 * and picks, among `candidates` draws from the good density, the one maximising l(x)/g(x).
 * @example
 * await tpeSearch({ space: { lr: { type: 'log-uniform', low: 1e-5, high: 1e-1 } }, objective, direction: 'maximize', budget: 40, seed: 7 });
 */
export async function tpeSearch<const S extends SearchSpace>({
  space,
  objective,
  direction,
  budget,
  seed,
  startupTrials = 10,
  candidates = 24,
  gamma = 0.25,
}: CommonOptions<S> & { budget: number; seed: number; startupTrials?: number; candidates?: number; gamma?: number }): Promise<SearchResult<S>> {
  checkSpace(space, 'tpeSearch');
  if (!(gamma > 0 && gamma < 1)) throw new Error(`tpeSearch: gamma must lie in (0, 1), got ${gamma}`);
  const rng = createRng({ seed });
  return run({
    objective,
    direction,
    budget,
    fn: 'tpeSearch',
    propose: (history) => {
      const done = history.filter((t) => t.status === 'ok');
      if (done.length < Math.max(2, startupTrials)) return sampleAll(space, rng);
      const sign = direction === 'minimize' ? 1 : -1;
      const ranked = [...done].sort((a, b) => sign * (a.value - b.value));
      const nGood = Math.min(25, Math.max(1, Math.ceil(gamma * ranked.length)));
      return asParams<S>(
        proposeTpe({ space, good: ranked.slice(0, nGood).map((t) => toRecord(t.params)), bad: ranked.slice(nGood).map((t) => toRecord(t.params)), candidates, rng }),
      );
    },
  });
}

async function run<S extends SearchSpace>({
  objective,
  direction,
  budget,
  fn,
  propose,
}: {
  objective: Objective<S>;
  direction: Direction;
  budget: number;
  fn: string;
  propose: (history: readonly TrialRecord<S>[]) => ParamsOf<S>;
}): Promise<SearchResult<S>> {
  if (!Number.isInteger(budget) || budget < 1) throw new Error(`${fn}: budget must be a positive integer, got ${budget}`);
  if (direction !== 'minimize' && direction !== 'maximize') throw new Error(`${fn}: direction must be 'minimize' or 'maximize'`);
  const trials: TrialRecord<S>[] = [];
  for (let trial = 0; trial < budget; trial++) {
    const params = propose(trials);
    const start = performance.now();
    let value: number;
    try {
      value = await objective(params, { trial });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`${fn}: objective threw on trial ${trial} with params ${JSON.stringify(params)}: ${message}`, { cause: err });
    }
    const durationMs = performance.now() - start;
    const ok = typeof value === 'number' && Number.isFinite(value);
    trials.push({ trial, params, value: ok ? value : Number.NaN, durationMs, status: ok ? 'ok' : 'failed' });
  }
  const sign = direction === 'minimize' ? 1 : -1;
  const best = trials.filter((t) => t.status === 'ok').reduce<TrialRecord<S> | null>((b, t) => (b === null || sign * (t.value - b.value) < 0 ? t : b), null);
  if (best === null) throw new Error(`${fn}: all ${trials.length} trials failed (objective returned a non-finite value)`);
  return { direction, best, trials };
}

function sampleAll<S extends SearchSpace>(space: S, rng: Rng): ParamsOf<S> {
  const out: Record<string, string | number | boolean> = {};
  for (const [name, spec] of Object.entries(space)) out[name] = sampleParam(spec, rng);
  return asParams<S>(out);
}

function gridAxis(spec: ParamSpec, points: number): (string | number | boolean)[] {
  if (spec.type === 'choice') return [...spec.values];
  if (spec.low === spec.high) return [spec.low];
  const logScale = spec.type === 'log-uniform' || (spec.type === 'int' && spec.log === true);
  if (spec.type === 'int' && spec.high - spec.low + 1 <= points) {
    return Array.from({ length: spec.high - spec.low + 1 }, (_, i) => spec.low + i);
  }
  const lo = logScale ? Math.log(spec.low) : spec.low;
  const hi = logScale ? Math.log(spec.high) : spec.high;
  const values = Array.from({ length: points }, (_, i) => {
    const u = lo + ((hi - lo) * i) / (points - 1);
    const v = logScale ? Math.exp(u) : u;
    return spec.type === 'int' ? Math.round(v) : v;
  });
  return [...new Set(values)];
}
