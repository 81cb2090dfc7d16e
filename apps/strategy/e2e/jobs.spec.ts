// The administrator's jobs page lists past jobs of every app: a data check the admin runs on the worker, and
// two risk-app imports a risk officer started (one finished, one failed with its error), newest first, with
// who started each, when, for how long, and a status filter.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDb, type Db } from '@platform/db';
import { defineJob, enqueueJob, executeJob, getJob, startBoss, type PgBoss } from '@platform/jobs';
import { launchBrowser, newClient, signIn } from '@platform/testing';

const urls = inject('appUrls');

// Import-shaped jobs this spec runs itself through the jobs lib (its own kind: the e2e worker never takes it).
const ZRows = (payload: unknown) => payload as { file: string };
const goodImport = defineJob({
  kind: 'e2e.history-import',
  parse: ZRows,
  settings: { expireInSeconds: 60, retryLimit: 0, retryDelaySeconds: 1 },
  async run({ progress, payload }) {
    await progress(0.5, `Scored 2 of 4 rows of ${payload.file}`);
    await new Promise((r) => setTimeout(r, 1_100));
    return { result: { imported: 4 } };
  },
});
const brokenImport = defineJob({
  ...goodImport,
  async run({ progress }) {
    await progress(0.1, 'Validating');
    throw new Error('2 invalid row(s); nothing imported. First: line 3: duration must be a whole number of months');
  },
});

let browser: Browser;
let db: Db;
let boss: PgBoss;
beforeAll(async () => {
  browser = await launchBrowser();
  db = createDb({ url: inject('e2eDatabaseUrl') });
  boss = await startBoss({ url: inject('e2eDatabaseUrl'), supervise: false });
});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await db.$disconnect();
  await browser.close();
});

async function runImport({ title, definition, createdById }: { title: string; definition: typeof goodImport; createdById: string }) {
  const run = await enqueueJob({ db, boss, definition, app: 'risk', title, payload: { file: title }, createdById });
  await executeJob({ db, definition, jobRunId: run.id, retriesLeft: 0 }).catch(() => undefined);
  return getJob({ db, id: run.id });
}

async function signedInAdmin(): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await newClient(browser);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signIn({ page, baseUrl: urls.strategy, email: 'admin@platform.local', password: 'admin-demo-pass' });
  await page.getByRole('heading', { name: /^Welcome, Ada Admin/ }).waitFor();
  return { page, close: () => context.close() };
}

describe('admin jobs page', () => {
  it('an admin sees finished and failed jobs of every app, newest first, with starter, times, duration and error', async () => {
    const officer = await db.user.findUniqueOrThrow({ where: { email: 'risk@platform.local' }, select: { id: true } });
    const { page, close } = await signedInAdmin();
    try {
      await page.getByRole('link', { name: 'Jobs' }).click();
      await page.getByRole('heading', { name: 'Background jobs' }).waitFor();

      // A real job on the e2e worker: the data check, started from this page, runs to the end.
      await page.getByRole('button', { name: 'Verify data sets' }).click();
      await page.locator('[data-testid="job-progress"][data-status="succeeded"]').first().waitFor({ timeout: 60_000 });

      // Two imports of the risk app, started by the risk officer: one finishes, the other fails.
      const good = await runImport({ title: 'Import e2e-good.csv', definition: goodImport, createdById: officer.id });
      const broken = await runImport({ title: 'Import e2e-broken.csv', definition: brokenImport, createdById: officer.id });
      expect([good.status, broken.status]).toEqual(['succeeded', 'failed']);

      await page.reload();
      const table = page.getByRole('table', { name: 'Job history' });
      await table.waitFor();
      const row = (title: string) => table.locator('tbody tr').filter({ hasText: title });
      const cells = async (title: string) => (await row(title).locator('td').allTextContents()).map((t) => t.trim());
      const header = (await table.locator('thead th').allTextContents()).map((t) => t.trim());
      const col = (name: string) => header.indexOf(name);
      expect(header).toEqual(['Job', 'App', 'Status', 'Started (UTC)', 'Finished (UTC)', 'Duration', 'Started by', 'Progress', 'Error']);

      const verify = await cells('Verify data sets against SHA256SUMS');
      expect(verify[col('App')]).toBe('strategy');
      expect(verify[col('Status')]).toBe('succeeded');
      expect(verify[col('Started by')]).toBe('admin@platform.local');
      expect(verify[col('Progress')]).toMatch(/100%/);

      const done = await cells('Import e2e-good.csv');
      expect(done[col('Job')]).toContain('e2e.history-import');
      expect(done[col('App')]).toBe('risk');
      expect(done[col('Status')]).toBe('succeeded');
      expect(done[col('Started by')]).toBe('risk@platform.local');
      const at = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 19) : 'missing');
      expect(done[col('Started (UTC)')]).toBe(at(good.startedAt));
      expect(done[col('Finished (UTC)')]).toBe(at(good.finishedAt));
      // The job slept 1.1 s: the duration is the stored finish minus start, in seconds.
      const seconds = ((good.finishedAt?.getTime() ?? 0) - (good.startedAt?.getTime() ?? 0)) / 1000;
      expect(seconds).toBeGreaterThanOrEqual(1.1);
      expect(done[col('Duration')]).toBe(`${seconds.toFixed(1)} s`);
      expect(done[col('Progress')]).toMatch(/Done\s*100%/);
      expect(done[col('Error')]).toBe('—');

      const failed = await cells('Import e2e-broken.csv');
      expect(failed[col('Status')]).toBe('failed');
      expect(failed[col('Started by')]).toBe('risk@platform.local');
      expect(failed[col('Finished (UTC)')]).toBe(at(broken.finishedAt));
      expect(failed[col('Progress')]).toMatch(/Validating\s*10%/);
      expect(failed[col('Error')]).toBe('2 invalid row(s); nothing imported. First: line 3: duration must be a whole number of months');

      // Newest first: the failed import (started last), then the finished one, then the data check.
      const titles = (await table.locator('tbody tr td:first-child .font-medium').allTextContents()).map((t) => t.trim());
      const order = ['Import e2e-broken.csv', 'Import e2e-good.csv', 'Verify data sets against SHA256SUMS'].map((t) => titles.indexOf(t));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);

      await page.screenshot({ path: path.resolve('test-results', 'screenshots', 'strategy-jobs.png'), fullPage: true });

      // Filter by status: only failed jobs, the import's error among them.
      await page.getByRole('combobox', { name: 'Status' }).selectOption('failed');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL(/status=failed/);
      await table.waitFor();
      const statuses = (await table.locator('tbody tr').evaluateAll((trs, i) => trs.map((tr) => tr.querySelectorAll('td')[i]?.textContent?.trim() ?? ''), col('Status')));
      expect(statuses.length).toBeGreaterThanOrEqual(1);
      expect(new Set(statuses)).toEqual(new Set(['failed']));
      await row('Import e2e-broken.csv').getByText('duration must be a whole number of months').waitFor();
      expect(await row('Import e2e-good.csv').count()).toBe(0);
    } finally {
      await close();
    }
  }, 120_000);
});
