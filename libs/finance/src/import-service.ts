// CSV upload: a preview with row-level errors and duplicates, then an all-or-nothing import as a background
// job, or a batch score straight to a download. The file itself arrives through the upload endpoint
// (streamed, size-limited, hashed) and is read here by id.
import { runAudited } from '@platform/audit';
import type { TSessionUser } from '@platform/auth';
import { readDbEnv, type Db } from '@platform/db';
import { enqueueJob, getSenderBoss } from '@platform/jobs';
import { loadUpload } from '@platform/model-ops';
import { AppError } from '@platform/util';
import { validateApplicantsCsv, type TColumnMapping, type TCsvValidation } from './csv-import';
import { APPLICANTS_UPLOAD_PURPOSE, planApplicantsImport, rowsToImport } from './import-plan';
import { importApplicationsJob } from './import-job';
import { loadScoreContext, scoreApplications } from './scoring-service';
import type { TCsvImportInput, TCsvPreviewInput } from './schemas';

const summary = (v: TCsvValidation) =>
  `${v.errorCount} problem(s) in ${v.rowsWithErrors || 'the'} ${v.rowsWithErrors ? 'row(s)' : 'file'}, first on line ${v.errors[0]?.line ?? 0}: ${v.errors[0]?.message ?? ''}`;

export async function previewCsvImport({ db, input }: { db: Db; input: TCsvPreviewInput }) {
  const plan = await planApplicantsImport({ db, uploadId: input.uploadId, mapping: input.mapping as TColumnMapping | undefined, idColumn: input.idColumn });
  const v = plan.validation;
  return {
    fileName: plan.upload.fileName,
    bytes: plan.upload.bytes,
    header: v.header,
    mapping: v.mapping,
    idColumn: v.idColumn,
    totalRows: v.totalRows,
    validRows: v.rows.length,
    rowsWithErrors: v.rowsWithErrors,
    errorCount: v.errorCount,
    errors: v.errors,
    preview: v.preview,
    earlierImports: plan.earlierImports.map((u) => ({ fileName: u.fileName, importedAt: u.importedAt, batch: u.importBatch, rows: u.importedRows })),
    duplicateCount: plan.duplicates.length,
    duplicatesWithTakenId: plan.duplicates.filter((d) => d.keyInBook).length,
    duplicates: plan.duplicates.slice(0, 200),
  };
}

/** Re-checks the file and queues the import; a file with any invalid row is refused before anything is queued. */
export async function startCsvImport({ db, actor, input }: { db: Db; actor: TSessionUser; input: TCsvImportInput }) {
  const plan = await planApplicantsImport({ db, uploadId: input.uploadId, mapping: input.mapping as TColumnMapping, idColumn: input.idColumn });
  const v = plan.validation;
  if (v.errorCount > 0) throw new AppError({ code: 'BAD_INPUT', message: `${summary(v)}. Nothing was imported.` });
  if ((plan.duplicates.length > 0 || plan.earlierImports.length > 0) && !input.onDuplicates) {
    throw new AppError({
      code: 'BAD_INPUT',
      message: `${plan.earlierImports.length > 0 ? 'This file was imported before; ' : ''}${plan.duplicates.length} row(s) repeat applications or earlier lines: choose whether to skip or import them.`,
      fieldErrors: { onDuplicates: ['Choose whether to skip or import the repeated rows'] },
    });
  }
  const onDuplicates = input.onDuplicates ?? 'skip';
  const rows = rowsToImport({ plan, onDuplicates });
  if (rows.length === 0) throw new AppError({ code: 'BAD_INPUT', message: 'Every row of this file is already in the book: nothing to import.' });
  const url = readDbEnv().DATABASE_URL;
  if (!url) throw new AppError({ code: 'PRECONDITION_FAILED', message: 'DATABASE_URL is not set' });
  const details = { fileName: plan.upload.fileName, sha256: plan.upload.sha256, rows: rows.length, skipped: v.rows.length - rows.length, onDuplicates };
  const run = await enqueueJob({
    db,
    boss: await getSenderBoss({ url }),
    definition: importApplicationsJob,
    app: 'risk',
    title: `Import ${rows.length} applications from ${plan.upload.fileName}`,
    payload: { uploadId: plan.upload.id, mapping: input.mapping, idColumn: input.idColumn, onDuplicates, actor },
    createdById: actor.id,
  });
  await runAudited({ db, actor, app: 'risk', action: 'finance.import.start', target: 'job', targetId: run.id, details }, async () => undefined);
  return { jobId: run.id, rows: rows.length, skipped: details.skipped };
}

// A cell that a spreadsheet would run as a formula (= + - @, tab, CR) is written as text: the user's own
// ID values go back out in the scored file.
const csvCell = (v: string | number) => {
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * Scores every row of a valid file without storing it, and returns a CSV of the results: the user's ID column
 * (when chosen), line, PD, points, grade, expected loss, recommendation and the top 5 reasons.
 */
export async function scoreCsvBatch({ db, actor, input }: { db: Db; actor: TSessionUser; input: TCsvPreviewInput }) {
  const upload = await loadUpload({ db, id: input.uploadId, purpose: APPLICANTS_UPLOAD_PURPOSE });
  const v = await validateApplicantsCsv({ source: upload.content, mapping: input.mapping as TColumnMapping | undefined, idColumn: input.idColumn });
  if (v.errorCount > 0) throw new AppError({ code: 'BAD_INPUT', message: `${summary(v)}. Nothing was scored.` });
  const context = await loadScoreContext({ db });
  const head = ['line', 'pd', 'points', 'grade', 'expected_loss', 'recommendation', 'reason_1', 'reason_2', 'reason_3', 'reason_4', 'reason_5'];
  const lines = [(input.idColumn ? [input.idColumn, ...head] : head).map(csvCell).join(',')];
  const scores = await scoreApplications({ context, items: v.rows.map((r) => ({ applicationId: '', attributes: r.attributes })) });
  scores.forEach((s, i) => {
    const row = v.rows[i];
    if (!row) return;
    const reasons = (s.reasonCodes as { text: string }[]).map((r) => r.text);
    const cells = [row.line, Number(s.pd.toFixed(6)), s.points, s.grade, Number(s.expectedLoss.toFixed(2)), s.recommendation, ...Array.from({ length: 5 }, (_, k) => reasons[k] ?? '')];
    lines.push((input.idColumn ? [row.id ?? '', ...cells] : cells).map(csvCell).join(','));
  });
  await runAudited({ db, actor, app: 'risk', action: 'finance.batch.score', target: 'finance.application', details: { fileName: upload.fileName, rows: v.rows.length } }, async () => undefined);
  return { rows: v.rows.length, fileName: upload.fileName, csv: `${lines.join('\n')}\n` };
}
