import type { Rng } from '../data/prng';
import type { ParamSpec, SearchSpace } from './space';

type Value = string | number | boolean;

/**
 * One TPE proposal. Parameters are modelled independently (as in hyperopt and Optuna's default):
 * for each, l(x) is a Parzen density over the good trials and g(x) over the rest, both mixed with a
 * wide prior component so unexplored regions keep some mass. Candidates are drawn from l and the one
 * with the largest Σ log l(x) − log g(x) wins.
 */
export function proposeTpe({
  space,
  good,
  bad,
  candidates,
  rng,
}: {
  space: SearchSpace;
  good: readonly Record<string, Value>[];
  bad: readonly Record<string, Value>[];
  candidates: number;
  rng: Rng;
}): Record<string, Value> {
  const models = Object.entries(space).map(([name, spec]) => ({
    name,
    l: buildModel(spec, good.map((p) => p[name])),
    g: buildModel(spec, bad.map((p) => p[name])),
  }));
  let best: Record<string, Value> = {};
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < Math.max(1, candidates); c++) {
    const candidate: Record<string, Value> = {};
    let score = 0;
    for (const { name, l, g } of models) {
      const internal = l.sample(rng);
      candidate[name] = l.decode(internal);
      score += l.logDensity(internal) - g.logDensity(internal);
    }
    if (score > bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}

interface Model {
  sample(rng: Rng): number;
  logDensity(internal: number): number;
  decode(internal: number): Value;
}

function buildModel(spec: ParamSpec, observed: readonly (Value | undefined)[]): Model {
  if (spec.type === 'choice') return categoricalModel(spec.values, observed);
  const logScale = spec.type === 'log-uniform' || (spec.type === 'int' && spec.log === true);
  // Integers are modelled as continuous over [low − ½, high + ½] (or its log) and rounded back.
  const pad = spec.type === 'int' ? 0.5 : 0;
  const lowN = spec.low - pad;
  const highN = spec.high + pad;
  const lo = logScale ? Math.log(Math.max(lowN, spec.low / 2)) : lowN;
  const hi = logScale ? Math.log(highN) : highN;
  const encode = (v: number): number => (logScale ? Math.log(v) : v);
  const decode = (u: number): Value => {
    const v = logScale ? Math.exp(u) : u;
    const clipped = Math.min(spec.high, Math.max(spec.low, v));
    return spec.type === 'int' ? Math.min(spec.high, Math.max(spec.low, Math.round(v))) : clipped;
  };
  const mus = observed.filter((v): v is number => typeof v === 'number').map(encode);
  return parzen(mus, lo, hi, decode);
}

function parzen(observations: readonly number[], lo: number, hi: number, decode: (u: number) => Value): Model {
  const range = hi - lo;
  if (range <= 0) {
    return { sample: () => lo, logDensity: () => 0, decode };
  }
  // Prior component: centred, as wide as the range (hyperopt's choice).
  const prior = { mu: (lo + hi) / 2, sigma: range };
  const sorted = [...observations].sort((a, b) => a - b);
  // Bandwidth of each point: distance to its farther neighbour (bounds count as neighbours),
  // clipped so that a dense cluster cannot collapse to a spike and a lone point cannot exceed the range.
  const minSigma = range / Math.min(100, 1 + sorted.length);
  const comps = sorted.map((mu, i) => {
    const left = mu - (i > 0 ? (sorted[i - 1] ?? lo) : lo);
    const right = (i < sorted.length - 1 ? (sorted[i + 1] ?? hi) : hi) - mu;
    return { mu, sigma: Math.min(range, Math.max(minSigma, left, right)) };
  });
  comps.push(prior);
  const withMass = comps.map((c) => ({ ...c, mass: normalCdf((hi - c.mu) / c.sigma) - normalCdf((lo - c.mu) / c.sigma) }));
  const w = 1 / withMass.length;
  return {
    sample(rng: Rng): number {
      const c = withMass[rng.int(withMass.length)] ?? prior;
      // Truncated normal by rejection: the mass inside [lo, hi] is at least ~0.38 for every component.
      for (let attempt = 0; attempt < 100; attempt++) {
        const x = c.mu + c.sigma * rng.normal();
        if (x >= lo && x <= hi) return x;
      }
      return Math.min(hi, Math.max(lo, c.mu));
    },
    logDensity(x: number): number {
      let p = 0;
      for (const c of withMass) {
        const z = (x - c.mu) / c.sigma;
        p += (w * Math.exp(-0.5 * z * z)) / (c.sigma * Math.sqrt(2 * Math.PI) * Math.max(c.mass, 1e-12));
      }
      return Math.log(Math.max(p, 1e-300));
    },
    decode,
  };
}

function categoricalModel(values: readonly Value[], observed: readonly (Value | undefined)[]): Model {
  // Counts plus one pseudo-count per value, so an unseen choice is never ruled out.
  const counts = values.map((v) => 1 + observed.filter((o) => o === v).length);
  const total = counts.reduce((a, b) => a + b, 0);
  const probs = counts.map((c) => c / total);
  return {
    sample(rng: Rng): number {
      let u = rng.next();
      for (let i = 0; i < probs.length; i++) {
        u -= probs[i] ?? 0;
        if (u < 0) return i;
      }
      return probs.length - 1;
    },
    logDensity: (i: number): number => Math.log(probs[i] ?? 1e-300),
    decode: (i: number): Value => values[i] ?? values[0] ?? 0,
  };
}

/** Standard normal CDF via erfc (W. J. Cody-style rational fit from Numerical Recipes, |error| < 1.2e-7). */
function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
