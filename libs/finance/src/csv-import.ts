// Applicant CSV files: column mapping, row-level validation against the codebook, and a preview.
// Nothing is stored here; the import job stores a file only when every row is valid.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { applicantContentHash } from './applicant-hash';
import { ATTRIBUTES, describeValue, type TAttributeKey, type TAttributeSpec } from './codebook';
import { ZNewApplicationInput, type TNewApplicationInput } from './schemas';

export interface TCsvRowError {
  /** 1-based line in the file (the header is line 1); 0 for problems with the file as a whole. */
  line: number;
  column: string;
  message: string;
}

export type TColumnMapping = Partial<Record<TAttributeKey, string>>;

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Proposes a CSV column for each attribute, matching its key or label (case and punctuation ignored). */
export function proposeMapping({ header }: { header: readonly string[] }): TColumnMapping {
  const mapping: TColumnMapping = {};
  for (const a of ATTRIBUTES) {
    const wanted = [norm(a.key), norm(a.label), norm(a.label.replace(/ \(.*\)$/, ''))];
    const hit = header.find((h) => wanted.includes(norm(h)));
    if (hit !== undefined) mapping[a.key] = hit;
  }
  return mapping;
}

/** A category cell: its named value, its codebook code (A11) or its label, in any case. */
function decodeCategory(spec: TAttributeSpec, cell: string): string | boolean | undefined {
  const c = cell.trim().toLowerCase();
  if (spec.kind === 'categorical') {
    const i = spec.values.findIndex((v, j) => v.toLowerCase() === c || (spec.codes[j] ?? '').toLowerCase() === c || (spec.labels[v] ?? '').toLowerCase() === c);
    return i < 0 ? undefined : spec.values[i];
  }
  if (spec.kind === 'boolean') {
    if (['yes', 'true', '1', 'y'].includes(c) || c === spec.labels.true.toLowerCase()) return true;
    if (['no', 'false', '0', 'n'].includes(c) || c === spec.labels.false.toLowerCase()) return false;
    const i = spec.codes.findIndex((code) => code.toLowerCase() === c);
    if (i === 0) return spec.firstIs;
    if (i === 1) return !spec.firstIs;
  }
  return undefined;
}

/** Every problem of one cell (empty, not a number, out of range, unknown category), or its value. */
function checkCell(spec: TAttributeSpec, cell: string): { ok: true; value: unknown } | { ok: false; messages: string[] } {
  if (cell === '') return { ok: false, messages: [`${spec.label} is empty`] };
  let value: unknown;
  if (spec.kind === 'numeric') {
    const n = Number(cell);
    if (!Number.isFinite(n)) return { ok: false, messages: [`${spec.label} "${cell}" is not a finite number`] };
    value = n;
  } else {
    value = decodeCategory(spec, cell);
    if (value === undefined) return { ok: false, messages: [`${spec.label}: unknown category "${cell}"`] };
  }
  // The field's own schema (ranges, whole numbers): the form and the import refuse the same values.
  const parsed = ZNewApplicationInput.shape[spec.key].safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, messages: parsed.error.issues.map((i) => i.message) };
}

export interface TValidatedRow {
  line: number;
  /** The value of the user's id column, when one was chosen. */
  id: string | null;
  attributes: TNewApplicationInput;
  contentHash: string;
}

export interface TCsvValidation {
  header: string[];
  mapping: TColumnMapping;
  idColumn: string | null;
  rows: TValidatedRow[];
  /** The first `maxErrors` problems; `errorCount` counts them all. */
  errors: TCsvRowError[];
  errorCount: number;
  rowsWithErrors: number;
  /** Rows identical to an earlier line of the same file (when no id column is declared). */
  repeatedInFile: { line: number; of: number }[];
  totalRows: number;
  /** The first rows as a risk officer reads them (labels, not codes). */
  preview: { line: number; id: string | null; values: Record<string, string> }[];
}

/**
 * Parses the file as a stream and checks every row: missing columns, unknown categories, non-numeric or
 * non-finite numbers and out-of-range values give one error each, naming the line and the column (every
 * problem of a row, not only its first). With `idColumn`, that column is carried with each row and must be
 * filled and unique; without it, a row identical to an earlier one is reported as a repeat (not an error).
 * @example const { rows, errors } = await validateApplicantsCsv({ source: buffer, idColumn: 'application_no' });
 */
export async function validateApplicantsCsv({
  source,
  mapping,
  idColumn,
  maxErrors = 200,
  previewRows = 10,
}: {
  source: Buffer | string;
  mapping?: TColumnMapping;
  idColumn?: string | null;
  maxErrors?: number;
  previewRows?: number;
}): Promise<TCsvValidation> {
  const errors: TCsvRowError[] = [];
  let errorCount = 0;
  const report = (e: TCsvRowError) => {
    errorCount += 1;
    if (errors.length < maxErrors) errors.push(e);
  };
  const result: TCsvValidation = { header: [], mapping: {}, idColumn: idColumn ?? null, rows: [], errors, errorCount: 0, rowsWithErrors: 0, repeatedInFile: [], totalRows: 0, preview: [] };
  const parser = Readable.from([source]).pipe(parse({ relax_column_count: true, skip_empty_lines: true, bom: true, info: true }));
  const index = new Map<TAttributeKey, number>();
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
        result.mapping = mapping ?? proposeMapping({ header: result.header });
        for (const a of ATTRIBUTES) {
          const col = result.mapping[a.key];
          const i = col === undefined ? -1 : result.header.indexOf(col);
          if (i < 0) report({ line: 0, column: a.label, message: col === undefined ? `Missing column for ${a.label}` : `Column "${col}" is not in the file` });
          else index.set(a.key, i);
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
      const raw: Record<string, unknown> = {};
      for (const a of ATTRIBUTES) {
        const checked = checkCell(a, (record[index.get(a.key) ?? -1] ?? '').trim());
        if (checked.ok) raw[a.key] = checked.value;
        else for (const message of checked.messages) report({ line, column: a.label, message });
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
      const attributes = ZNewApplicationInput.parse(raw);
      const contentHash = applicantContentHash({ attributes });
      if (!idColumn) {
        const first = seenContent.get(contentHash);
        if (first !== undefined) result.repeatedInFile.push({ line, of: first });
        else seenContent.set(contentHash, line);
      }
      result.rows.push({ line, id, attributes, contentHash });
      if (result.preview.length < previewRows) {
        result.preview.push({ line, id, values: Object.fromEntries(ATTRIBUTES.map((a) => [a.key, describeValue({ key: a.key, value: attributes[a.key] })])) });
      }
    }
  } catch (error) {
    report({ line: 0, column: '', message: `Not a readable CSV file: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (recordNo <= 1 && errorCount === 0) report({ line: 0, column: '', message: 'The file has no data rows' });
  result.errorCount = errorCount;
  return result;
}
