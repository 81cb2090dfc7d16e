// Applicant CSV files: the shared feature-spec validator (@platform/model-ops) over the German Credit spec.
// Nothing is stored here; the import job stores a file only when every row is valid.
import { validateCsv, type TCsvRowError, type TCsvValidation as TSpecCsvValidation } from '@platform/model-ops';
import { proposeColumnMapping } from '@platform/model-ops/spec';
import { GERMAN_CREDIT_SPEC, type TAttributeKey } from './codebook';
import type { TNewApplicationInput } from './schemas';

export type { TCsvRowError };
export type TColumnMapping = Partial<Record<TAttributeKey, string>>;

/** Proposes a CSV column for each attribute, matching its key or label (case and punctuation ignored). */
export function proposeMapping({ header }: { header: readonly string[] }): TColumnMapping {
  return proposeColumnMapping({ spec: GERMAN_CREDIT_SPEC, header });
}

export interface TValidatedRow {
  line: number;
  /** The value of the user's id column, when one was chosen. */
  id: string | null;
  attributes: TNewApplicationInput;
  contentHash: string;
}

export type TCsvValidation = Omit<TSpecCsvValidation<TNewApplicationInput, TAttributeKey>, 'rows'> & { rows: TValidatedRow[] };

/**
 * Every problem of every row, by line and column (see `validateCsv`), with the rows as applicant attributes.
 * @example const { rows, errors } = await validateApplicantsCsv({ source: buffer, idColumn: 'application_no' });
 */
export async function validateApplicantsCsv(options: { source: Buffer | string; mapping?: TColumnMapping; idColumn?: string | null; maxErrors?: number; previewRows?: number }): Promise<TCsvValidation> {
  const v = await validateCsv<TNewApplicationInput, TAttributeKey>({ spec: GERMAN_CREDIT_SPEC, ...options });
  return { ...v, rows: v.rows.map((r) => ({ line: r.line, id: r.id, attributes: r.row, contentHash: r.contentHash })) };
}
