export type ReasonDirection = 'adverse' | 'favourable';

export interface ReasonCode {
  feature: string;
  /** Index of the feature in the contribution vector. */
  index: number;
  contribution: number;
  value: number | string | undefined;
  direction: ReasonDirection;
  text: string;
}

export interface ReasonCodesOptions {
  /** Per-feature contributions (e.g. Shapley values), in the same order as featureNames. */
  contributions: readonly number[];
  featureNames: readonly string[];
  /** The row's raw values, passed through to `describe` so text can say "income of 1 200". */
  values?: readonly (number | string | undefined)[];
  /** Caller-owned wording: ml-core knows nothing of credit, imaging or retail. */
  describe: (feature: string, value: number | string | undefined, direction: ReasonDirection) => string;
  /** How many reasons to return. Default 5. */
  k?: number;
  /** Which side to report. Default 'adverse'. */
  direction?: ReasonDirection;
  /**
   * Which sign of contribution is adverse. A default-probability model calls positive adverse
   * (it raises risk); an approval score calls negative adverse. Default 'positive'.
   */
  adverseSign?: 'positive' | 'negative';
}

/**
 * Top-k contributions in one direction, largest magnitude first, with plain-language text.
 * Features that pushed the other way (or not at all) are never offered as reasons.
 *
 * @example
 * reasonCodes({
 *   contributions: [0.12, -0.05, 0.30], featureNames: ['utilisation', 'tenure', 'missed_payments'],
 *   describe: (f, v, d) => `${f} ${d === 'adverse' ? 'increased' : 'reduced'} risk`, k: 2,
 * }); // → missed_payments, utilisation
 */
export function reasonCodes(opts: ReasonCodesOptions): ReasonCode[] {
  const { contributions, featureNames } = opts;
  if (contributions.length !== featureNames.length) {
    throw new Error(`reasonCodes: ${contributions.length} contributions but ${featureNames.length} feature names`);
  }
  const k = opts.k ?? 5;
  const direction = opts.direction ?? 'adverse';
  const adverseSign = (opts.adverseSign ?? 'positive') === 'positive' ? 1 : -1;
  const wantedSign = direction === 'adverse' ? adverseSign : -adverseSign;
  return contributions
    .map((contribution, index) => ({ contribution, index }))
    .filter(({ contribution }) => Number.isFinite(contribution) && Math.sign(contribution) === wantedSign)
    // Ties broken by index so the same input always yields the same reasons in the same order.
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.index - b.index)
    .slice(0, k)
    .map(({ contribution, index }) => {
      const feature = featureNames[index] as string;
      const value = opts.values?.[index];
      return { feature, index, contribution, value, direction, text: opts.describe(feature, value, direction) };
    });
}
