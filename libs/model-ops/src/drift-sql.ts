// Population stability (PSI) per feature computed from binned counts in PostgreSQL: the window's rows are
// never loaded. Numeric features are cut at the reference sample's deciles (the same linear-interpolation
// quantiles and (lower, upper] bins as ml-core's `psi`, so the figures agree with it to rounding); categories
// are counted per value. What leaves the database is a few quantile values and one count per bin.
import { Prisma, type Db } from '@platform/db';
import { driftBand, type DriftBand } from '@platform/ml-core/evaluation';
import { AppError } from '@platform/util';

export interface TDriftColumn {
  key: string;
  label: string;
  kind: 'numeric' | 'categorical';
  /** A SQL expression over the table's row (e.g. Prisma.sql`"durationMonths"`). */
  expression: Prisma.Sql;
}

export interface TSqlDriftFeature {
  key: string;
  label: string;
  psi: number;
  /** The band, or null when the current sample is smaller than `minCurrent` (noise would read as drift). */
  band: DriftBand | null;
  bins: { bin: string; referenceFraction: number; currentFraction: number }[];
}

export interface TSqlDrift {
  reference: number;
  current: number;
  features: TSqlDriftFeature[];
}

const psiTerm = (r: number, c: number, epsilon: number) => {
  const rr = Math.max(r, epsilon);
  const cc = Math.max(c, epsilon);
  return (cc - rr) * Math.log(cc / rr);
};

/** Row positions (0-based, sorted sample) whose values the linear-interpolation quantiles i/bins need. */
function quantilePositions(n: number, bins: number): { q: number; lo: number; hi: number; h: number }[] {
  return Array.from({ length: bins - 1 }, (_, i) => {
    const q = (i + 1) / bins;
    const h = (n - 1) * q;
    return { q, lo: Math.floor(h), hi: Math.ceil(h), h };
  });
}

/**
 * PSI of every column between the rows of `table` matching `reference` and those matching `current`.
 * @example
 * const drift = await driftInSql({ db, table: Prisma.sql`loan_application`, reference: Prisma.sql`source = 'german_credit'`,
 *   current: Prisma.sql`source <> 'german_credit' AND "createdAt" >= ${from}`, columns });
 */
export async function driftInSql({
  db,
  table,
  reference,
  current,
  columns,
  bins = 10,
  epsilon = 1e-4,
  minCurrent = 0,
}: {
  db: Db;
  table: Prisma.Sql;
  reference: Prisma.Sql;
  current: Prisma.Sql;
  columns: readonly TDriftColumn[];
  bins?: number;
  epsilon?: number;
  minCurrent?: number;
}): Promise<TSqlDrift> {
  if (!Number.isInteger(bins) || bins < 2) throw new AppError({ code: 'BAD_INPUT', message: `PSI bins must be a whole number of at least 2, got ${bins}` });
  const [counts] = await db.$queryRaw<{ reference: bigint; current: bigint }[]>`
    SELECT (SELECT count(*) FROM ${table} WHERE ${reference}) AS reference, (SELECT count(*) FROM ${table} WHERE ${current}) AS current`;
  const nRef = Number(counts?.reference ?? 0);
  const nCur = Number(counts?.current ?? 0);
  if (nRef === 0 || nCur === 0) return { reference: nRef, current: nCur, features: [] };

  const features: TSqlDriftFeature[] = [];
  for (const column of columns) {
    let binExpr: Prisma.Sql;
    let labels: (bin: string) => string = (bin) => bin;
    if (column.kind === 'numeric') {
      // The sorted reference values at the positions the deciles interpolate between, then the edges in JS
      // with ml-core's formula, so an edge is bit-for-bit the one `psi` would compute.
      const positions = quantilePositions(nRef, bins);
      const wanted = [...new Set(positions.flatMap((p) => [p.lo, p.hi]))];
      const at = await db.$queryRaw<{ rn: bigint; v: number }[]>`
        SELECT rn, v FROM (SELECT (${column.expression})::float8 AS v, row_number() OVER (ORDER BY (${column.expression})::float8) - 1 AS rn FROM ${table} WHERE ${reference}) s
        WHERE rn = ANY(${wanted}::bigint[])`;
      const value = new Map(at.map((r) => [Number(r.rn), r.v]));
      const edges: number[] = [];
      for (const p of positions) {
        const a = value.get(p.lo) ?? 0;
        const e = a + (p.h - p.lo) * ((value.get(p.hi) ?? a) - a);
        if (edges.length === 0 || e > (edges[edges.length - 1] ?? Number.NEGATIVE_INFINITY)) edges.push(e);
      }
      // Bins are (lower, upper]: a value's bin is the number of edges strictly below it. width_bucket counts
      // thresholds <= its operand, so it is asked about −value against the negated edges in ascending order.
      const negated = edges.map((e) => -e).reverse();
      binExpr = Prisma.sql`(${edges.length} - width_bucket(-(${column.expression})::float8, ${negated}::float8[]))::text`;
      labels = (bin) => {
        const b = Number(bin);
        const lower = b === 0 ? '−∞' : String(edges[b - 1]);
        const upper = b === edges.length ? '∞' : String(edges[b]);
        return `(${lower}, ${upper}]`;
      };
    } else {
      binExpr = Prisma.sql`(${column.expression})::text`;
    }
    const rows = await db.$queryRaw<{ side: string; bin: string | null; n: bigint }[]>`
      SELECT 'r' AS side, ${binExpr} AS bin, count(*) AS n FROM ${table} WHERE ${reference} GROUP BY 2
      UNION ALL
      SELECT 'c' AS side, ${binExpr} AS bin, count(*) AS n FROM ${table} WHERE ${current} GROUP BY 2`;
    const byBin = new Map<string, { r: number; c: number }>();
    for (const row of rows) {
      const bin = row.bin ?? 'missing';
      const entry = byBin.get(bin) ?? { r: 0, c: 0 };
      if (row.side === 'r') entry.r += Number(row.n);
      else entry.c += Number(row.n);
      byBin.set(bin, entry);
    }
    const order = [...byBin.keys()].sort((a, b) => (column.kind === 'numeric' ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
    const binsOut = order.map((bin) => {
      const e = byBin.get(bin) ?? { r: 0, c: 0 };
      return { bin: labels(bin), referenceFraction: e.r / nRef, currentFraction: e.c / nCur };
    });
    const psi = binsOut.reduce((s, b) => s + psiTerm(b.referenceFraction, b.currentFraction, epsilon), 0);
    features.push({ key: column.key, label: column.label, psi, band: nCur >= minCurrent ? driftBand({ psi }) : null, bins: binsOut });
  }
  return { reference: nRef, current: nCur, features };
}
