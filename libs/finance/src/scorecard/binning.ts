// Optimal binning with weight of evidence (WoE) and information value (IV) for scorecards.
// Convention (Siddiqi): WoE = ln(%good / %bad), so a positive WoE is a safer-than-average bin.

export type TRawValue = number | string | null;

export interface TBin {
  /** 'range' covers (lower, upper]; 'categories' lists its values; 'missing' holds null/absent values. */
  kind: 'range' | 'categories' | 'missing';
  lower: number | null;
  upper: number | null;
  categories: string[];
  good: number;
  bad: number;
  woe: number;
  iv: number;
}

export interface TFeatureBinning {
  feature: string;
  kind: 'numeric' | 'categorical';
  bins: TBin[];
  iv: number;
}

export interface TBinningOptions {
  feature: string;
  values: readonly TRawValue[];
  /** 1 = bad, 0 = good. */
  labels: readonly number[];
  kind: 'numeric' | 'categorical';
  /** Categories in risk order: binned like numbers and kept monotonic. Others get their own bins. */
  ordinal?: readonly string[];
  /** Smallest share of rows a bin may hold (default 0.05). */
  minShare?: number;
  /** Fine classes before merging, for numeric attributes (default 12). */
  maxFineBins?: number;
}

interface TCount {
  good: number;
  bad: number;
}

/** WoE and IV term of one bin; 0.5 is added to both counts only when one of them is zero. */
export function woeOf({ good, bad, totalGood, totalBad }: { good: number; bad: number; totalGood: number; totalBad: number }): { woe: number; iv: number } {
  const g = good === 0 || bad === 0 ? good + 0.5 : good;
  const b = good === 0 || bad === 0 ? bad + 0.5 : bad;
  const pg = g / totalGood;
  const pb = b / totalBad;
  const woe = Math.log(pg / pb);
  return { woe, iv: (pg - pb) * woe };
}

interface TGroup extends TCount {
  lower: number | null;
  upper: number | null;
  categories: string[];
}

function withWoe(groups: readonly TGroup[], totalGood: number, totalBad: number, kind: TBin['kind']): TBin[] {
  return groups.map((g) => ({ kind, lower: g.lower, upper: g.upper, categories: g.categories, good: g.good, bad: g.bad, ...woeOf({ good: g.good, bad: g.bad, totalGood, totalBad }) }));
}

function ivOf(groups: readonly TGroup[], totalGood: number, totalBad: number): number {
  return withWoe(groups, totalGood, totalBad, 'range').reduce((s, b) => s + b.iv, 0);
}

function merge(a: TGroup, b: TGroup): TGroup {
  return { good: a.good + b.good, bad: a.bad + b.bad, lower: a.lower, upper: b.upper, categories: [...a.categories, ...b.categories] };
}

function mergeAt(groups: readonly TGroup[], i: number): TGroup[] {
  const a = groups[i];
  const b = groups[i + 1];
  if (!a || !b) return [...groups];
  return [...groups.slice(0, i), merge(a, b), ...groups.slice(i + 2)];
}

/**
 * Coarse classes from ordered fine classes: merges adjacent classes until every class holds at least
 * `minCount` rows and WoE is monotonic in `direction`, each time taking the merge that loses least IV.
 */
function coarsen(fine: readonly TGroup[], minCount: number, direction: 1 | -1, totalGood: number, totalBad: number): TGroup[] {
  let groups = [...fine];
  const rate = (g: TGroup) => woeOf({ good: g.good, bad: g.bad, totalGood, totalBad }).woe;
  while (groups.length > 1) {
    const small = groups.findIndex((g) => g.good + g.bad < minCount);
    if (small >= 0) {
      // Merge a too-small class into the neighbour whose WoE is closest.
      const left = small - 1;
      const right = small + 1;
      const cur = groups[small] as TGroup;
      const dl = left >= 0 ? Math.abs(rate(groups[left] as TGroup) - rate(cur)) : Infinity;
      const dr = right < groups.length ? Math.abs(rate(groups[right] as TGroup) - rate(cur)) : Infinity;
      groups = mergeAt(groups, dl <= dr ? left : small);
      continue;
    }
    const violations: number[] = [];
    for (let i = 0; i + 1 < groups.length; i++) {
      const d = rate(groups[i + 1] as TGroup) - rate(groups[i] as TGroup);
      if (d * direction <= 0) violations.push(i);
    }
    if (violations.length === 0) break;
    let best = violations[0] ?? 0;
    let bestIv = -Infinity;
    for (const i of violations) {
      const iv = ivOf(mergeAt(groups, i), totalGood, totalBad);
      if (iv > bestIv) {
        bestIv = iv;
        best = i;
      }
    }
    groups = mergeAt(groups, best);
  }
  return groups;
}

/** Fine classes of a numeric attribute: distinct values grouped at (roughly) equal-frequency cut points. */
function fineNumeric(pairs: readonly { x: number; y: number }[], maxFineBins: number): TGroup[] {
  const sorted = [...pairs].sort((a, b) => a.x - b.x);
  const distinct: { x: number; good: number; bad: number }[] = [];
  for (const p of sorted) {
    const last = distinct[distinct.length - 1];
    if (last && last.x === p.x) {
      if (p.y === 1) last.bad++;
      else last.good++;
    } else distinct.push({ x: p.x, good: p.y === 1 ? 0 : 1, bad: p.y === 1 ? 1 : 0 });
  }
  const target = sorted.length / maxFineBins;
  const groups: TGroup[] = [];
  let good = 0;
  let bad = 0;
  let lower: number | null = null;
  let upper: number | null = null;
  for (const d of distinct) {
    good += d.good;
    bad += d.bad;
    upper = d.x;
    if (good + bad >= target) {
      groups.push({ good, bad, lower, upper, categories: [] });
      lower = upper;
      good = 0;
      bad = 0;
    }
  }
  if (good + bad > 0) groups.push({ good, bad, lower, upper, categories: [] });
  return groups;
}

function finaliseRanges(groups: TGroup[]): TGroup[] {
  // Open the outer edges so values beyond the training range still fall in a bin.
  return groups.map((g, i) => ({ ...g, lower: i === 0 ? null : g.lower, upper: i === groups.length - 1 ? null : g.upper }));
}

/**
 * Bins one attribute against a binary outcome and returns each bin's counts, WoE and IV.
 * Numeric (and ordinal) attributes get monotonic WoE — the direction with the higher IV wins; nominal
 * categories get one bin each (too-small ones merged with the nearest WoE); missing values get their own bin
 * (WoE 0, i.e. neutral, when training had none).
 * @example binFeature({ feature: 'age', kind: 'numeric', values: [22, 35, 61], labels: [1, 0, 0] });
 */
export function binFeature(opts: TBinningOptions): TFeatureBinning {
  const { feature, values, labels, kind } = opts;
  if (values.length !== labels.length) throw new Error(`binFeature(${feature}): ${values.length} values but ${labels.length} labels`);
  const totalBad = labels.reduce((s, y) => s + (y === 1 ? 1 : 0), 0);
  const totalGood = labels.length - totalBad;
  if (totalBad === 0 || totalGood === 0) throw new Error(`binFeature(${feature}): needs both good and bad outcomes`);
  const minCount = Math.max(1, Math.ceil((opts.minShare ?? 0.05) * labels.length));
  const missing: TCount = { good: 0, bad: 0 };
  const ordinalRank = new Map((opts.ordinal ?? []).map((v, i) => [v, i]));
  const ranged: { x: number; y: number }[] = [];
  const nominal = new Map<string, TCount>();
  values.forEach((v, i) => {
    const y = labels[i] === 1 ? 1 : 0;
    if (v === null || (typeof v === 'number' && !Number.isFinite(v))) {
      if (y === 1) missing.bad++;
      else missing.good++;
    } else if (kind === 'numeric' && typeof v === 'number') ranged.push({ x: v, y });
    else if (ordinalRank.has(String(v))) ranged.push({ x: ordinalRank.get(String(v)) ?? 0, y });
    else {
      const c = nominal.get(String(v)) ?? { good: 0, bad: 0 };
      if (y === 1) c.bad++;
      else c.good++;
      nominal.set(String(v), c);
    }
  });

  let rangeGroups: TGroup[] = [];
  if (ranged.length > 0) {
    const fine = kind === 'numeric' ? fineNumeric(ranged, opts.maxFineBins ?? 12) : fineNumeric(ranged, Math.max(1, opts.ordinal?.length ?? 1));
    const up = coarsen(fine, minCount, 1, totalGood, totalBad);
    const down = coarsen(fine, minCount, -1, totalGood, totalBad);
    rangeGroups = finaliseRanges(ivOf(up, totalGood, totalBad) >= ivOf(down, totalGood, totalBad) ? up : down);
  }
  let bins: TBin[];
  if (kind === 'numeric') bins = withWoe(rangeGroups, totalGood, totalBad, 'range');
  else {
    // Ordinal ranges become category lists: rank r covers ordinal[r].
    const ordinal = opts.ordinal ?? [];
    const ordinalGroups = rangeGroups.map((g) => ({
      ...g,
      categories: ordinal.filter((_, r) => (g.lower === null || r > g.lower) && (g.upper === null || r <= g.upper)),
      lower: null,
      upper: null,
    }));
    let nominalGroups: TGroup[] = [...nominal.entries()]
      .map(([c, n]) => ({ ...n, lower: null, upper: null, categories: [c] }))
      .sort((a, b) => woeOf({ ...a, totalGood, totalBad }).woe - woeOf({ ...b, totalGood, totalBad }).woe);
    // Sorted by WoE, neighbours are the closest in risk: merge too-small categories into one of them.
    nominalGroups = mergeSmall(nominalGroups, minCount, totalGood, totalBad);
    bins = withWoe([...ordinalGroups, ...nominalGroups], totalGood, totalBad, 'categories');
  }
  const missingBin: TBin =
    missing.good + missing.bad > 0
      ? { kind: 'missing', lower: null, upper: null, categories: [], good: missing.good, bad: missing.bad, ...woeOf({ ...missing, totalGood, totalBad }) }
      : { kind: 'missing', lower: null, upper: null, categories: [], good: 0, bad: 0, woe: 0, iv: 0 };
  bins.push(missingBin);
  return { feature, kind, bins, iv: bins.reduce((s, b) => s + b.iv, 0) };
}

function mergeSmall(groups: TGroup[], minCount: number, totalGood: number, totalBad: number): TGroup[] {
  let out = [...groups];
  const rate = (g: TGroup) => woeOf({ good: g.good, bad: g.bad, totalGood, totalBad }).woe;
  for (;;) {
    const small = out.findIndex((g) => g.good + g.bad < minCount);
    if (small < 0 || out.length < 2) return out;
    const cur = out[small] as TGroup;
    const dl = small > 0 ? Math.abs(rate(out[small - 1] as TGroup) - rate(cur)) : Infinity;
    const dr = small + 1 < out.length ? Math.abs(rate(out[small + 1] as TGroup) - rate(cur)) : Infinity;
    out = mergeAt(out, dl <= dr ? small - 1 : small);
  }
}

/** The bin a value falls in (unseen categories and missing values go to the missing bin). */
export function findBin({ binning, value }: { binning: TFeatureBinning; value: TRawValue }): TBin {
  const missingBin = binning.bins.find((b) => b.kind === 'missing');
  if (value === null || (typeof value === 'number' && !Number.isFinite(value))) {
    if (missingBin) return missingBin;
  } else if (binning.kind === 'numeric' && typeof value === 'number') {
    const bin = binning.bins.find((b) => b.kind === 'range' && (b.lower === null || value > b.lower) && (b.upper === null || value <= b.upper));
    if (bin) return bin;
  } else {
    const bin = binning.bins.find((b) => b.kind === 'categories' && b.categories.includes(String(value)));
    if (bin) return bin;
  }
  if (!missingBin) throw new Error(`findBin(${binning.feature}): no bin for ${String(value)}`);
  return missingBin;
}
