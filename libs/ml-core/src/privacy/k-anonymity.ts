export type CellValue = string | number | boolean | null;
export type DataRow = Readonly<Record<string, CellValue>>;

/**
 * A generalisation hierarchy: level 0 is the raw value, the top level (`levels`) is '*' (fully suppressed
 * cell). Levels in between coarsen step by step (5-year → 10-year → 20-year bands; product → category).
 */
export interface Hierarchy {
  /** Index of the top level ('*'). */
  levels: number;
  generalise: (value: CellValue, level: number) => string;
  /** Human description of a level for the report ("10-wide bands"). */
  describe: (level: number) => string;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/**
 * Numeric bands. Each level is a band width (equal bands anchored at 0) or an explicit ascending edge list.
 *
 * @example
 * const age = numericBands({ levels: [5, 10, 20] });          // ages → [30, 35) → [30, 40) → [20, 40) → *
 * const amount = numericBands({ levels: [[0, 1000, 5000, 20000]] }); // <0 · [0,1000) · … · ≥20000
 */
export function numericBands({ levels }: { levels: readonly (number | readonly number[])[] }): Hierarchy {
  for (const l of levels) {
    if (typeof l === 'number' ? !(l > 0) : l.some((e, i) => i > 0 && e <= (l[i - 1] as number))) {
      throw new Error('numericBands: widths must be > 0 and edge lists strictly ascending');
    }
  }
  return {
    levels: levels.length + 1,
    generalise(value, level) {
      if (level === 0) return value === null ? '∅' : String(value);
      if (level > levels.length || value === null) return '*';
      const v = Number(value);
      if (!Number.isFinite(v)) return '*';
      const spec = levels[level - 1] as number | readonly number[];
      if (typeof spec === 'number') {
        const lo = Math.floor(v / spec) * spec;
        return `[${fmt(lo)}, ${fmt(lo + spec)})`;
      }
      const first = spec[0] as number;
      const last = spec[spec.length - 1] as number;
      if (v < first) return `<${fmt(first)}`;
      if (v >= last) return `≥${fmt(last)}`;
      let i = 0;
      while (v >= (spec[i + 1] as number)) i++;
      return `[${fmt(spec[i] as number)}, ${fmt(spec[i + 1] as number)})`;
    },
    describe(level) {
      if (level === 0) return 'exact value';
      if (level > levels.length) return 'suppressed (*)';
      const spec = levels[level - 1] as number | readonly number[];
      return typeof spec === 'number' ? `bands of width ${fmt(spec)}` : `bands at ${spec.map(fmt).join(', ')}`;
    },
  };
}

/** Age bands of 5, 10 and 20 years. */
export const ageBands = (): Hierarchy => numericBands({ levels: [5, 10, 20] });

/**
 * Category roll-ups: each level maps a raw value to a broader label (unmapped values go to 'other').
 *
 * @example
 * categoryRollup({ levels: [{ cardiology: 'medicine', oncology: 'medicine', orthopaedics: 'surgery' }] });
 */
export function categoryRollup({ levels }: { levels: readonly Readonly<Record<string, string>>[] }): Hierarchy {
  return {
    levels: levels.length + 1,
    generalise(value, level) {
      if (level === 0) return value === null ? '∅' : String(value);
      if (level > levels.length || value === null) return '*';
      return (levels[level - 1] as Readonly<Record<string, string>>)[String(value)] ?? 'other';
    },
    describe: (level) => (level === 0 ? 'exact value' : level > levels.length ? 'suppressed (*)' : `roll-up level ${level}`),
  };
}

export interface EquivalenceCheck {
  satisfied: boolean;
  equivalenceClasses: number;
  minClassSize: number;
  /** Smallest number of distinct sensitive values in a class (l-diversity only). */
  minDistinctSensitive?: number;
  /** Keys of classes that violate the requirement. */
  violatingClasses: string[];
}

function classKey(row: DataRow, qis: readonly string[]): string {
  return JSON.stringify(qis.map((q) => row[q] ?? null));
}

function groupBy(rows: readonly DataRow[], qis: readonly string[]): Map<string, number[]> {
  const classes = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const key = classKey(r, qis);
    const members = classes.get(key);
    if (members) members.push(i);
    else classes.set(key, [i]);
  });
  return classes;
}

/**
 * k-anonymity: every combination of quasi-identifier values is shared by at least k rows.
 *
 * @example
 * checkKAnonymity({ rows, quasiIdentifiers: ['ageBand', 'postcode3'], k: 5 }).satisfied;
 */
export function checkKAnonymity({ rows, quasiIdentifiers, k }: { rows: readonly DataRow[]; quasiIdentifiers: readonly string[]; k: number }): EquivalenceCheck {
  const classes = groupBy(rows, quasiIdentifiers);
  const violating = [...classes].filter(([, m]) => m.length < k).map(([key]) => key);
  return {
    satisfied: violating.length === 0,
    equivalenceClasses: classes.size,
    minClassSize: classes.size === 0 ? 0 : Math.min(...[...classes.values()].map((m) => m.length)),
    violatingClasses: violating,
  };
}

/**
 * Distinct l-diversity: every equivalence class holds at least l distinct values of the sensitive column,
 * so knowing someone's class does not reveal their diagnosis / default status outright.
 *
 * @example
 * checkLDiversity({ rows, quasiIdentifiers: ['ageBand'], sensitive: 'diagnosis', l: 3 }).satisfied;
 */
export function checkLDiversity(opts: { rows: readonly DataRow[]; quasiIdentifiers: readonly string[]; sensitive: string; l: number }): EquivalenceCheck {
  const classes = groupBy(opts.rows, opts.quasiIdentifiers);
  const distinct = [...classes].map(([key, m]) => [key, new Set(m.map((i) => String((opts.rows[i] as DataRow)[opts.sensitive] ?? null))).size] as const);
  const violating = distinct.filter(([, d]) => d < opts.l).map(([key]) => key);
  return {
    satisfied: violating.length === 0,
    equivalenceClasses: classes.size,
    minClassSize: classes.size === 0 ? 0 : Math.min(...[...classes.values()].map((m) => m.length)),
    minDistinctSensitive: distinct.length === 0 ? 0 : Math.min(...distinct.map(([, d]) => d)),
    violatingClasses: violating,
  };
}

export interface AnonymiseOptions {
  rows: readonly DataRow[];
  /** Quasi-identifier column → its generalisation hierarchy. */
  quasiIdentifiers: Readonly<Record<string, Hierarchy>>;
  k: number;
  /** Sensitive column for l-diversity (optional). */
  sensitive?: string;
  l?: number;
  /** Largest share of rows that may be suppressed instead of generalising further. Default 0.05. */
  maxSuppression?: number;
}

export interface AnonymiseReport {
  /** Released rows: quasi-identifiers generalised, violating rows removed. Other columns untouched. */
  rows: Record<string, CellValue>[];
  generalisation: { column: string; level: number; description: string; distinctBefore: number; distinctAfter: number }[];
  /** Input indices of the rows withheld. */
  suppressedRows: number[];
  suppressedShare: number;
  check: EquivalenceCheck;
}

/**
 * Generalise quasi-identifiers (Datafly-style greedy: coarsen the column with most distinct values first)
 * until the rows that still violate k-anonymity (and l-diversity when asked) fit the suppression budget,
 * then suppress those rows.
 *
 * @example
 * const r = anonymise({ rows, quasiIdentifiers: { age: ageBands(), amount: numericBands({ levels: [[0, 1e3, 1e4]] }) }, k: 5 });
 * r.generalisation; r.suppressedRows; r.rows;
 */
export function anonymise(opts: AnonymiseOptions): AnonymiseReport {
  const { rows, k } = opts;
  if (!(k >= 1)) throw new Error(`anonymise: k must be ≥ 1, got ${k}`);
  if (opts.l !== undefined && opts.sensitive === undefined) throw new Error('anonymise: l-diversity needs a sensitive column');
  const qis = Object.keys(opts.quasiIdentifiers);
  const hier = (q: string) => opts.quasiIdentifiers[q] as Hierarchy;
  const maxSuppressed = Math.floor((opts.maxSuppression ?? 0.05) * rows.length);
  const levels: Record<string, number> = Object.fromEntries(qis.map((q) => [q, 0]));

  const generaliseAll = (): Record<string, CellValue>[] =>
    rows.map((r) => {
      const out: Record<string, CellValue> = { ...r };
      for (const q of qis) out[q] = hier(q).generalise(r[q] ?? null, levels[q] as number);
      return out;
    });
  const violatingRows = (released: Record<string, CellValue>[]): number[] => {
    const bad: number[] = [];
    for (const members of groupBy(released, qis).values()) {
      const tooSmall = members.length < k;
      const tooUniform =
        opts.l !== undefined &&
        new Set(members.map((i) => String((released[i] as DataRow)[opts.sensitive as string] ?? null))).size < opts.l;
      if (tooSmall || tooUniform) bad.push(...members);
    }
    return bad.sort((a, b) => a - b);
  };
  const distinct = (released: Record<string, CellValue>[], q: string) => new Set(released.map((r) => String(r[q]))).size;

  let released = generaliseAll();
  const distinctBefore = Object.fromEntries(qis.map((q) => [q, distinct(released, q)]));
  let bad = violatingRows(released);
  while (bad.length > maxSuppressed) {
    const candidates = qis.filter((q) => (levels[q] as number) < hier(q).levels);
    if (candidates.length === 0) break; // everything is '*': whatever still violates gets suppressed
    const pick = candidates.reduce((best, q) => (distinct(released, q) > distinct(released, best) ? q : best), candidates[0] as string);
    levels[pick] = (levels[pick] as number) + 1;
    released = generaliseAll();
    bad = violatingRows(released);
  }
  const suppressed = new Set(bad);
  const kept = released.filter((_, i) => !suppressed.has(i));
  const check =
    opts.l !== undefined && opts.sensitive !== undefined
      ? checkLDiversity({ rows: kept, quasiIdentifiers: qis, sensitive: opts.sensitive, l: opts.l })
      : checkKAnonymity({ rows: kept, quasiIdentifiers: qis, k });
  if (opts.l !== undefined) {
    const kCheck = checkKAnonymity({ rows: kept, quasiIdentifiers: qis, k });
    check.satisfied = check.satisfied && kCheck.satisfied;
  }
  return {
    rows: kept,
    generalisation: qis.map((q) => ({
      column: q,
      level: levels[q] as number,
      description: hier(q).describe(levels[q] as number),
      distinctBefore: distinctBefore[q] as number,
      distinctAfter: distinct(kept, q),
    })),
    suppressedRows: bad,
    suppressedShare: rows.length === 0 ? 0 : bad.length / rows.length,
    check,
  };
}
