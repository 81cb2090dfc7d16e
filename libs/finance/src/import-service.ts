// CSV upload: a preview with row-level errors, then an all-or-nothing import as a background job.
import { runAudited } from '@platform/api';
import type { TSessionUser } from '@platform/auth';
import { readDbEnv, type Db } from '@platform/db';
import { enqueueJob, getSenderBoss } from '@platform/jobs';
import { AppError } from '@platform/util';
import { validateApplicantsCsv, type TColumnMapping } from './csv-import';
import { importApplicationsJob } from './import-job';
import { loadScoreContext, scoreApplications } from './scoring-service';
import type { TCsvImportInput, TCsvPreviewInput } from './schemas';

export function previewCsvImport({ input }: { input: TCsvPreviewInput }) {
  const v = validateApplicantsCsv({ text: input.text, mapping: input.mapping as TColumnMapping | undefined });
  return { header: v.header, mapping: v.mapping, totalRows: v.totalRows, validRows: v.rows.length, errors: v.errors, preview: v.preview };
}

/** Re-checks the file and queues the import; a file with any invalid row is refused before anything is queued. */
export async function startCsvImport({ db, actor, input }: { db: Db; actor: TSessionUser; input: TCsvImportInput }) {
  const v = validateApplicantsCsv({ text: input.text, mapping: input.mapping as TColumnMapping });
  if (v.errors.length > 0) {
    throw new AppError({ code: 'BAD_INPUT', message: `${v.errors.length} problem(s) in the file, first on line ${v.errors[0]?.line ?? 0}: ${v.errors[0]?.message ?? ''}. Nothing was imported.` });
  }
  const url = readDbEnv().DATABASE_URL;
  if (!url) throw new AppError({ code: 'PRECONDITION_FAILED', message: 'DATABASE_URL is not set' });
  const run = await enqueueJob({
    db,
    boss: await getSenderBoss({ url }),
    definition: importApplicationsJob,
    app: 'risk',
    title: `Import ${v.rows.length} applications from ${input.fileName}`,
    payload: { fileName: input.fileName, text: input.text, mapping: input.mapping, actor },
    createdById: actor.id,
  });
  await runAudited({ db, actor, app: 'risk', action: 'finance.import.start', target: 'job', targetId: run.id, details: { fileName: input.fileName, rows: v.rows.length } }, async () => undefined);
  return { jobId: run.id, rows: v.rows.length };
}

const csvCell = (v: string | number) => (typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Scores every row of a valid file without storing it, and returns a CSV of the results:
 * line, PD, points, grade, expected loss, recommendation and the top 5 reasons.
 */
export async function scoreCsvBatch({ db, actor, input }: { db: Db; actor: TSessionUser; input: TCsvPreviewInput }) {
  const v = validateApplicantsCsv({ text: input.text, mapping: input.mapping as TColumnMapping | undefined });
  if (v.errors.length > 0) {
    throw new AppError({ code: 'BAD_INPUT', message: `${v.errors.length} problem(s) in the file, first on line ${v.errors[0]?.line ?? 0}: ${v.errors[0]?.message ?? ''}. Nothing was scored.` });
  }
  const context = await loadScoreContext({ db });
  const lines = ['line,pd,points,grade,expected_loss,recommendation,reason_1,reason_2,reason_3,reason_4,reason_5'];
  const scores = await scoreApplications({ context, items: v.rows.map((attributes) => ({ applicationId: '', attributes })) });
  scores.forEach((s, i) => {
    const reasons = (s.reasonCodes as { text: string }[]).map((r) => r.text);
    lines.push([i + 2, Number(s.pd.toFixed(6)), s.points, s.grade, Number(s.expectedLoss.toFixed(2)), s.recommendation, ...Array.from({ length: 5 }, (_, k) => reasons[k] ?? '')].map(csvCell).join(','));
  });
  await runAudited({ db, actor, app: 'risk', action: 'finance.batch.score', target: 'finance.application', details: { rows: v.rows.length } }, async () => undefined);
  return { rows: v.rows.length, csv: `${lines.join('\n')}\n` };
}
