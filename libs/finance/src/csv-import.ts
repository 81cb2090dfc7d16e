// Applicant CSV files: column mapping, row-level validation against the codebook, and a preview.
// Nothing is stored here; the import job stores a file only when every row is valid.
import { parse } from 'csv-parse/sync';
import { ATTRIBUTES, describeValue, type TAttributeKey } from './codebook';
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
function decodeCategory(key: TAttributeKey, cell: string): string | boolean | undefined {
  const spec = ATTRIBUTES.find((a) => a.key === key);
  if (!spec) return undefined;
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

export interface TCsvValidation {
  header: string[];
  mapping: TColumnMapping;
  rows: TNewApplicationInput[];
  errors: TCsvRowError[];
  totalRows: number;
  /** The first rows as a risk officer reads them (labels, not codes). */
  preview: { line: number; values: Record<string, string> }[];
}

/**
 * Parses and checks every row: missing columns, unknown categories, non-numeric or non-finite numbers,
 * out-of-range values and duplicate rows each give an error naming the line and the column.
 * @example const { rows, errors } = validateApplicantsCsv({ text, mapping: proposeMapping({ header }) });
 */
export function validateApplicantsCsv({ text, mapping, maxErrors = 200, previewRows = 10 }: { text: string; mapping?: TColumnMapping; maxErrors?: number; previewRows?: number }): TCsvValidation {
  let table: string[][];
  try {
    table = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (error) {
    return { header: [], mapping: {}, rows: [], errors: [{ line: 0, column: '', message: `Not a readable CSV file: ${error instanceof Error ? error.message : String(error)}` }], totalRows: 0, preview: [] };
  }
  const header = (table[0] ?? []).map((h) => h.trim());
  const body = table.slice(1);
  const map = mapping ?? proposeMapping({ header });
  const errors: TCsvRowError[] = [];
  if (header.length === 0 || body.length === 0) errors.push({ line: 0, column: '', message: 'The file has no data rows' });
  const index = new Map<TAttributeKey, number>();
  for (const a of ATTRIBUTES) {
    const col = map[a.key];
    const i = col === undefined ? -1 : header.indexOf(col);
    if (i < 0) errors.push({ line: 0, column: a.label, message: col === undefined ? `Missing column for ${a.label}` : `Column "${col}" is not in the file` });
    else index.set(a.key, i);
  }
  const rows: TNewApplicationInput[] = [];
  const preview: TCsvValidation['preview'] = [];
  const seen = new Map<string, number>();
  if (errors.length === 0) {
    body.forEach((cells, r) => {
      if (errors.length >= maxErrors) return;
      const line = r + 2;
      const raw: Record<string, unknown> = {};
      let rowOk = true;
      for (const a of ATTRIBUTES) {
        const cell = (cells[index.get(a.key) ?? -1] ?? '').trim();
        if (cell === '') {
          errors.push({ line, column: a.label, message: `${a.label} is empty` });
          rowOk = false;
          continue;
        }
        if (a.kind === 'numeric') {
          const n = Number(cell);
          if (!Number.isFinite(n)) {
            errors.push({ line, column: a.label, message: `${a.label} "${cell}" is not a finite number` });
            rowOk = false;
          } else raw[a.key] = n;
        } else {
          const v = decodeCategory(a.key, cell);
          if (v === undefined) {
            errors.push({ line, column: a.label, message: `${a.label}: unknown category "${cell}"` });
            rowOk = false;
          } else raw[a.key] = v;
        }
      }
      if (!rowOk) return;
      const parsed = ZNewApplicationInput.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const key = String(issue.path[0] ?? '');
          errors.push({ line, column: ATTRIBUTES.find((a) => a.key === key)?.label ?? key, message: issue.message });
        }
        return;
      }
      const fingerprint = JSON.stringify(ATTRIBUTES.map((a) => parsed.data[a.key]));
      const first = seen.get(fingerprint);
      if (first !== undefined) {
        errors.push({ line, column: '', message: `Duplicate of line ${first}` });
        return;
      }
      seen.set(fingerprint, line);
      rows.push(parsed.data);
      if (preview.length < previewRows) {
        preview.push({ line, values: Object.fromEntries(ATTRIBUTES.map((a) => [a.key, describeValue({ key: a.key, value: parsed.data[a.key] })])) });
      }
    });
  }
  return { header, mapping: map, rows, errors, totalRows: body.length, preview };
}
