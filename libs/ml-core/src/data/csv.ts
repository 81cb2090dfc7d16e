import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';

export type ColumnSpec =
  | { type: 'number'; required?: boolean; min?: number; max?: number }
  | { type: 'integer'; required?: boolean; min?: number; max?: number }
  | { type: 'category'; categories: readonly string[]; required?: boolean }
  | { type: 'date'; required?: boolean }
  | { type: 'string'; required?: boolean };

export type CsvSchema = Record<string, ColumnSpec>;

type ValueOf<C> = C extends { type: 'number' | 'integer' }
  ? number
  : C extends { type: 'date' }
    ? Date
    : C extends { categories: readonly (infer V)[] }
      ? V
      : string;

/** A parsed row: optional columns (`required: false`) may be null. */
export type CsvRow<S extends CsvSchema> = {
  [K in keyof S]: S[K] extends { required: false } ? ValueOf<S[K]> | null : ValueOf<S[K]>;
};

export interface CsvError {
  /** 1-based data row (the header is row 0); 0 for header problems such as a missing column. */
  row: number;
  /** Column at fault, or null for whole-row problems (field count). */
  column: string | null;
  /** What was wrong, including the offending text. */
  message: string;
}

export interface CsvResult<S extends CsvSchema> {
  /** Rows that passed every check, in file order. */
  rows: CsvRow<S>[];
  /** Every problem found; a row with any error is left out of `rows`. */
  errors: CsvError[];
  /** Data rows read (valid + invalid). */
  rowCount: number;
}

export interface CsvOptions<S extends CsvSchema> {
  schema: S;
  /** Column names for files without a header row (e.g. UCI german.data); omit when the first row is a header. */
  columns?: readonly string[];
  delimiter?: string;
  /** Column(s) whose (combined) value must be unique. */
  key?: keyof S & string | readonly (keyof S & string)[];
  /** Cell texts meaning "no value". Default: empty string only. */
  missing?: readonly string[];
  /** Stop collecting after this many errors so a wrong file does not build a huge error list. Default 1000. */
  maxErrors?: number;
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER_RE = /^[+-]?\d+$/;
const NON_FINITE_RE = /^[+-]?(nan|inf|infinity)$/i;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses CSV text against a column schema, returning typed rows plus row-level errors.
 * Dates without a zone are read as UTC so results do not depend on the server's time zone.
 * @example
 * const { rows, errors } = parseCsv({
 *   text,
 *   schema: { id: { type: 'integer' }, amount: { type: 'number' }, purpose: { type: 'category', categories: ['car', 'tv'] } },
 *   key: 'id',
 * });
 * // errors: [{ row: 3, column: 'amount', message: 'not a number: "12,5"' }]
 */
export function parseCsv<const S extends CsvSchema>(options: CsvOptions<S> & { text: string }): CsvResult<S> {
  const { text, schema, columns, delimiter = ',', key, missing = [''], maxErrors = 1000 } = options;
  const records: unknown = parse(text, {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
  });
  if (!Array.isArray(records)) throw new Error('parseCsv: csv-parse returned no records');
  const table = records.map((r: unknown) => (Array.isArray(r) ? r.map((c: unknown) => String(c)) : []));

  const errors: CsvError[] = [];
  const pushError = (e: CsvError): void => {
    if (errors.length < maxErrors) errors.push(e);
  };

  const header = columns ? [...columns] : (table[0] ?? []).map((h) => h.trim());
  const body = columns ? table : table.slice(1);
  const schemaColumns = Object.keys(schema);
  const index = new Map<string, number>();
  header.forEach((h, i) => index.set(h, i));
  const missingColumns = schemaColumns.filter((c) => !index.has(c));
  for (const c of missingColumns) {
    const spec = schema[c];
    if (spec && spec.required !== false) {
      pushError({ row: 0, column: c, message: `missing column "${c}" (header has: ${header.join(', ')})` });
    }
  }
  if (errors.length > 0) return { rows: [], errors, rowCount: body.length };

  const keyColumns = key === undefined ? [] : typeof key === 'string' ? [key] : [...key];
  const seenKeys = new Map<string, number>();
  const missingSet = new Set(missing);
  const rows: CsvRow<S>[] = [];

  body.forEach((cells, i) => {
    const rowNumber = i + 1;
    let ok = true;
    if (cells.length !== header.length) {
      pushError({ row: rowNumber, column: null, message: `row has ${cells.length} fields, header has ${header.length}` });
      ok = false;
    }
    const out: Record<string, unknown> = {};
    for (const column of schemaColumns) {
      const spec = schema[column];
      if (!spec) continue;
      const at = index.get(column);
      const raw = at === undefined ? undefined : cells[at];
      const result = parseCell(raw, spec, missingSet);
      if ('error' in result) {
        pushError({ row: rowNumber, column, message: result.error });
        ok = false;
      } else {
        out[column] = result.value;
      }
    }
    if (ok && keyColumns.length > 0) {
      const k = keyColumns
        .map((c) => {
          const v = out[c];
          return v instanceof Date ? v.toISOString() : String(v);
        })
        .join('\u0000');
      const first = seenKeys.get(k);
      if (first !== undefined) {
        const shown = keyColumns.map((c) => `${c}=${JSON.stringify(String(out[c]))}`).join(', ');
        pushError({ row: rowNumber, column: keyColumns.join('+'), message: `duplicate key ${shown} (first seen in row ${first})` });
        ok = false;
      } else {
        seenKeys.set(k, rowNumber);
      }
    }
    // Safe: `out` holds exactly one parsed value per schema column, each of the column's declared type.
    if (ok) rows.push(out as CsvRow<S>);
  });
  return { rows, errors, rowCount: body.length };
}

/**
 * Reads a CSV file (plain or .gz) against a column schema; see {@link parseCsv}.
 * @example
 * const { rows, errors } = await readCsv({ path: 'online_retail.csv.gz', schema: { Quantity: { type: 'integer' } } });
 */
export async function readCsv<const S extends CsvSchema>(options: CsvOptions<S> & { path: string }): Promise<CsvResult<S>> {
  let buf: Buffer;
  try {
    buf = await readFile(options.path);
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : 'unknown';
    throw new Error(`readCsv: cannot read "${options.path}" (${code})`, { cause: err });
  }
  const text = (options.path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  return parseCsv({ ...options, text });
}

function parseCell(
  raw: string | undefined,
  spec: ColumnSpec,
  missing: ReadonlySet<string>,
): { value: unknown } | { error: string } {
  const text = raw?.trim();
  if (text === undefined || missing.has(text)) {
    return spec.required === false ? { value: null } : { error: raw === undefined ? 'value missing (row too short)' : 'required value missing' };
  }
  switch (spec.type) {
    case 'string':
      return { value: raw };
    case 'category':
      return spec.categories.includes(text)
        ? { value: text }
        : { error: `unknown category ${JSON.stringify(text)} (expected one of ${spec.categories.join(', ')})` };
    case 'number':
    case 'integer': {
      if (NON_FINITE_RE.test(text)) return { error: `non-finite value ${JSON.stringify(text)} (NaN/Infinity not allowed)` };
      if (!NUMBER_RE.test(text)) return { error: `not a number: ${JSON.stringify(text)}` };
      const value = Number(text);
      if (!Number.isFinite(value)) return { error: `non-finite value ${JSON.stringify(text)} (overflows a double)` };
      if (spec.type === 'integer' && (!INTEGER_RE.test(text) || !Number.isSafeInteger(value))) {
        return { error: `not an integer: ${JSON.stringify(text)}` };
      }
      if (spec.min !== undefined && value < spec.min) return { error: `${value} is below the minimum ${spec.min}` };
      if (spec.max !== undefined && value > spec.max) return { error: `${value} is above the maximum ${spec.max}` };
      return { value };
    }
    case 'date': {
      const date = parseIsoDate(text);
      return date ? { value: date } : { error: `not a valid date: ${JSON.stringify(text)} (expected YYYY-MM-DD[ HH:MM[:SS]])` };
    }
  }
}

function parseIsoDate(text: string): Date | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const [Y, M, D, H, Mi, S] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? '0')) as [number, number, number, number, number, number];
  const ms = Math.round(Number(m[7] ?? '0') * 1000);
  let t = Date.UTC(Y, M - 1, D, H, Mi, S, ms);
  // Round-trip the calendar fields: Date.UTC silently rolls Feb 30 into March.
  const check = new Date(Date.UTC(Y, M - 1, D));
  if (check.getUTCFullYear() !== Y || check.getUTCMonth() !== M - 1 || check.getUTCDate() !== D || H > 23 || Mi > 59 || S > 60) {
    return null;
  }
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return new Date(t);
}
