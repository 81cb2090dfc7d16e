// Services against a real PostgreSQL: seed, scoring, the queue, decisions with their audit rows.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@platform/db/testing';
import type { Db } from '@platform/db';
import type { TSessionUser } from '@platform/auth';
import { AppError } from '@platform/util';
import { seedFinance } from './seed-service';
import { createApplication, decideApplication, getApplicationReview, listDecisions, listQueue } from './application-service';
import { ZNewApplicationInput, ZQueueInput, ZRiskSettingsInput } from './schemas';
import { getRiskSettings, updateRiskSettings } from './settings-service';
import { creditModels, loadChampion, loadScoreContext, SCORECARD_ONNX_ARTIFACT, servingModel } from './scoring-service';
import { loadGbdtModel, predictGbdt } from '@platform/ml-core/gbdt';
import { attributeVector } from './challenger/features';
import { scoreWithScorecard } from './scorecard/scorecard';
import { GERMAN_SOURCE, readGermanCredit } from './seed-service';
import { getFinanceKpis } from './kpi-service';
import { getMonitoring } from './monitoring-service';
import { compareChampionChallenger, promoteChallenger, restoreScorecard, type TQueueModelSwitch } from './model-service';
import { switchServingModelJob } from './model-switch-job';
import { executeJob, getJob, getSenderBoss } from '@platform/jobs';
import { ATTRIBUTES } from './codebook';
import fs from 'node:fs';
import { receiveUpload } from '@platform/model-ops';
import { applicantContentHash } from './applicant-hash';
import { importApplicationsJob } from './import-job';
import { APPLICANTS_UPLOAD, APPLICANTS_UPLOAD_PURPOSE } from './import-plan';
import { previewCsvImport, scoreCsvBatch, startCsvImport } from './import-service';

let db: Db;
let url: string;
let drop: () => Promise<void>;
const officer: TSessionUser = { id: 'officer-1', email: 'risk@test.invalid', name: 'Rita', role: 'risk_officer' };
// Model switches are queued as job runs; here the test runs them in-process (the e2e run goes through pg-boss
// and the worker).
const queue: TQueueModelSwitch = async ({ title, payload }) =>
  db.jobRun.create({ data: { kind: switchServingModelJob.kind, app: 'risk', title, payload: { ...payload, actor: { ...payload.actor } } }, select: { id: true } });
/** Stores `text` as an uploaded applicant file, as POST /api/uploads does. */
async function upload(text: string, fileName = 'applicants.csv') {
  const u = await receiveUpload({ db, app: 'risk', purpose: APPLICANTS_UPLOAD_PURPOSE, fileName, body: new Blob([text]).stream(), spec: APPLICANTS_UPLOAD, actorId: officer.id });
  return u.id;
}
async function runJob(id: string) {
  await executeJob({ db, definition: switchServingModelJob, jobRunId: id, retriesLeft: 0 }).catch(() => undefined);
  return getJob({ db, id });
}

beforeAll(async () => {
  ({ db, url, drop } = await createTestDatabase());
  // Starting an import queues a pg-boss job on the database the services use.
  process.env.DATABASE_URL = url;
  await db.role.upsert({ where: { key: 'risk_officer' }, create: { key: 'risk_officer', label: 'Risk officer', description: '' }, update: {} });
  await db.user.create({ data: { id: officer.id, email: officer.email, name: officer.name, role: 'risk_officer' } });
});
afterAll(async () => {
  await (await getSenderBoss({ url })).stop({ graceful: false, wait: true }).catch(() => undefined);
  await drop();
});

describe('finance seed and review', () => {
  it('imports German Credit, registers a champion with CV AUC ≥ 0.79, scores everything, once', async () => {
    const first = await seedFinance({ db });
    expect(first).toMatchObject({ applicationsCreated: 1000, modelRegistered: true, scored: 1000 });
    expect(first.cvAuc?.mean).toBeGreaterThanOrEqual(0.79);
    expect(first.cvAuc?.lower).toBeLessThan(first.cvAuc?.mean ?? 0);
    expect(await seedFinance({ db })).toMatchObject({ applicationsCreated: 0, modelRegistered: false, scored: 0 });
    expect(await db.loanApplication.count({ where: { pd: null } })).toBe(0);
    const champion = await loadChampion({ db });
    // The cost matrix (5:1) puts the break-even PD near 1/6.
    expect(champion.threshold).toBeGreaterThan(0.1);
    expect(champion.threshold).toBeLessThan(0.3);
    const card = await db.modelVersion.findUniqueOrThrow({ where: { id: champion.versionId }, select: { card: true, metrics: { select: { name: true } } } });
    expect(card.card).toMatchObject({ training: { hyperparameters: { excludedInputs: ['personalStatusSex', 'foreignWorker'] } } });
    expect(card.metrics.map((m) => m.name)).toContain('roc_auc');
    const metric = async (name: string) => (await db.metric.findFirstOrThrow({ where: { versionId: champion.versionId, name, split: 'cv' }, select: { value: true } })).value;
    // Calibration is recorded with the version, and it helped (cross-fitted out-of-fold figures).
    const [eceBefore, eceAfter, brierBefore, brierAfter] = await Promise.all([metric('ece_uncalibrated'), metric('ece'), metric('brier_uncalibrated'), metric('brier')]);
    expect(eceAfter).toBeLessThan(eceBefore);
    console.log(`scorecard calibration (out-of-fold, cross-fitted Platt): ECE ${eceBefore.toFixed(4)} → ${eceAfter.toFixed(4)}, Brier ${brierBefore.toFixed(4)} → ${brierAfter.toFixed(4)}, decline threshold PD ≥ ${champion.threshold.toFixed(4)}`);
    // The challenger MLP is trained and registered once too, beside (not instead of) the champion.
    expect(first.challengerRegistered).toBe(true);
    expect(first.challengerCvAuc?.lower).toBeLessThan(first.challengerCvAuc?.mean ?? 0);
    console.log(`CV ROC AUC: scorecard ${first.cvAuc?.mean.toFixed(4)} [${first.cvAuc?.lower.toFixed(4)}, ${first.cvAuc?.upper.toFixed(4)}], MLP ${first.challengerCvAuc?.mean.toFixed(4)} [${first.challengerCvAuc?.lower.toFixed(4)}, ${first.challengerCvAuc?.upper.toFixed(4)}]`);
    const runs = await db.trainingRun.findMany({ select: { modelName: true, status: true, versionId: true, seed: true } });
    expect(runs.map((r) => [r.modelName, r.status, r.versionId !== null, r.seed]).sort()).toEqual([
      ['credit-gbdt', 'succeeded', true, 7],
      ['credit-mlp', 'succeeded', true, 7],
      ['credit-scorecard', 'succeeded', true, 7],
    ]);
    expect(first.gbdtRegistered).toBe(true);
    expect(first.gbdtCvAuc?.mean).toBeGreaterThan(0.75);
    console.log(`CV ROC AUC: gradient-boosted trees ${first.gbdtCvAuc?.mean.toFixed(4)} [${first.gbdtCvAuc?.lower.toFixed(4)}, ${first.gbdtCvAuc?.upper.toFixed(4)}]`);
  });

  it('the champion scorecard serves through onnxruntime-node from its registered ONNX artifact', async () => {
    const context = await loadScoreContext({ db });
    expect(servingModel({ context })).toMatchObject({ modelName: 'credit-scorecard', kind: 'scorecard', runtime: 'onnxruntime-node', executionProvider: 'cpu' });
    const artifacts = await db.artifact.findMany({ where: { versionId: context.champion.versionId }, select: { kind: true } });
    expect(artifacts.map((a) => a.kind).sort()).toEqual(['scorecard.json', SCORECARD_ONNX_ARTIFACT]);
    // The session is the one opened on the registered bytes (content hash), not one rebuilt from the JSON.
    const stored = await db.artifact.findFirstOrThrow({ where: { versionId: context.champion.versionId, kind: SCORECARD_ONNX_ARTIFACT }, select: { sha256: true } });
    expect(context.champion.onnx.session.hash).toBe(stored.sha256);
    // Every stored PD (written by the seed through ONNX) matches the scorecard evaluated in JS.
    const { rows } = readGermanCredit();
    const byRef = new Map((await db.loanApplication.findMany({ select: { externalRef: true, pd: true } })).map((a) => [a.externalRef, a.pd]));
    rows.forEach((attributes, i) => {
      const pd = byRef.get(`german-credit-${String(i + 1).padStart(4, '0')}`);
      expect(pd).toBeCloseTo(scoreWithScorecard({ scorecard: context.champion.scorecard, attributes }).pd, 5);
    });
  });

  it('pages the queue by keyset without gaps or repeats, highest PD first', async () => {
    const seen: string[] = [];
    let last = Infinity;
    let input = ZQueueInput.parse({ limit: 100 });
    for (;;) {
      const page = await listQueue({ db, input });
      expect(page.total).toBe(1000);
      for (const row of page.rows) {
        expect(row.pd ?? -1).toBeLessThanOrEqual(last);
        last = row.pd ?? -1;
        seen.push(row.id);
      }
      if (!page.nextCursor) break;
      input = { ...input, cursor: page.nextCursor };
    }
    expect(new Set(seen).size).toBe(1000);
    const filtered = await listQueue({ db, input: ZQueueInput.parse({ grades: ['E'], purpose: 'car_new', sort: 'amount', direction: 'asc' }) });
    const expected = await db.loanApplication.count({ where: { grade: 'E', purpose: 'car_new' } });
    expect(filtered.total).toBe(expected);
    for (let i = 1; i < filtered.rows.length; i++) expect(filtered.rows[i]?.amount ?? 0).toBeGreaterThanOrEqual(filtered.rows[i - 1]?.amount ?? 0);
  });

  it('reason codes plus the base sum to the score; expected loss = PD × LGD × EAD', async () => {
    const top = (await listQueue({ db, input: ZQueueInput.parse({ limit: 1 }) })).rows[0];
    if (!top) throw new Error('empty queue');
    const review = await getApplicationReview({ db, actor: officer, id: top.id });
    const score = review.score;
    if (!score) throw new Error('not scored');
    const sum = score.basePoints + score.contributions.reduce((s, c) => s + c.points, 0);
    expect(Math.round(sum)).toBe(score.points);
    expect(Math.abs(sum - score.points)).toBeLessThanOrEqual(0.5);
    expect(score.expectedLoss).toBeCloseTo(score.pd * 0.45 * review.amount, 9);
    expect(score.reasons).toHaveLength(5);
    expect(score.reasons[0]?.text).toMatch(/raised the risk$/);
    expect(score.scoredBy).toEqual({ modelName: 'credit-scorecard', version: 1 });
    expect(score.servedBy).toEqual({ runtime: 'onnxruntime-node', executionProvider: 'cpu' });
    expect(score.recommendation).toBe('decline');
    expect(review.attributes).toHaveLength(20);
    expect(await db.auditLog.count({ where: { action: 'finance.application.read', targetId: top.id } })).toBe(1);
  });

  it('an override needs a reason; nothing is stored without one; a decision and its audit row land together', async () => {
    const top = (await listQueue({ db, input: ZQueueInput.parse({ limit: 1 }) })).rows[0];
    if (!top) throw new Error('empty queue');
    const attempt = decideApplication({ db, actor: officer, input: { applicationId: top.id, outcome: 'approve' } });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_INPUT', fieldErrors: { reason: [expect.stringMatching(/reason/)] } });
    expect(await db.creditDecision.count()).toBe(0);
    expect(await db.auditLog.count({ where: { action: 'finance.application.decide' } })).toBe(0);

    await decideApplication({ db, actor: officer, input: { applicationId: top.id, outcome: 'approve', reason: 'Collateral outside the model' } });
    await decideApplication({ db, actor: officer, input: { applicationId: top.id, outcome: 'decline', reason: 'Second look' } });
    const history = await listDecisions({ db, applicationId: top.id });
    expect(history.map((d) => [d.outcome, d.isOverride])).toEqual([
      ['decline', false],
      ['approve', true],
    ]);
    const audit = await db.auditLog.findMany({ where: { action: 'finance.application.decide', targetId: top.id }, select: { actorEmail: true, outcome: true } });
    expect(audit).toEqual([
      { actorEmail: officer.email, outcome: 'success' },
      { actorEmail: officer.email, outcome: 'success' },
    ]);
    expect((await db.loanApplication.findUniqueOrThrow({ where: { id: top.id }, select: { status: true } })).status).toBe('declined');
  });

  it('kpis count the latest decision per application and the expected loss it avoided', async () => {
    const kpis = await getFinanceKpis({ db, input: { from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 60_000) } });
    expect(kpis.applicationsScored).toBe(1000);
    expect(kpis.decisions).toEqual({ approve: 0, decline: 1, refer: 0, total: 1 });
    expect(kpis.overrideRate).toBe(0);
    const declined = await db.creditDecision.findFirstOrThrow({ where: { outcome: 'decline' }, select: { scoreId: true } });
    const score = await db.creditScore.findUniqueOrThrow({ where: { id: declined.scoreId ?? '' }, select: { expectedLoss: true } });
    expect(kpis.expectedLossAvoided).toBeCloseTo(score.expectedLoss, 6);
    const all = await db.creditScore.aggregate({ _sum: { expectedLoss: true } });
    expect(kpis.expectedLossIfAllApproved).toBeCloseTo(all._sum.expectedLoss ?? NaN, 4);
    await expect(getFinanceKpis({ db, input: { from: new Date(), to: new Date(0) } })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('monitoring: AUC by pair counting, approval rates by sex, no drift without new applications', async () => {
    const m = await getMonitoring({ db });
    const rows = await db.loanApplication.findMany({ select: { pd: true, outcome: true, personalStatusSex: true } });
    const bads = rows.filter((r) => r.outcome === 'bad').map((r) => r.pd ?? 0);
    const goods = rows.filter((r) => r.outcome === 'good').map((r) => r.pd ?? 0);
    let wins = 0;
    for (const b of bads) for (const g of goods) wins += b > g ? 1 : b === g ? 0.5 : 0;
    expect(m.performance?.auc).toBeCloseTo(wins / (bads.length * goods.length), 10);
    const women = rows.filter((r) => r.personalStatusSex.startsWith('female'));
    const approvedWomen = women.filter((r) => (r.pd ?? 1) < m.threshold).length;
    expect(m.fairness?.bySex.groups.find((g) => g.group === 'female')?.selectionRate).toBeCloseTo(approvedWomen / women.length, 10);
    expect(m.fairness?.byAge.groups.map((g) => g.group).sort()).toEqual(['25–34', '35–49', '50 and over', 'under 25']);
    expect(m.distribution.reduce((s, d) => s + d.good + d.bad + d.unknown, 0)).toBe(1000);
    expect(m.drift).toBeNull();
  });

  it('a new application is scored on entry, audited, and shows up in the drift report', async () => {
    const input = ZNewApplicationInput.parse({
      checkingStatus: 'below_0_dm', durationMonths: '48', creditHistory: 'past_delays', purpose: 'education', amount: '12000',
      savings: 'below_100_dm', employmentSince: 'below_1_year', instalmentRatePct: '4', personalStatusSex: 'female_single',
      otherDebtors: 'none', residenceSinceYears: '1', property: 'unknown_or_none', age: '21', otherInstalmentPlans: 'bank',
      housing: 'rent', existingCredits: '2', job: 'unskilled_resident', dependants: '1', hasTelephone: false, foreignWorker: true,
    });
    const created = await createApplication({ db, actor: officer, input });
    const review = await getApplicationReview({ db, actor: officer, id: created.id });
    expect(review.source).toBe('manual');
    expect(review.score?.pd).toBeCloseTo(created.pd, 12);
    expect(review.score?.recommendation).toBe('decline');
    expect(await db.auditLog.count({ where: { action: 'finance.application.create' } })).toBe(1);
    const m = await getMonitoring({ db });
    expect(m.drift?.recent).toBe(1);
    expect(m.drift?.features).toHaveLength(21);
    // The new application has no outcome yet: it counts in the distribution (as unknown), in its own band.
    expect(m.distribution.reduce((s, d) => s + d.unknown, 0)).toBe(1);
    const band = m.distribution.find((d) => d.unknown === 1);
    expect(created.points).toBeGreaterThanOrEqual(band?.from ?? Infinity);
    expect(created.points).toBeLessThan(band?.to ?? -Infinity);
    expect(m.distribution.reduce((s, d) => s + d.good + d.bad, 0)).toBe(1000);
    expect(ZNewApplicationInput.safeParse({ ...input, amount: 'abc' }).error?.issues[0]?.message).toBe('Amount must be a number');
  });

  it('the import job stores every row of a valid file, or nothing at all', async () => {
    const header = ATTRIBUTES.map((a) => a.key).join(',');
    const rowA = 'A12,48,A32,A43,5951,A61,A73,2,A92,A101,2,A121,22,A143,A152,1,A173,1,A191,A201';
    const rowB = 'A14,12,A34,A46,2096,A61,A74,2,A93,A101,3,A121,49,A143,A152,1,A172,2,A191,A201';
    const mapping = Object.fromEntries(ATTRIBUTES.map((a) => [a.key, a.key]));
    const run = async (text: string) => {
      const job = await db.jobRun.create({
        data: { kind: importApplicationsJob.kind, app: 'risk', title: 'import', payload: { uploadId: await upload(text), mapping, onDuplicates: 'import', actor: { id: officer.id, email: officer.email, name: officer.name, role: officer.role } } },
        select: { id: true },
      });
      await executeJob({ db, definition: importApplicationsJob, jobRunId: job.id, retriesLeft: 0 }).catch(() => undefined);
      return getJob({ db, id: job.id });
    };
    // rowA and rowB are German Credit applicants already in the book: 'import' confirms them as new ones.
    const before = await db.loanApplication.count();
    const failed = await run([header, rowA, rowB.replace('A46', 'A99')].join('\n'));
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/1 problem\(s\) in 1 row\(s\); nothing imported. First: line 3: Purpose: unknown category "A99"/);
    expect(await db.loanApplication.count()).toBe(before);

    const ok = await run([header, rowA, rowB].join('\n'));
    expect(ok).toMatchObject({ status: 'succeeded', progress: 1, result: { imported: 2 } });
    const imported = await db.loanApplication.findMany({ where: { source: 'csv_upload' }, select: { pd: true, grade: true, scores: { select: { id: true } } } });
    expect(imported).toHaveLength(2);
    expect(imported.every((a) => a.pd !== null && a.grade !== null && a.scores.length === 1)).toBe(true);
    expect(await db.auditLog.count({ where: { action: 'finance.application.import' } })).toBe(1);
  });

  it('batch scoring returns a CSV of PD, grade and 5 reasons, storing nothing but an audit row', async () => {
    const header = ATTRIBUTES.map((a) => a.key).join(',');
    const worst = 'A11,60,A30,A49,15000,A61,A72,4,A92,A102,1,A124,19,A141,A153,3,A171,2,A191,A201';
    const before = await db.loanApplication.count();
    const out = await scoreCsvBatch({ db, actor: officer, input: { uploadId: await upload([header, worst].join('\n')) } });
    const [head, row] = out.csv.trim().split('\n');
    expect(head).toBe('line,pd,points,grade,expected_loss,recommendation,reason_1,reason_2,reason_3,reason_4,reason_5');
    const cells = (row ?? '').split(',');
    expect(cells[0]).toBe('2');
    const pd = Number(cells[1]);
    expect(pd).toBeGreaterThan(0.5);
    expect(cells[5]).toBe('decline');
    expect(cells.slice(6).filter((c) => c.endsWith('raised the risk'))).toHaveLength(5);
    expect(await db.loanApplication.count()).toBe(before);
    expect(await db.auditLog.count({ where: { action: 'finance.batch.score' } })).toBe(1);
    await expect(scoreCsvBatch({ db, actor: officer, input: { uploadId: await upload([header, worst.replace('A11', 'B11')].join('\n')) } })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('batch scoring carries the ID column the user chose, written so a spreadsheet cannot run it as a formula', async () => {
    const header = `Application No,${ATTRIBUTES.map((a) => a.key).join(',')}`;
    const worst = 'A11,60,A30,A49,15000,A61,A72,4,A92,A102,1,A124,19,A141,A153,3,A171,2,A191,A201';
    const best = 'A14,12,A34,A43,1500,A65,A75,2,A93,A101,4,A121,45,A143,A152,1,A173,1,A192,A201';
    const out = await scoreCsvBatch({ db, actor: officer, input: { uploadId: await upload([header, `LN-77,${worst}`, `"=HYPERLINK(""x"")",${best}`].join('\n')), idColumn: 'Application No' } });
    const lines = out.csv.trim().split('\n');
    expect(lines[0]).toBe('Application No,line,pd,points,grade,expected_loss,recommendation,reason_1,reason_2,reason_3,reason_4,reason_5');
    expect(lines[1]?.startsWith('LN-77,2,')).toBe(true);
    expect(lines[2]?.startsWith(`"'=HYPERLINK(""x"")",3,`)).toBe(true);
  });

  it('an upload over its limit is refused with the sizes, and nothing is stored', async () => {
    const before = await db.uploadedFile.count();
    const big = new Uint8Array(APPLICANTS_UPLOAD.maxBytes + 1);
    await expect(receiveUpload({ db, app: 'risk', purpose: APPLICANTS_UPLOAD_PURPOSE, fileName: 'huge.csv', body: new Blob([big]).stream(), spec: APPLICANTS_UPLOAD, actorId: officer.id })).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: 'The applicant file huge.csv is over 20.0 MB; the limit is 20.0 MB. Nothing was stored.',
    });
    await expect(
      receiveUpload({ db, app: 'risk', purpose: APPLICANTS_UPLOAD_PURPOSE, fileName: 'huge.csv', body: new Blob(['x']).stream(), spec: APPLICANTS_UPLOAD, actorId: officer.id, declaredBytes: 2 * 1024 ** 3 }),
    ).rejects.toMatchObject({ code: 'TOO_LARGE', message: 'The applicant file huge.csv is 2048.0 MB; the limit is 20.0 MB. Nothing was stored.' });
    await expect(receiveUpload({ db, app: 'risk', purpose: APPLICANTS_UPLOAD_PURPOSE, fileName: '../etc/passwd', body: new Blob(['x']).stream(), spec: APPLICANTS_UPLOAD, actorId: officer.id })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await db.uploadedFile.count()).toBe(before);
  });

  it('a file imported before, and rows already in the book, are recognised; the user skips or confirms them', async () => {
    const header = ATTRIBUTES.map((a) => a.key).join(',');
    const rows = ['A13,24,A32,A42,3000,A62,A73,3,A93,A101,2,A122,35,A143,A152,1,A173,1,A191,A201', 'A13,24,A32,A42,3100,A62,A73,3,A93,A101,2,A122,36,A143,A152,1,A173,1,A191,A201'];
    const text = [header, ...rows].join('\n');
    const mapping = Object.fromEntries(ATTRIBUTES.map((a) => [a.key, a.key]));
    const importFile = async (uploadId: string, onDuplicates?: 'skip' | 'import') => {
      const started = await startCsvImport({ db, actor: officer, input: { uploadId, mapping, onDuplicates } });
      await executeJob({ db, definition: importApplicationsJob, jobRunId: started.jobId, retriesLeft: 0 }).catch(() => undefined);
      return { started, job: await getJob({ db, id: started.jobId }) };
    };
    const fresh = await previewCsvImport({ db, input: { uploadId: await upload(text, 'march.csv') } });
    expect(fresh).toMatchObject({ validRows: 2, duplicateCount: 0, earlierImports: [] });
    const first = await importFile(await upload(text, 'march.csv'));
    expect(first.job.status).toBe('succeeded');
    const count = await db.loanApplication.count();

    // The same file again: the file is recognised by its hash and both rows by their content.
    const again = await upload(text, 'march (1).csv');
    const preview = await previewCsvImport({ db, input: { uploadId: again } });
    expect(preview.earlierImports).toHaveLength(1);
    expect(preview.earlierImports[0]).toMatchObject({ fileName: 'march.csv', rows: 2 });
    expect(preview.duplicateCount).toBe(2);
    expect(preview.duplicates[0]?.reason).toMatch(/^identical to application upload-[0-9a-f]{8}-000002$/);
    // Without a choice nothing is queued; skipping leaves nothing to import; confirming imports them again.
    await expect(startCsvImport({ db, actor: officer, input: { uploadId: again, mapping } })).rejects.toMatchObject({ code: 'BAD_INPUT', message: /This file was imported before; 2 row\(s\) repeat/ });
    await expect(startCsvImport({ db, actor: officer, input: { uploadId: again, mapping, onDuplicates: 'skip' } })).rejects.toMatchObject({ message: 'Every row of this file is already in the book: nothing to import.' });
    expect(await db.loanApplication.count()).toBe(count);
    const confirmed = await importFile(again, 'import');
    expect(confirmed.job.result).toMatchObject({ imported: 2, skipped: 0 });
    expect(await db.loanApplication.count()).toBe(count + 2);

    // One new row beside an old one: skipping imports only the new one.
    const mixed = await upload([header, rows[0], rows[0]?.replace(',35,', ',52,')].join('\n'), 'april.csv');
    const skipped = await importFile(mixed, 'skip');
    expect(skipped.job.result).toMatchObject({ imported: 1, skipped: 1 });
    expect(await db.loanApplication.count()).toBe(count + 3);
  });

  it('a declared ID column becomes the reference, and an ID already in the book is never imported twice', async () => {
    const header = `loan_no,${ATTRIBUTES.map((a) => a.key).join(',')}`;
    const row = 'A12,18,A32,A40,4200,A61,A73,2,A93,A101,2,A123,41,A143,A152,1,A173,1,A191,A201';
    const mapping = Object.fromEntries(ATTRIBUTES.map((a) => [a.key, a.key]));
    const one = await startCsvImport({ db, actor: officer, input: { uploadId: await upload([header, `L-9001,${row}`].join('\n')), mapping, idColumn: 'loan_no' } });
    await executeJob({ db, definition: importApplicationsJob, jobRunId: one.jobId, retriesLeft: 0 });
    expect(await db.loanApplication.count({ where: { externalRef: 'L-9001' } })).toBe(1);
    const again = await upload([header, `L-9001,${row}`, `L-9002,${row}`].join('\n'));
    const preview = await previewCsvImport({ db, input: { uploadId: again, idColumn: 'loan_no' } });
    expect(preview).toMatchObject({ duplicateCount: 1, duplicatesWithTakenId: 1 });
    expect(preview.duplicates[0]).toMatchObject({ line: 2, reason: 'loan_no L-9001 is already an application', keyInBook: true });
    // "Import them" cannot reuse a taken ID: that row is still skipped.
    const two = await startCsvImport({ db, actor: officer, input: { uploadId: again, mapping, idColumn: 'loan_no', onDuplicates: 'import' } });
    expect(two).toMatchObject({ rows: 1, skipped: 1 });
    await executeJob({ db, definition: importApplicationsJob, jobRunId: two.jobId, retriesLeft: 0 });
    expect(await db.loanApplication.count({ where: { externalRef: { in: ['L-9001', 'L-9002'] } } })).toBe(2);
  });

  it("the migration's SQL content hash equals the application's, on every German Credit row", async () => {
    // Existing rows were hashed in SQL by the migration; new ones are hashed in TypeScript. Both must agree,
    // or a re-imported applicant from before the migration would go unnoticed.
    const sql = fs.readFileSync(new URL('../../../prisma/migrations/20261204020000_uploads_and_content_hash/migration.sql', import.meta.url), 'utf8');
    const update = /UPDATE "loan_application" SET "contentHash" = [\s\S]+?;/.exec(sql)?.[0];
    expect(update).toBeDefined();
    const apps = await db.loanApplication.findMany({ where: { source: GERMAN_SOURCE }, select: { id: true, contentHash: true } });
    expect(apps).toHaveLength(1000);
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('UPDATE "loan_application" SET "contentHash" = NULL');
      await tx.$executeRawUnsafe(update ?? '');
      const rehashed = new Map((await tx.loanApplication.findMany({ where: { source: GERMAN_SOURCE }, select: { id: true, contentHash: true } })).map((a) => [a.id, a.contentHash]));
      for (const a of apps) expect(rehashed.get(a.id)).toBe(a.contentHash);
    });
    const sample = await db.loanApplication.findFirstOrThrow({ where: { source: GERMAN_SOURCE }, select: { contentHash: true, checkingStatus: true, durationMonths: true, creditHistory: true, purpose: true, amount: true, savings: true, employmentSince: true, instalmentRatePct: true, personalStatusSex: true, otherDebtors: true, residenceSinceYears: true, property: true, age: true, otherInstalmentPlans: true, housing: true, existingCredits: true, job: true, dependants: true, hasTelephone: true, foreignWorker: true } });
    const { contentHash, ...attributes } = sample;
    expect(contentHash).toBe(applicantContentHash({ attributes }));
  });

  it('editing grade bands and LGD re-grades and re-prices every application, audited', async () => {
    const bands = [
      { grade: 'A', maxPd: 0.05, description: 'a' },
      { grade: 'B', maxPd: 0.1, description: 'b' },
      { grade: 'C', maxPd: 0.2, description: 'c' },
      { grade: 'D', maxPd: 0.5, description: 'd' },
      { grade: 'E', maxPd: 1, description: 'e' },
    ] as const;
    const bad = ZRiskSettingsInput.safeParse({ lgd: 0.6, bands: bands.map((b) => (b.grade === 'C' ? { ...b, maxPd: 0.07 } : b)) });
    expect(bad.error?.issues.map((i) => i.message)).toContain("Grade C must start above grade B's maximum PD");
    const latestOf = () => db.creditScore.findMany({ distinct: ['applicationId'], orderBy: [{ applicationId: 'asc' }, { createdAt: 'desc' }], select: { applicationId: true, modelVersionId: true, pd: true, points: true, basePoints: true, recommendation: true, reasonCodes: true, contributions: true } });
    const modelOutputBefore = await latestOf();
    const { regraded } = await updateRiskSettings({ db, actor: officer, input: ZRiskSettingsInput.parse({ lgd: 0.6, bands }) });
    // Only grade, LGD and expected loss change: what the model said is copied as it was.
    expect(await latestOf()).toEqual(modelOutputBefore);
    expect(regraded).toBe(await db.loanApplication.count());
    expect((await getRiskSettings({ db })).lgd).toBe(0.6);
    const apps = await db.loanApplication.findMany({ select: { pd: true, grade: true, amount: true, scores: { orderBy: { createdAt: 'desc' }, take: 1, select: { expectedLoss: true, lgd: true } } } });
    for (const a of apps) {
      const pd = a.pd ?? NaN;
      const expected = pd <= 0.05 ? 'A' : pd <= 0.1 ? 'B' : pd <= 0.2 ? 'C' : pd <= 0.5 ? 'D' : 'E';
      expect(a.grade).toBe(expected);
      expect(a.scores[0]?.expectedLoss).toBeCloseTo(pd * 0.6 * a.amount, 8);
    }
    expect(await db.auditLog.count({ where: { action: 'finance.settings.update' } })).toBe(1);
    // Every application now has two score rows: approving everyone still counts each one once, at its latest.
    expect(await db.creditScore.count()).toBeGreaterThanOrEqual(2 * apps.length);
    const kpis = await getFinanceKpis({ db, input: { from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 60_000) } });
    expect(kpis.expectedLossIfAllApproved).toBeCloseTo(apps.reduce((sum, a) => sum + (a.scores[0]?.expectedLoss ?? 0), 0), 4);
  });

  it('compares champion and challenger from the registry; promotion is audited with its reason, once', async () => {
    const before = await compareChampionChallenger({ db });
    const challenger = before.challengers.find((c) => c.modelName === 'credit-mlp');
    if (!challenger) throw new Error('no challenger registered');
    expect(before.champion).toMatchObject({ modelName: 'credit-scorecard', version: 1, serving: true });
    expect(challenger).toMatchObject({ modelName: 'credit-mlp', version: 1, serving: false, promoted: false });
    // Figures are the registry's, as registered (independently read from the metric table here).
    const stored = await db.metric.findMany({ where: { versionId: challenger.versionId, split: 'cv' }, select: { name: true, value: true } });
    expect(challenger.metrics.roc_auc).toBe(stored.find((m) => m.name === 'roc_auc')?.value);
    expect(challenger.metrics.brier).toBe(stored.find((m) => m.name === 'brier')?.value);
    expect(before.champion.metrics.expected_cost_per_applicant).toBeGreaterThan(0);

    const m0 = await getMonitoring({ db });
    expect(m0.modelCard.markdown).toContain('# Model card: credit-scorecard v1');
    expect(m0.modelCard.excludedInputs).toEqual(['personalStatusSex', 'foreignWorker']);
    const jobsBefore = await db.jobRun.count();
    await expect(promoteChallenger({ db, actor: officer, input: { versionId: before.champion.versionId, reason: 'x' }, queue })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await db.auditLog.count({ where: { action: 'finance.models.promote' } })).toBe(0);
    expect(await db.jobRun.count()).toBe(jobsBefore);

    const requested = await promoteChallenger({ db, actor: officer, input: { versionId: challenger.versionId, reason: 'Lower expected cost at threshold' }, queue });
    expect(requested).toMatchObject({ modelName: 'credit-mlp', versionId: challenger.versionId, version: 1 });
    // Asking changes nothing yet: the scorecard serves until the job commits.
    expect((await compareChampionChallenger({ db })).champion.serving).toBe(true);
    expect(await db.auditLog.count({ where: { action: 'finance.models.promote.request', targetId: requested.jobId } })).toBe(1);
    const total = await db.loanApplication.count();
    const job = await runJob(requested.jobId);
    expect(job).toMatchObject({ status: 'succeeded', progress: 1, result: { modelName: 'credit-mlp', versionId: challenger.versionId, previousVersionId: before.champion.versionId, rescored: total } });
    const audit = await db.auditLog.findMany({ where: { action: 'finance.models.promote' }, select: { actorEmail: true, targetId: true, outcome: true, details: true } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorEmail: officer.email, targetId: challenger.versionId, outcome: 'success', details: { reason: 'Lower expected cost at threshold' } });
    const after = await compareChampionChallenger({ db });
    expect(after.challengers.find((c) => c.modelName === 'credit-mlp')?.promoted).toBe(true);
    expect(after.promotedChallenger?.versionId).toBe(challenger.versionId);
    await expect(promoteChallenger({ db, actor: officer, input: { versionId: challenger.versionId, reason: 'again' }, queue })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await db.auditLog.count({ where: { action: 'finance.models.promote' } })).toBe(1);
    // The promoted MLP now serves: every application re-scored by its ONNX graph, in the same transaction.
    expect(after.champion.serving).toBe(false);
    expect(after.challengers.find((c) => c.modelName === 'credit-mlp')?.serving).toBe(true);
    expect(await db.loanApplication.count({ where: { scores: { some: { modelVersionId: challenger.versionId } } } })).toBe(total);
    const top = (await listQueue({ db, input: ZQueueInput.parse({ limit: 1 }) })).rows[0];
    if (!top) throw new Error('empty queue');
    const review = await getApplicationReview({ db, actor: officer, id: top.id });
    const score = review.score;
    if (!score) throw new Error('not scored');
    // Shapley reason codes add up with the base value to the model's output (rounded to whole points).
    const sum = score.basePoints + score.contributions.reduce((t, c) => t + c.points, 0);
    expect(Math.abs(sum - score.points)).toBeLessThanOrEqual(0.5);
    expect(score.contributions).toHaveLength(18);
    expect(score.reasons).toHaveLength(5);
    expect(score.reasons.every((r) => r.text.endsWith('raised the risk'))).toBe(true);
    expect(score.recommendation).toBe('decline');
    // PD and points agree through the points scaling (600 at 50:1, PDO 20).
    expect(score.pd).toBeCloseTo(1 / (1 + Math.exp((sum - (600 - (20 / Math.LN2) * Math.log(50))) / (20 / Math.LN2))), 9);

    const m = await getMonitoring({ db });
    expect(m.championName).toBe('credit-mlp');
    expect(m.modelCard.markdown).toContain('# Model card: credit-mlp v1');
    expect(m.modelCard.excludedInputs).toEqual(['personalStatusSex', 'foreignWorker']);
    expect(m.threshold).toBe(challenger.metrics.threshold_pd);

    // And back: withdrawing the MLP re-scores everything with the scorecard, audited like the promotion.
    await expect(restoreScorecard({ db, actor: officer, input: { versionId: challenger.versionId, reason: 'x' }, queue })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Two requests before either ran: the first switches, the second finds the scorecard already serving.
    const restoreA = await restoreScorecard({ db, actor: officer, input: { versionId: before.champion.versionId, reason: 'Drift in the MLP inputs' }, queue });
    const restoreB = await restoreScorecard({ db, actor: officer, input: { versionId: before.champion.versionId, reason: 'Same, from a second tab' }, queue });
    expect(await runJob(restoreA.jobId)).toMatchObject({ status: 'succeeded', result: { modelName: 'credit-scorecard', versionId: before.champion.versionId, rescored: total } });
    expect(await runJob(restoreB.jobId)).toMatchObject({ status: 'failed', error: expect.stringMatching(/credit-scorecard v1 already serves/) });
    expect(await db.loanApplication.count({ where: { scores: { some: { modelVersionId: challenger.versionId } } } })).toBe(total);
    const latest = await db.creditScore.findMany({ where: { applicationId: top.id }, orderBy: { createdAt: 'desc' }, take: 1, select: { modelVersionId: true } });
    expect(latest[0]?.modelVersionId).toBe(before.champion.versionId);
    const back = await compareChampionChallenger({ db });
    expect(back.champion.serving).toBe(true);
    expect(back.promotedChallenger).toBeNull();
    expect(await db.auditLog.count({ where: { action: 'finance.models.promote', targetId: before.champion.versionId, outcome: 'success' } })).toBe(1);
    await expect(restoreScorecard({ db, actor: officer, input: { versionId: before.champion.versionId, reason: 'again' }, queue })).rejects.toMatchObject({ code: 'CONFLICT' });
  }, 240_000);

  it('the gradient-boosted trees challenger keeps the codebook monotone constraints, matches its trees through ONNX, and promotion is exclusive', async () => {
    const compare = await compareChampionChallenger({ db });
    const gbdt = compare.challengers.find((c) => c.modelName === 'credit-gbdt');
    const mlp = compare.challengers.find((c) => c.modelName === 'credit-mlp');
    if (!gbdt || !mlp) throw new Error('challengers not registered');
    expect(gbdt).toMatchObject({ kind: 'gbdt', version: 1, serving: false, promoted: false });
    expect(gbdt.metrics.roc_auc).toBeGreaterThan(0.75);
    const served = await creditModels.loadVersion({ db, modelName: 'credit-gbdt', versionId: gbdt.versionId });
    expect(served).toMatchObject({ runtime: 'onnxruntime-node', executionProvider: 'cpu', kind: 'gbdt' });

    // PD through onnxruntime equals the stored trees evaluated in TypeScript with the stored calibration.
    const modelArtifact = await db.artifact.findFirstOrThrow({ where: { versionId: gbdt.versionId, kind: 'gbdt-model' }, select: { content: true } });
    const preArtifact = await db.artifact.findFirstOrThrow({ where: { versionId: gbdt.versionId, kind: 'preprocessing' }, select: { content: true } });
    const trees = loadGbdtModel({ json: Buffer.from(modelArtifact.content).toString('utf8') });
    const platt = (JSON.parse(Buffer.from(preArtifact.content).toString('utf8')) as { platt: { a: number; b: number } }).platt;
    const { rows } = readGermanCredit();
    const sample = rows.slice(0, 200);
    const scores = await served.score(sample.map((attributes) => ({ attributes })));
    const { raw } = predictGbdt({ model: trees, rows: sample.map((attributes) => attributeVector({ attributes })) });
    scores.forEach((s, i) => {
      expect(Math.abs(s.pd - 1 / (1 + Math.exp(-(platt.a * (raw[i] ?? 0) + platt.b))))).toBeLessThan(1e-5);
      // TreeSHAP reason codes add up, with the base points, to the score.
      expect(s.basePoints + s.contributions.reduce((t, c) => t + c.points, 0)).toBeCloseTo(s.score, 3);
    });

    // Monotone: a longer or larger loan, or a larger instalment share, never lowers the PD of any applicant.
    for (const [key, values] of [['durationMonths', [6, 12, 24, 36, 48, 60, 72]], ['amount', [250, 1000, 2500, 5000, 10000, 18000]], ['instalmentRatePct', [1, 2, 3, 4]]] as const) {
      for (const attributes of rows.slice(0, 40)) {
        const pds = (await served.score(values.map((v) => ({ attributes: { ...attributes, [key]: v } })))).map((s) => s.pd);
        pds.slice(1).forEach((pd, i) => expect(pd).toBeGreaterThanOrEqual((pds[i] ?? 0) - 1e-12));
      }
    }

    // Exclusive promotion: with the MLP serving, promoting the trees withdraws the MLP in the same commit.
    await db.$transaction((tx) => creditModels.setServing({ tx, modelName: 'credit-mlp', versionId: mlp.versionId }));
    const requested = await promoteChallenger({ db, actor: officer, input: { versionId: gbdt.versionId, reason: 'Best CV AUC, monotone in duration and amount' }, queue });
    expect(requested).toMatchObject({ modelName: 'credit-gbdt', version: 1 });
    const total = await db.loanApplication.count();
    expect(await runJob(requested.jobId)).toMatchObject({ status: 'succeeded', result: { modelName: 'credit-gbdt', previousVersionId: mlp.versionId, rescored: total } });
    const after = await compareChampionChallenger({ db });
    expect(after.promotedChallenger).toMatchObject({ modelName: 'credit-gbdt', versionId: gbdt.versionId });
    expect(after.challengers.find((c) => c.modelName === 'credit-mlp')?.promoted).toBe(false);
    expect(servingModel({ context: await loadScoreContext({ db }) })).toMatchObject({ modelName: 'credit-gbdt', kind: 'gbdt' });
    const top = (await listQueue({ db, input: ZQueueInput.parse({ limit: 1 }) })).rows[0];
    if (!top) throw new Error('empty queue');
    const review = await getApplicationReview({ db, actor: officer, id: top.id });
    if (!review.score) throw new Error('not scored');
    expect(review.score.scoredBy).toEqual({ modelName: 'credit-gbdt', version: 1 });
    expect(review.score.contributions).toHaveLength(18);
    expect(review.score.reasons.length).toBeGreaterThan(0);
    expect(review.score.reasons.every((r) => r.text.endsWith('raised the risk'))).toBe(true);
    expect(Math.abs(review.score.basePoints + review.score.contributions.reduce((t, c) => t + c.points, 0) - review.score.points)).toBeLessThanOrEqual(0.5);
    const m = await getMonitoring({ db });
    expect(m.championName).toBe('credit-gbdt');
    expect(m.modelCard.markdown).toContain('TreeSHAP');

    const champion = after.champion.versionId;
    const back = await restoreScorecard({ db, actor: officer, input: { versionId: champion, reason: 'Back to the scorecard' }, queue });
    expect(await runJob(back.jobId)).toMatchObject({ status: 'succeeded', result: { modelName: 'credit-scorecard' } });
    expect((await compareChampionChallenger({ db })).promotedChallenger).toBeNull();
  }, 240_000);

  it('the score context is cached until the database says what decides a score changed, whoever changed it', async () => {
    const deadline = Date.now() + 10_000;
    let a = await loadScoreContext({ db });
    let b = await loadScoreContext({ db });
    while (a !== b && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      a = b;
      b = await loadScoreContext({ db });
    }
    expect(b).toBe(a);
    // Another process (here a bare SQL client) changes the LGD: the trigger's notification drops the cache.
    const before = b.lgd;
    const outside = new pg.Client({ connectionString: url });
    await outside.connect();
    await outside.query(`UPDATE risk_setting SET lgd = 0.61, "updatedAt" = now() WHERE id = 'default'`);
    let seen = (await loadScoreContext({ db })).lgd;
    while (seen !== 0.61 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      seen = (await loadScoreContext({ db })).lgd;
    }
    expect(seen).toBe(0.61);
    await outside.query(`UPDATE risk_setting SET lgd = $1, "updatedAt" = now() WHERE id = 'default'`, [before]);
    await outside.end();
  });

  it('a missing application is NOT_FOUND', async () => {
    await expect(getApplicationReview({ db, actor: officer, id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
