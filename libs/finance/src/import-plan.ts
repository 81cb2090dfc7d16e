// What an applicant file would import: its rows, its problems and what it repeats. Shared by the preview,
// the start of an import and the import job, so all three judge a file the same way.
import type { Db } from '@platform/db';
import { findEarlierImports, loadUpload, MB, type TUploadMeta, type TUploadPurpose } from '@platform/model-ops';
import { findApplicationsByContentHash, findExistingExternalRefs } from './application-repository';
import { validateApplicantsCsv, type TColumnMapping, type TCsvValidation, type TValidatedRow } from './csv-import';

/** What POST /api/uploads accepts for applicant files. */
export const APPLICANTS_UPLOAD_PURPOSE = 'finance.applications';
export const APPLICANTS_UPLOAD: TUploadPurpose = { maxBytes: 20 * MB, label: 'applicant file' };

export interface TDuplicateRow {
  line: number;
  /** Why it is a duplicate, in words: "same ID as application A-17", "identical to line 3". */
  reason: string;
  /** Already in the book under a declared ID: such a row can only be skipped (IDs are unique). */
  keyInBook: boolean;
}

export interface TImportPlan {
  upload: TUploadMeta;
  validation: TCsvValidation;
  earlierImports: TUploadMeta[];
  duplicates: TDuplicateRow[];
}

/**
 * Validates an uploaded applicant file and finds what it repeats: the same file imported before (SHA-256),
 * rows whose declared ID is already in the book, rows identical to an application in the book or to an earlier
 * line (without an ID column). The preview, the start of an import and the import job all use this.
 */
export async function planApplicantsImport({ db, uploadId, mapping, idColumn }: { db: Db; uploadId: string; mapping?: TColumnMapping; idColumn?: string }): Promise<TImportPlan> {
  const upload = await loadUpload({ db, id: uploadId, purpose: APPLICANTS_UPLOAD_PURPOSE });
  const validation = await validateApplicantsCsv({ source: upload.content, mapping, idColumn });
  const earlierImports = await findEarlierImports({ db, upload });
  const duplicates: TDuplicateRow[] = [];
  if (idColumn) {
    const existing = await findExistingExternalRefs({ db, refs: validation.rows.flatMap((r) => (r.id ? [r.id] : [])) });
    for (const r of validation.rows) if (r.id && existing.has(r.id)) duplicates.push({ line: r.line, reason: `${idColumn} ${r.id} is already an application`, keyInBook: true });
  } else {
    const inBook = await findApplicationsByContentHash({ db, hashes: validation.rows.map((r) => r.contentHash) });
    const repeated = new Map(validation.repeatedInFile.map((r) => [r.line, r.of]));
    for (const r of validation.rows) {
      const ref = inBook.get(r.contentHash);
      const of = repeated.get(r.line);
      if (ref !== undefined) duplicates.push({ line: r.line, reason: `identical to application ${ref}`, keyInBook: false });
      else if (of !== undefined) duplicates.push({ line: r.line, reason: `identical to line ${of}`, keyInBook: false });
    }
  }
  return { upload, validation, earlierImports, duplicates };
}

/** The rows an import writes: duplicates skipped, or kept when the user confirmed (never a taken ID). */
export function rowsToImport({ plan, onDuplicates }: { plan: TImportPlan; onDuplicates: 'skip' | 'import' }): TValidatedRow[] {
  const drop = new Set(plan.duplicates.filter((d) => onDuplicates === 'skip' || d.keyInBook).map((d) => d.line));
  return plan.validation.rows.filter((r) => !drop.has(r.line));
}

