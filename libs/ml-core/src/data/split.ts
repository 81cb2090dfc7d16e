import { createRng } from './prng';

export interface SplitFractions {
  train: number;
  val: number;
  test: number;
}

/** Row indices of each part, ascending. */
export interface SplitIndices {
  train: number[];
  val: number[];
  test: number[];
}

export interface Fold {
  fold: number;
  train: number[];
  test: number[];
}

type Label = number | string;

/**
 * Seeded stratified train/val/test split: every class is split in the requested fractions, so a 30% bad
 * rate in the data stays ~30% in each part (rounding per class by largest remainder).
 * @example
 * const { train, val, test } = stratifiedSplit({ labels, fractions: { train: 0.7, val: 0.15, test: 0.15 }, seed: 7 });
 */
export function stratifiedSplit({
  labels,
  fractions,
  seed,
}: {
  labels: readonly Label[];
  fractions: SplitFractions;
  seed: number;
}): SplitIndices {
  if (labels.length === 0) throw new Error('stratifiedSplit: labels is empty');
  checkFractions(fractions, 'stratifiedSplit');
  const rng = createRng({ seed });
  const out: SplitIndices = { train: [], val: [], test: [] };
  for (const members of groupByLabel(labels).values()) {
    const shuffled = rng.shuffle(members);
    const [nTrain, nVal] = allocate(shuffled.length, fractions);
    out.train.push(...shuffled.slice(0, nTrain));
    out.val.push(...shuffled.slice(nTrain, nTrain + nVal));
    out.test.push(...shuffled.slice(nTrain + nVal));
  }
  return sortParts(out);
}

/**
 * Time-ordered split: earliest rows train, then val, then test — no future rows leak into training.
 * Rows sharing a timestamp never straddle a boundary (the boundary moves later), so parts can be
 * slightly off the requested fractions. Use `cutoffs` to split at fixed instants instead.
 * @example
 * timeSplit({ times: rows.map((r) => r.date), fractions: { train: 0.8, val: 0.1, test: 0.1 } });
 * timeSplit({ times, cutoffs: { valFrom: new Date('2011-09-01'), testFrom: new Date('2011-11-01') } });
 */
export function timeSplit(
  options:
    | { times: readonly (number | Date)[]; fractions: SplitFractions }
    | { times: readonly (number | Date)[]; cutoffs: { valFrom: number | Date; testFrom: number | Date } },
): SplitIndices {
  const { times } = options;
  if (times.length === 0) throw new Error('timeSplit: times is empty');
  const t = times.map((v, i) => {
    const x = v instanceof Date ? v.getTime() : v;
    if (!Number.isFinite(x)) throw new Error(`timeSplit: times[${i}] is not a valid time`);
    return x;
  });
  // Stable sort by time keeps the original order among equal timestamps (reproducible).
  const order = t.map((_, i) => i).sort((a, b) => (t[a] ?? 0) - (t[b] ?? 0) || a - b);
  const at = (i: number): number => t[order[i] ?? 0] ?? 0;
  let b1: number;
  let b2: number;
  if ('cutoffs' in options) {
    const valFrom = toTime(options.cutoffs.valFrom);
    const testFrom = toTime(options.cutoffs.testFrom);
    if (testFrom < valFrom) throw new Error('timeSplit: cutoffs.testFrom is before cutoffs.valFrom');
    b1 = order.findIndex((_, i) => at(i) >= valFrom);
    b2 = order.findIndex((_, i) => at(i) >= testFrom);
    if (b1 < 0) b1 = order.length;
    if (b2 < 0) b2 = order.length;
  } else {
    checkFractions(options.fractions, 'timeSplit');
    const [nTrain, nVal] = allocate(order.length, options.fractions);
    b1 = nTrain;
    while (b1 > 0 && b1 < order.length && at(b1) === at(b1 - 1)) b1++;
    b2 = Math.max(b1, nTrain + nVal);
    while (b2 > 0 && b2 < order.length && at(b2) === at(b2 - 1)) b2++;
  }
  return sortParts({ train: order.slice(0, b1), val: order.slice(b1, b2), test: order.slice(b2) });
}

/**
 * Seeded k-fold partition of n rows; fold sizes differ by at most one.
 * @example
 * for (const { train, test } of kFold({ n: 1000, k: 5, seed: 1 })) { ... }
 */
export function kFold({ n, k, seed, shuffle = true }: { n: number; k: number; seed: number; shuffle?: boolean }): Fold[] {
  checkK(n, k, 'kFold');
  const idx = Array.from({ length: n }, (_, i) => i);
  const order = shuffle ? createRng({ seed }).shuffle(idx) : idx;
  const assignment = new Array<number>(n);
  order.forEach((row, pos) => {
    assignment[row] = pos % k;
  });
  return foldsFromAssignment(assignment, k);
}

/**
 * Seeded stratified k-fold: each class is dealt round-robin over the folds, continuing where the previous
 * class stopped, so class rates and fold sizes are both balanced. A class with fewer than k members
 * cannot appear in every fold.
 * @example
 * const folds = stratifiedKFold({ labels, k: 5, seed: 1 });
 */
export function stratifiedKFold({ labels, k, seed }: { labels: readonly Label[]; k: number; seed: number }): Fold[] {
  checkK(labels.length, k, 'stratifiedKFold');
  const rng = createRng({ seed });
  const assignment = new Array<number>(labels.length);
  let next = 0;
  // Classes in a fixed order (sorted label text) so the result depends only on the seed.
  const groups = [...groupByLabel(labels).entries()].sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
  for (const [, members] of groups) {
    for (const row of rng.shuffle(members)) {
      assignment[row] = next;
      next = (next + 1) % k;
    }
  }
  return foldsFromAssignment(assignment, k);
}

function foldsFromAssignment(assignment: readonly number[], k: number): Fold[] {
  const folds: Fold[] = Array.from({ length: k }, (_, fold) => ({ fold, train: [], test: [] }));
  assignment.forEach((f, row) => {
    folds.forEach((fold) => (fold.fold === f ? fold.test : fold.train).push(row));
  });
  return folds;
}

function groupByLabel(labels: readonly Label[]): Map<Label, number[]> {
  const groups = new Map<Label, number[]>();
  labels.forEach((label, i) => {
    const g = groups.get(label);
    if (g) g.push(i);
    else groups.set(label, [i]);
  });
  return groups;
}

/** Largest-remainder rounding: integer counts summing to n, as close as possible to n * fractions. */
function allocate(n: number, f: SplitFractions): [number, number, number] {
  const fractions = [f.train, f.val, f.test];
  const exact = fractions.map((f) => f * n);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return [counts[0] ?? 0, counts[1] ?? 0, counts[2] ?? 0];
}

function checkFractions(f: SplitFractions, fn: string): void {
  const parts = [f.train, f.val, f.test];
  if (parts.some((p) => !Number.isFinite(p) || p < 0)) throw new Error(`${fn}: fractions must be finite and >= 0`);
  const sum = parts.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-9) throw new Error(`${fn}: fractions must sum to 1, got ${sum}`);
}

function checkK(n: number, k: number, fn: string): void {
  if (!Number.isInteger(k) || k < 2) throw new Error(`${fn}: k must be an integer >= 2, got ${k}`);
  if (!Number.isInteger(n) || n < k) throw new Error(`${fn}: need at least k=${k} rows, got ${n}`);
}

function toTime(v: number | Date): number {
  return v instanceof Date ? v.getTime() : v;
}

function sortParts(p: SplitIndices): SplitIndices {
  const asc = (a: number, b: number): number => a - b;
  return { train: p.train.sort(asc), val: p.val.sort(asc), test: p.test.sort(asc) };
}
