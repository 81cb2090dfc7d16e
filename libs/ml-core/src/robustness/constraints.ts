/**
 * What an attacker may change in an input. Indices refer to the flattened feature vector of one example
 * (for a [n, d] table: the column; for [n, h, w, c] images: (row·w + col)·c + channel).
 */
export interface PerturbationConstraints {
  /** Lowest allowed value: one number for every feature or one per feature. Default −∞. */
  lower?: number | readonly number[];
  /** Highest allowed value: one number for every feature or one per feature. Default +∞. */
  upper?: number | readonly number[];
  /** Features the attacker may not change at all (an applicant's age, a recorded date...). */
  frozen?: readonly number[];
  /**
   * Features that only take values on a grid `origin + k·step` (counts, years). Give the grid in model-input
   * units: a count standardised with (mean, std) has `step = 1 / std`, `origin = −mean / std`. Default step 1,
   * origin 0.
   */
  integer?: readonly { index: number; step?: number; origin?: number }[];
  /** One-hot groups (0/1 columns, exactly one 1 per example). Columns here are never perturbed continuously. */
  oneHotGroups?: readonly (readonly number[])[];
  /**
   * How one-hot groups are attacked. 'freeze' (default): never changed, so ε is a true L∞ radius.
   * 'flip': each group may move to one other category, picked where the loss gradient favours it most
   * (g_new − g_original > 0). The flip is outside the L∞ budget — any category change is an L∞ step of 1 —
   * so it is only allowed when ε > 0 and reports a threat model of "ε on continuous features + one category
   * change per group".
   */
  categorical?: 'freeze' | 'flip';
}

/**
 * Constraints for images scaled to [0, 1]: every pixel may move, results are clipped to the valid range.
 *
 * @example
 * const adv = fgsm({ model: cnn, xs: images, ys: labels, epsilon: 0.02, constraints: imageConstraints() });
 */
export function imageConstraints(): PerturbationConstraints {
  return { lower: 0, upper: 1 };
}

/** Constraints resolved once per attack into flat per-feature arrays. */
export interface ResolvedConstraints {
  d: number;
  lower: Float64Array;
  upper: Float64Array;
  /** 0 continuous, 1 frozen or one-hot (only moved by the categorical rule). */
  fixed: Uint8Array;
  /** Grid step per feature; 0 for continuous ones. */
  step: Float64Array;
  origin: Float64Array;
  /** One-hot groups that may flip (groups touching a frozen column are left out: they never change). */
  groups: number[][];
  flip: boolean;
}

function perFeature({ value, d, fallback, name }: { value: number | readonly number[] | undefined; d: number; fallback: number; name: string }): Float64Array {
  if (value === undefined) return new Float64Array(d).fill(fallback);
  if (typeof value === 'number') return new Float64Array(d).fill(value);
  if (value.length !== d) throw new Error(`robustness: ${name} has ${value.length} entries, the input has ${d} features`);
  return Float64Array.from(value);
}

function checkIndex(index: number, d: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= d) throw new Error(`robustness: ${what} index ${index} is outside 0..${d - 1}`);
}

export function resolveConstraints({ constraints = {}, d }: { constraints?: PerturbationConstraints; d: number }): ResolvedConstraints {
  const lower = perFeature({ value: constraints.lower, d, fallback: -Infinity, name: 'lower' });
  const upper = perFeature({ value: constraints.upper, d, fallback: Infinity, name: 'upper' });
  for (let j = 0; j < d; j++) {
    if (!((lower[j] as number) <= (upper[j] as number))) throw new Error(`robustness: feature ${j} has lower > upper`);
  }
  const fixed = new Uint8Array(d);
  for (const j of constraints.frozen ?? []) {
    checkIndex(j, d, 'frozen');
    fixed[j] = 1;
  }
  const step = new Float64Array(d);
  const origin = new Float64Array(d);
  for (const { index, step: s = 1, origin: o = 0 } of constraints.integer ?? []) {
    checkIndex(index, d, 'integer');
    if (!(s > 0)) throw new Error(`robustness: integer feature ${index} needs step > 0`);
    step[index] = s;
    origin[index] = o;
  }
  const frozen = new Set(constraints.frozen ?? []);
  const seen = new Set<number>();
  const allGroups = (constraints.oneHotGroups ?? []).map((g) => {
    if (g.length < 2) throw new Error('robustness: a one-hot group needs at least two columns');
    for (const j of g) {
      checkIndex(j, d, 'one-hot');
      if (seen.has(j)) throw new Error(`robustness: column ${j} is in two one-hot groups`);
      seen.add(j);
      fixed[j] = 1;
    }
    return [...g];
  });
  // A group with a frozen column is frozen as a whole: it never flips.
  const groups = allGroups.filter((g) => !g.some((j) => frozen.has(j)));
  return { d, lower, upper, fixed, step, origin, groups, flip: constraints.categorical === 'flip' };
}

/**
 * Projects `candidate` (in place) onto the feasible set around `original`: the ε-ball on continuous features
 * intersected with the bounds, integer grids, frozen features reset, one-hot groups set to the original
 * category or — in 'flip' mode, using `gradient` — the single best other one. Bounds win over the ball when the
 * original itself lies outside them, so released values are always in range.
 */
export function projectInPlace({ candidate, original, gradient, epsilon, c }: { candidate: Float32Array; original: Float32Array; gradient?: Float32Array; epsilon: number; c: ResolvedConstraints }): void {
  const { d } = c;
  const n = original.length / d;
  for (let i = 0; i < n; i++) {
    const base = i * d;
    for (let j = 0; j < d; j++) {
      const x0 = original[base + j] as number;
      if (c.fixed[j] === 1) {
        candidate[base + j] = x0;
        continue;
      }
      const lo = c.lower[j] as number;
      const hi = c.upper[j] as number;
      let low = Math.max(x0 - epsilon, lo);
      let high = Math.min(x0 + epsilon, hi);
      if (low > high) {
        // The original is out of bounds by more than ε: the bounds take precedence.
        low = lo;
        high = hi;
      }
      let v = Math.min(Math.max(candidate[base + j] as number, low), high);
      const s = c.step[j] as number;
      if (s > 0) {
        const o = c.origin[j] as number;
        // Tolerance so an original exactly on the grid (up to float32 rounding) stays reachable.
        const kLo = Math.ceil((low - o) / s - 1e-6);
        const kHi = Math.floor((high - o) / s + 1e-6);
        if (kLo > kHi) v = x0;
        else v = o + s * Math.min(Math.max(Math.round((v - o) / s), kLo), kHi);
        v = Math.min(Math.max(v, lo), hi);
      }
      candidate[base + j] = v;
    }
    if (!c.flip || gradient === undefined || !(epsilon > 0)) continue;
    for (const group of c.groups) {
      let current = -1;
      for (const j of group) if ((original[base + j] as number) > 0.5) current = j;
      // A row without a valid category (all zeros) is left as it is rather than invented.
      if (current < 0) continue;
      let best = current;
      let bestGain = 0;
      for (const j of group) {
        const gain = (gradient[base + j] as number) - (gradient[base + current] as number);
        if (j !== current && gain > bestGain) {
          best = j;
          bestGain = gain;
        }
      }
      for (const j of group) candidate[base + j] = j === best ? 1 : 0;
    }
  }
}
