// Background import of a validated applicant file: all rows or none. Scores are computed while the job
// reports progress; the applications, their scores, the upload's "imported" mark and the audit row are written
// together in `commit`, which the job runner applies exactly once with the run's completion.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { writeAudit } from '@platform/audit';
import { defineJob } from '@platform/jobs';
import { markUploadImported } from '@platform/model-ops';
import { insertApplicationsWithScores, type TScoreRow } from './application-repository';
import type { TApplicantAttributes } from './codebook';
import { planApplicantsImport, rowsToImport } from './import-plan';
import { DUPLICATE_CHOICES } from './schemas';
import { loadScoreContext, scoreApplications } from './scoring-service';

export const ZImportPayload = z.object({
  uploadId: z.string().uuid(),
  mapping: z.record(z.string(), z.string()),
  idColumn: z.string().min(1).max(200).optional(),
  onDuplicates: z.enum(DUPLICATE_CHOICES),
  actor: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(['admin', 'risk_officer', 'radiologist', 'merchandiser', 'executive']) }),
});
export type TImportPayload = z.infer<typeof ZImportPayload>;

export const importApplicationsJob = defineJob({
  kind: 'finance.import-applications',
  parse: (payload) => ZImportPayload.parse(payload),
  settings: { expireInSeconds: 15 * 60, retryLimit: 1, retryDelaySeconds: 2 },
  async run({ db, payload, progress }) {
    await progress(0, 'Validating');
    // Checked again here: the book may have changed since the preview (another import, a second worker).
    const plan = await planApplicantsImport({ db, uploadId: payload.uploadId, mapping: payload.mapping, idColumn: payload.idColumn });
    const checked = plan.validation;
    if (checked.errorCount > 0) {
      const first = checked.errors[0];
      throw new Error(`${checked.errorCount} problem(s) in ${checked.rowsWithErrors} row(s); nothing imported. First: line ${first?.line ?? 0}: ${first?.message ?? ''}`);
    }
    const rows = rowsToImport({ plan, onDuplicates: payload.onDuplicates });
    const context = await loadScoreContext({ db });
    const batch = `upload-${randomUUID().slice(0, 8)}`;
    const prepared: { id: string; externalRef: string; attributes: TApplicantAttributes; score: TScoreRow }[] = [];
    for (let start = 0; start < rows.length; start += 200) {
      const items = rows.slice(start, start + 200).map((r) => ({ applicationId: randomUUID(), row: r, attributes: r.attributes }));
      const scores = await scoreApplications({ context, items });
      items.forEach((item, j) => {
        const score = scores[j];
        if (!score) throw new Error(`line ${item.row.line} was not scored`);
        // A declared ID becomes the application's reference; otherwise the batch and the line name it.
        const externalRef = item.row.id ?? `${batch}-${String(item.row.line).padStart(6, '0')}`;
        prepared.push({ id: item.applicationId, externalRef, attributes: item.attributes, score });
      });
      await progress((0.9 * (start + items.length)) / Math.max(1, rows.length), `Scored ${start + items.length} of ${rows.length}`);
    }
    await progress(0.95, `Saving ${prepared.length} applications`);
    const skipped = checked.rows.length - rows.length;
    const fileName = plan.upload.fileName;
    return {
      result: { imported: prepared.length, skipped, batch, fileName },
      commit: async (tx) => {
        await insertApplicationsWithScores({ tx, source: 'csv_upload', rows: prepared });
        await markUploadImported({ tx, id: plan.upload.id, batch, rows: prepared.length });
        await writeAudit({
          db: tx,
          entry: { actor: payload.actor, app: 'risk', action: 'finance.application.import', target: 'finance.application', outcome: 'success', details: { fileName, sha256: plan.upload.sha256, imported: prepared.length, skipped, batch } },
        });
      },
    };
  },
});
