import type { Rng } from '../data/prng';

export type ParamSpec =
  | { type: 'uniform'; low: number; high: number }
  | { type: 'log-uniform'; low: number; high: number }
  | { type: 'int'; low: number; high: number; log?: boolean }
  | { type: 'choice'; values: readonly (string | number | boolean)[] };

export type SearchSpace = Record<string, ParamSpec>;

/** Concrete parameters for a space: numbers, or the literal values of a choice. */
export type ParamsOf<S extends SearchSpace> = {
  [K in keyof S]: S[K] extends { type: 'choice'; values: readonly (infer V)[] } ? V : number;
};

export type Direction = 'minimize' | 'maximize';

/** Throws naming the parameter when a spec cannot be sampled. */
export function checkSpace(space: SearchSpace, fn: string): void {
  const names = Object.keys(space);
  if (names.length === 0) throw new Error(`${fn}: search space is empty`);
  for (const name of names) {
    const spec = space[name];
    if (!spec) continue;
    if (spec.type === 'choice') {
      if (spec.values.length === 0) throw new Error(`${fn}: parameter "${name}" has no choices`);
      continue;
    }
    if (!Number.isFinite(spec.low) || !Number.isFinite(spec.high) || spec.low > spec.high) {
      throw new Error(`${fn}: parameter "${name}" needs finite low <= high, got [${spec.low}, ${spec.high}]`);
    }
    if ((spec.type === 'log-uniform' || (spec.type === 'int' && spec.log)) && spec.low <= 0) {
      throw new Error(`${fn}: parameter "${name}" is log-scaled, so low must be > 0 (got ${spec.low})`);
    }
    if (spec.type === 'int' && (!Number.isInteger(spec.low) || !Number.isInteger(spec.high))) {
      throw new Error(`${fn}: parameter "${name}" is an int, so low and high must be integers`);
    }
  }
}

/** Draws one value of a parameter from its prior (uniform in the natural or log scale). */
export function sampleParam(spec: ParamSpec, rng: Rng): string | number | boolean {
  switch (spec.type) {
    case 'uniform':
      return spec.low + rng.next() * (spec.high - spec.low);
    case 'log-uniform':
      return Math.exp(Math.log(spec.low) + rng.next() * (Math.log(spec.high) - Math.log(spec.low)));
    case 'int':
      if (spec.log) {
        // Uniform in log over [low, high + 1), floored: each integer gets the mass of its log-width.
        const u = Math.log(spec.low) + rng.next() * (Math.log(spec.high + 1) - Math.log(spec.low));
        return Math.min(spec.high, Math.max(spec.low, Math.floor(Math.exp(u))));
      }
      return spec.low + rng.int(spec.high - spec.low + 1);
    case 'choice':
      return spec.values[rng.int(spec.values.length)] ?? 0;
  }
}

/**
 * Typed view of a record built parameter by parameter. Safe because every caller fills exactly the
 * space's keys with values drawn from each spec.
 */
export function asParams<S extends SearchSpace>(record: Record<string, string | number | boolean>): ParamsOf<S> {
  return record as ParamsOf<S>;
}

/** Plain record view of typed params (for density models that handle every parameter alike). */
export function toRecord<S extends SearchSpace>(params: ParamsOf<S>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}
