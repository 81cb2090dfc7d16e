// Types of the gradient-boosted decision trees area: objectives, hyper-parameters, and the model as stored
// (plain JSON, so the registry can keep it as an artifact and any runtime can read it back).

/** Loss being boosted. Log-link objectives (poisson, tweedie) boost log(mean); binary boosts log-odds. */
export type TGbdtObjective =
  | { kind: 'binary' }
  | { kind: 'l2' }
  /** `maxDeltaStep` (default 0.7, LightGBM's poisson_max_delta_step) inflates the hessian to keep early steps small. */
  | { kind: 'poisson'; maxDeltaStep?: number }
  /** Tweedie with variance power in (1, 2): compound Poisson–gamma, e.g. claim amounts with exact zeros. */
  | { kind: 'tweedie'; variancePower: number }
  /** Pinball loss at `alpha`; leaf values are re-fitted to the alpha-quantile of the leaf's residuals. */
  | { kind: 'quantile'; alpha: number };

export type TGbdtObjectiveKind = TGbdtObjective['kind'];

/** Per-feature monotone constraint: +1 the prediction never decreases as the feature grows, −1 never increases. */
export type TMonotone = -1 | 0 | 1;

/** Hyper-parameters, named after LightGBM's where one exists (camelCase). */
export interface TGbdtParams {
  objective: TGbdtObjective;
  /** Boosting rounds (trees), before early stopping. Default 100. */
  numTrees?: number;
  /** Shrinkage applied to every leaf value. Default 0.1. */
  learningRate?: number;
  /** Leaves per tree (leaf-wise, best-first growth). Default 31. */
  maxLeaves?: number;
  /** Depth limit of a leaf (root = 0); 0 = none. Default 0. */
  maxDepth?: number;
  /** Fewest (in-bag) rows in a leaf. Default 20. */
  minChildSamples?: number;
  /** Smallest hessian sum in a leaf. Default 1e-3. */
  minChildHessian?: number;
  /** Smallest gain worth a split. Default 0. */
  minGain?: number;
  /** L1 penalty on leaf values. Default 0. */
  l1?: number;
  /** L2 penalty on leaf values. Default 0. */
  l2?: number;
  /** Fraction of rows drawn (without replacement) for a tree. Default 1. */
  baggingFraction?: number;
  /** Redraw the bag every this many trees. Default 1. */
  baggingFreq?: number;
  /** Fraction of features a tree may split on. Default 1. */
  featureFraction?: number;
  /** Value bins per numeric feature (missing values get one more of their own), 2–255. Default 255. */
  maxBins?: number;
  /** Most categories on the scanned side of a categorical split. Default 32. */
  maxCatThreshold?: number;
  /** Smoothing added to the hessian when categories are ordered by gradient/hessian; also the fewest rows a
   *  category needs to be placed by the scan (others follow the rest). Default 10. */
  catSmooth?: number;
  /** Extra L2 in the gain of a many-category split. Default 10. */
  catL2?: number;
  /** With at most this many categories present, try each one against the rest instead. Default 4. */
  maxCatToOnehot?: number;
  /** Stop when the validation loss has not improved for this many trees (needs `validation`). */
  earlyStoppingRounds?: number;
  /** Seed for bagging and feature sampling. Default 0. */
  seed?: number;
}

export type TGbdtResolvedParams = Required<Omit<TGbdtParams, 'earlyStoppingRounds'>> & { earlyStoppingRounds: number | null };

/** A numeric feature as the model reads it: compared as float32 against float32 thresholds. */
export interface TGbdtNumericFeature {
  name: string;
  kind: 'numeric';
  monotone: TMonotone;
}

/** A categorical feature: integer codes (as numbers). `categories` is the vocabulary seen in training. */
export interface TGbdtCategoricalFeature {
  name: string;
  kind: 'categorical';
  categories: number[];
}

export type TGbdtFeature = TGbdtNumericFeature | TGbdtCategoricalFeature;

/** `x <= threshold` goes left (x read as float32); NaN goes left when `missingGoesLeft`. */
export interface TGbdtNumericSplit {
  kind: 'numeric';
  feature: number;
  /** A float32 value. */
  threshold: number;
  missingGoesLeft: boolean;
  left: number;
  right: number;
  gain: number;
  /** Training (in-bag) rows that reached the node: the weights path-dependent TreeSHAP uses. */
  cover: number;
}

/**
 * A listed category goes left when `categoriesGoLeft` (else right); anything else — another category, one never
 * seen in training, NaN, a negative or fractional code — takes the other branch, which is the side the missing
 * values of the node went in training.
 */
export interface TGbdtCategoricalSplit {
  kind: 'categorical';
  feature: number;
  categories: number[];
  categoriesGoLeft: boolean;
  left: number;
  right: number;
  gain: number;
  cover: number;
}

export interface TGbdtLeaf {
  kind: 'leaf';
  /** Already multiplied by the learning rate. */
  value: number;
  cover: number;
}

export type TGbdtNode = TGbdtNumericSplit | TGbdtCategoricalSplit | TGbdtLeaf;

/** Node 0 is the root; children are indices into `nodes`. */
export interface TGbdtTree {
  nodes: TGbdtNode[];
}

/** A trained model. raw(x) = baseScore + Σ trees; prediction = objective's inverse link of raw. */
export interface TGbdtModel {
  format: 'ml-core-gbdt';
  version: 1;
  objective: TGbdtObjective;
  baseScore: number;
  features: TGbdtFeature[];
  trees: TGbdtTree[];
  params: TGbdtResolvedParams;
}

/** Rows of features; categorical columns carry integer codes, NaN is missing. */
export type TGbdtRows = readonly ArrayLike<number>[];
