// Background import of a validated applicant CSV: all rows or none. Scores are computed while the job
// reports progress; the applications, their scores and the audit row are written together in `commit`,
// which the job runner applies exactly once with the run's completion.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { writeAudit } from '@platform/audit';
import { defineJob } from '@platform/jobs';
import type { TApplicantAttributes } from './codebook';
import { validateApplicantsCsv } from './csv-import';
import { loadScoreContext, scoreApplications } from './scoring-service';
import { insertApplicationsWithScores, type TScoreRow } from './application-repository';

export const ZImportPayload = z.object({
  fileName: z.string().min(1).max(200),
  text: z.string().min(1).max(20_000_000),
  mapping: z.record(z.string(), z.string()),
  actor: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(['admin', 'risk_officer', 'radiologist', 'merchandiser', 'executive']) }),
});
export type TImportPayload = z.infer<typeof ZImportPayload>;

export const importApplicationsJob = defineJob({
  kind: 'finance.import-applications',
  parse: (payload) => ZImportPayload.parse(payload),
  settings: { expireInSeconds: 15 * 60, retryLimit: 1, retryDelaySeconds: 2 },
  async run({ db, payload, progress }) {
    await progress(0, 'Validating');
    const checked = validateApplicantsCsv({ text: payload.text, mapping: payload.mapping });
    if (checked.errors.length > 0) {
      const first = checked.errors[0];
      throw new Error(`${checked.errors.length} invalid row(s); nothing imported. First: line ${first?.line ?? 0}: ${first?.message ?? ''}`);
    }
    const context = await loadScoreContext({ db });
    const batch = `upload-${randomUUID().slice(0, 8)}`;
    const prepared: { id: string; externalRef: string; attributes: TApplicantAttributes; score: TScoreRow }[] = [];
    for (let start = 0; start < checked.rows.length; start += 200) {
      const items = checked.rows.slice(start, start + 200).map((attributes) => ({ applicationId: randomUUID(), attributes }));
      const scores = await scoreApplications({ context, items });
      items.forEach((item, j) => {
        const score = scores[j];
        if (!score) throw new Error(`row ${start + j + 1} was not scored`);
        prepared.push({ id: item.applicationId, externalRef: `${batch}-${String(start + j + 1).padStart(6, '0')}`, attributes: item.attributes, score });
      });
      await progress((0.9 * (start + items.length)) / checked.rows.length, `Scored ${start + items.length} of ${checked.rows.length}`);
    }
    await progress(0.95, `Saving ${prepared.length} applications`);
    return {
      result: { imported: prepared.length, batch, fileName: payload.fileName },
      commit: async (tx) => {
        await insertApplicationsWithScores({ tx, source: 'csv_upload', rows: prepared });
        await writeAudit({
          db: tx,
          entry: { actor: payload.actor, app: 'risk', action: 'finance.application.import', target: 'finance.application', outcome: 'success', details: { fileName: payload.fileName, imported: prepared.length, batch } },
        });
      },
    };
  },
});
