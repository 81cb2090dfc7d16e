// CSV files read against a feature spec: column mapping, every problem of every row named by line and column,
// an optional ID column, repeats within the file and a preview in words. Streamed (csv-parse), so a file of
// 100 000 rows is checked without holding its records twice. Nothing is stored here.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { decodeCell, describeFeatureValue, proposeColumnMapping, type TFeatureSpec, type TFeatureValue } from './feature-spec';

export interface TCsvRowError {
  /** 1-based line in the file (the header is line 1); 0 for problems with the file as a whole. */
  line: number;
  column: string;
  message: string;
}

export interface TValidatedCsvRow<TRow> {
  line: number;
  /** The value of the user's id column, when one was chosen. */
  id: string | null;
  row: TRow;
  contentHash: string;
}

export interface TCsvValidation<TRow, K extends string = string> {
  header: string[];
  mapping: Partial<Record<K, string>>;
  idColumn: string | null;
  rows: TValidatedCsvRow<TRow>[];
  /** The first `maxErrors` problems; `errorCount` counts them all. */
  errors: TCsvRowError[];
  errorCount: number;
  rowsWithErrors: number;
  /** Rows identical to an earlier line of the same file (when no id column is declared). */
  repeatedInFile: { line: number; of: number }[];
  totalRows: number;
  /** The first rows as a person reads them (labels, not codes). */
  preview: { line: number; id: string | null; values: Record<string, string> }[];
}

/**
 * SHA-256 (hex) of a row's values in spec order joined by '|' (booleans as true/false, numbers in their shortest
 * form, dates as ISO days, missing as empty): recognises the same row imported twice without a declared id.
 */
export function rowContentHash<K extends string>({ spec, row }: { spec: TFeatureSpec<K>; row: Record<K, TFeatureValue> }): string {
  const text = spec.features
    .map((f) => {
      const v = row[f.key];
      return v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    })
    .join('|');
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Parses the file as a stream and checks every row: missing columns, unknown categories, non-numeric or
 * non-finite numbers and out-of-range values give one error each, naming the line and the column (every
 * problem of a row, not only its first). With `idColumn`, that column is carried with each row and must be
 * filled and unique; without it, a row identical to an earlier one is reported as a repeat (not an error).
 * @example const { rows, errors } = await validateCsv<TApplicant>({ spec, source: buffer, idColumn: 'application_no' });
 */
export async function validateCsv<TRow, K extends string = string>({
  spec,
  source,
  mapping,
  idColumn,
  maxErrors = 200,
  previewRows = 10,
}: {
  spec: TFeatureSpec<K>;
  source: Buffer | string;
  mapping?: Partial<Record<K, string>>;
  idColumn?: string | null;
  maxErrors?: number;
  previewRows?: number;
}): Promise<TCsvValidation<TRow, K>> {
  const errors: TCsvRowError[] = [];
  let errorCount = 0;
  const report = (e: TCsvRowError) => {
    errorCount += 1;
    if (errors.length < maxErrors) errors.push(e);
  };
  const result: TCsvValidation<TRow, K> = { header: [], mapping: {}, idColumn: idColumn ?? null, rows: [], errors, errorCount: 0, rowsWithErrors: 0, repeatedInFile: [], totalRows: 0, preview: [] };
  const parser = Readable.from([source]).pipe(parse({ relax_column_count: true, skip_empty_lines: true, bom: true, info: true }));
  const index = new Map<K, number>();
  let idIndex = -1;
  let headerOk = false;
  const seenContent = new Map<string, number>();
  const seenIds = new Map<string, number>();
  let recordNo = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      recordNo += 1;
      if (recordNo === 1) {
        result.header = record.map((h) => h.trim());
        result.mapping = mapping ?? proposeColumnMapping({ spec, header: result.header });
        for (const f of spec.features) {
          const col = result.mapping[f.key];
          const i = col === undefined ? -1 : result.header.indexOf(col);
          if (i < 0) report({ line: 0, column: f.label, message: col === undefined ? `Missing column for ${f.label}` : `Column "${col}" is not in the file` });
          else index.set(f.key, i);
        }
        if (idColumn) {
          idIndex = result.header.indexOf(idColumn);
          if (idIndex < 0) report({ line: 0, column: idColumn, message: `ID column "${idColumn}" is not in the file` });
        }
        headerOk = errorCount === 0;
        continue;
      }
      result.totalRows += 1;
      if (!headerOk) continue;
      // The line the record ended on (a quoted cell may span lines): what the user's editor shows.
      const line = info.lines;
      const before = errorCount;
      const row = {} as Record<K, TFeatureValue>;
      for (const f of spec.features) {
        const checked = decodeCell({ feature: f, cell: record[index.get(f.key) ?? -1] ?? '' });
        if (checked.ok) row[f.key] = checked.value;
        else for (const message of checked.messages) report({ line, column: f.label, message });
      }
      let id: string | null = null;
      if (idColumn) {
        id = (record[idIndex] ?? '').trim();
        const first = seenIds.get(id);
        if (id === '') report({ line, column: idColumn, message: `${idColumn} is empty: every row needs an ID` });
        else if (id.length > 100) report({ line, column: idColumn, message: `${idColumn} is longer than 100 characters` });
        else if (first !== undefined) report({ line, column: idColumn, message: `${idColumn} "${id}" is also on line ${first}` });
        else seenIds.set(id, line);
      }
      if (errorCount > before) {
        result.rowsWithErrors += 1;
        continue;
      }
      const contentHash = rowContentHash({ spec, row });
      if (!idColumn) {
        const first = seenContent.get(contentHash);
        if (first !== undefined) result.repeatedInFile.push({ line, of: first });
        else seenContent.set(contentHash, line);
      }
      // Every cell passed its feature's schema, so the row is a TRow by construction of the spec.
      result.rows.push({ line, id, row: row as unknown as TRow, contentHash });
      if (result.preview.length < previewRows) {
        result.preview.push({ line, id, values: Object.fromEntries(spec.features.map((f) => [f.key, describeFeatureValue({ feature: f, value: row[f.key] })])) });
      }
    }
  } catch (error) {
    report({ line: 0, column: '', message: `Not a readable CSV file: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (recordNo <= 1 && errorCount === 0) report({ line: 0, column: '', message: 'The file has no data rows' });
  result.errorCount = errorCount;
  return result;
}
