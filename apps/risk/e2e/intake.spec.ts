// Credit Risk intake: a CSV with bad rows is refused with every row's errors and nothing imported; a valid
// file imports through a background job with a progress bar; a re-imported file is recognised; a 15,000-row
// file (1.2 MB) streams in and scores with the user's ID column; the template and column guide; one
// application entered by hand.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import { dataDir } from '@platform/db';
import { launchBrowser, newClient, signIn } from '@platform/testing';
import { ATTRIBUTES } from '@platform/finance/ui';

const urls = inject('appUrls');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser.close());

const header = ATTRIBUTES.map((a) => a.key).join(',');
const good = [
  'A12,48,A32,A43,5951,A61,A73,2,A92,A101,2,A121,22,A143,A152,1,A173,1,A191,A201',
  'A14,12,A34,A46,2096,A61,A74,2,A93,A101,3,A121,49,A143,A152,1,A172,2,A191,A201',
  'A11,42,A32,A42,7882,A61,A74,2,A93,A103,4,A122,45,A143,A153,1,A173,2,A191,A201',
];

async function totalApplications(page: Page): Promise<number> {
  await page.goto(`${urls.risk}/applications`);
  const subtitle = (await page.getByText(/scored applications match/).textContent()) ?? '';
  return Number(subtitle.replace(/,/g, '').match(/(\d+) scored/)?.[1] ?? NaN);
}

async function upload(page: Page, name: string, lines: string[], head = header) {
  await page.goto(`${urls.risk}/applications/import`);
  await page.getByRole('heading', { name: 'Import applications' }).waitFor();
  await page.getByLabel(/Applicant file/).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from([head, ...lines].join('\n')) });
  await page.getByTestId('import-summary').waitFor();
}

async function readDownload(download: Download): Promise<string> {
  let text = '';
  for await (const chunk of await download.createReadStream()) text += String(chunk);
  return text;
}

const summary = async (page: Page) => ((await page.getByTestId('import-summary').textContent()) ?? '').replace(/\s+/g, ' ');

describe('risk intake', () => {
  it('a CSV with a bad row shows the row error and imports nothing; a valid one imports as a job; the same file again is recognised', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.risk, email: 'risk@platform.local', password: 'risk-demo-pass' });
    await page.getByRole('heading', { name: 'Welcome, Rita Risk' }).waitFor();
    const before = await totalApplications(page);

    await upload(page, 'bad.csv', [good[0] ?? '', (good[1] ?? '').replace(',2096,', ',two thousand,'), good[2] ?? '']);
    expect(await summary(page)).toBe('bad.csv (0.0 MB): 3 rows, 2 valid, 1 problem(s) in 1 row(s).');
    expect(await page.getByTestId('row-error').allTextContents()).toEqual(['3Credit amount (DM)Credit amount (DM) "two thousand" is not a finite number']);
    expect(await page.getByRole('button', { name: /Import \d+ applications/ }).isDisabled()).toBe(true);
    expect(await totalApplications(page)).toBe(before);

    // These three are German Credit applicants already in the book: the preview says so and asks.
    await upload(page, 'good.csv', good);
    expect(await summary(page)).toBe('good.csv (0.0 MB): 3 rows, 3 valid, 0 problem(s).');
    await page.getByRole('table', { name: 'Preview' }).getByText('0 to 200 DM').waitFor();
    expect(await page.getByTestId('duplicate-summary').textContent()).toMatch(/^3 row\(s\) repeat applications already in the book/);
    await page.getByRole('region', { name: 'Repeated rows' }).getByText(/Line 2: identical to application german-credit-\d{4}/).waitFor();
    expect(await page.getByRole('button', { name: 'Import 0 applications' }).isDisabled()).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Score only and download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('good-scores.csv');
    const lines = (await readDownload(download)).trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^line,pd,points,grade,expected_loss,recommendation,reason_1/);
    expect(await totalApplications(page)).toBe(before);

    await upload(page, 'good.csv', good);
    await page.getByRole('radio', { name: 'Import them as new applications' }).check();
    await page.getByRole('button', { name: 'Import 3 applications' }).click();
    await page.locator('[data-testid="job-progress"][data-status="succeeded"]').waitFor({ timeout: 60_000 });
    expect(await totalApplications(page)).toBe(before + 3);

    // The same file a second time: recognised by its content, and skipping leaves nothing to import.
    await upload(page, 'good-again.csv', good);
    await page.getByRole('status').filter({ hasText: 'This file was imported before: good.csv, 3 application(s)' }).waitFor();
    expect(await page.getByRole('radio', { name: 'Skip them' }).isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: 'Import 0 applications' }).isDisabled()).toBe(true);
    expect(await totalApplications(page)).toBe(before + 3);
    await context.close();
  });

  it('every problem of every row is listed, and a long list says how many it leaves out', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.risk, email: 'risk@platform.local', password: 'risk-demo-pass' });
    await page.getByRole('heading', { name: 'Welcome, Rita Risk' }).waitFor();
    const twoProblems = (good[0] ?? '').replace(',48,', ',NaN,').replace(',22,', ',-5,');
    await upload(page, 'two-problems.csv', [twoProblems]);
    expect(await page.getByTestId('row-error').allTextContents()).toEqual(['2Duration (months)Duration (months) "NaN" is not a finite number', '2Age (years)Age must be at least 18']);
    await upload(page, 'many.csv', Array.from({ length: 150 }, () => twoProblems));
    expect(await summary(page)).toBe('many.csv (0.0 MB): 150 rows, 0 valid, 300 problem(s) in 150 row(s).');
    expect(await page.getByTestId('errors-capped').textContent()).toBe('Showing the first 200 of 300 problems.');
    expect(await page.getByTestId('row-error').count()).toBe(200);
    await context.close();
  });

  it('a 15,000-row file of 1.2 MB streams in and scores with the ID column the user chose; a file over 20 MB is refused with its size', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.risk, email: 'risk@platform.local', password: 'risk-demo-pass' });
    await page.getByRole('heading', { name: 'Welcome, Rita Risk' }).waitFor();
    // The real German Credit applicants, fifteen times over, each with the bank's own application number.
    const german = fs.readFileSync(path.join(dataDir(), 'german_credit', 'german.data'), 'utf8').trim().split('\n');
    const rows = Array.from({ length: 15_000 }, (_, i) => `GC-${String(i + 1).padStart(5, '0')},${(german[i % german.length] ?? '').trim().split(/\s+/).slice(0, 20).join(',')}`);
    const text = [`application_no,${header}`, ...rows].join('\n');
    expect(Buffer.byteLength(text)).toBeGreaterThan(1_300_000);
    await upload(page, 'portfolio.csv', rows, `application_no,${header}`);
    expect(await summary(page)).toBe('portfolio.csv (1.2 MB): 15000 rows, 15000 valid, 0 problem(s).');
    await page.getByLabel('ID column (carried into the results)').selectOption('application_no');
    await page.getByRole('table', { name: 'Preview' }).getByText('GC-00001').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: 'Score only and download CSV' }).click()]);
    const lines = (await readDownload(download)).trim().split('\n');
    expect(lines).toHaveLength(15_001);
    expect(lines[0]).toMatch(/^application_no,line,pd,points,grade/);
    expect(lines[1]).toMatch(/^GC-00001,2,0\.\d+,/);
    expect(lines[15_000]).toMatch(/^GC-15000,15001,/);

    // Over the limit: the browser says so before sending, and the endpoint refuses it on its own too.
    await page.getByLabel(/Applicant file/).setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.alloc(21 * 1024 * 1024, 'a') });
    await page.getByRole('alert').filter({ hasText: 'huge.csv is 21.0 MB; the limit is 20.0 MB.' }).waitFor();
    const refused = await page.request.post(`${urls.risk}/api/uploads?purpose=finance.applications&name=huge.csv`, { data: Buffer.alloc(21 * 1024 * 1024, 'a'), headers: { 'content-type': 'text/csv', origin: urls.risk } });
    expect(refused.status()).toBe(413);
    expect(await refused.json()).toEqual({ error: 'The applicant file huge.csv is 21.0 MB; the limit is 20.0 MB. Nothing was stored.' });
    await context.close();
  }, 180_000);

  it('the import page offers a template that imports as it is, and a guide to every column', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.risk, email: 'risk@platform.local', password: 'risk-demo-pass' });
    await page.getByRole('heading', { name: 'Welcome, Rita Risk' }).waitFor();
    await page.goto(`${urls.risk}/applications/import`);
    const guide = page.getByRole('table', { name: 'Expected columns' });
    expect(await guide.locator('tbody tr').count()).toBe(20);
    expect(await guide.locator('tbody tr').filter({ hasText: 'Age (years)' }).textContent()).toContain('from 18 to 120 (years)');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download a template CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('applications-template.csv');
    const template = await readDownload(download);
    expect(template.split('\n')[0]).toBe(header);
    await page.getByLabel(/Applicant file/).setInputFiles({ name: 'applications-template.csv', mimeType: 'text/csv', buffer: Buffer.from(template) });
    await page.getByTestId('import-summary').waitFor();
    expect(await summary(page)).toBe('applications-template.csv (0.0 MB): 1 rows, 1 valid, 0 problem(s).');
    await context.close();
  });

  it('a risk officer enters one application and sees it scored', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.risk, email: 'risk@platform.local', password: 'risk-demo-pass' });
    await page.getByRole('heading', { name: 'Welcome, Rita Risk' }).waitFor();
    await page.goto(`${urls.risk}/applications/new`);
    const numbers: Record<string, string> = { durationMonths: '24', amount: '3000', instalmentRatePct: '3', residenceSinceYears: '2', age: '35', existingCredits: '1', dependants: '1' };
    for (const a of ATTRIBUTES) {
      const field = page.locator(`[name="${a.key}"]`);
      if (a.kind === 'numeric') await field.fill(numbers[a.key] ?? '1');
      else await field.selectOption({ index: 1 });
    }
    await page.getByRole('button', { name: 'Create and score' }).click();
    await page.getByRole('heading', { name: /^Application manual-/ }).waitFor();
    expect(await page.getByTestId('pd').textContent()).toMatch(/^\d+\.\d%$/);
    await context.close();
  });
});
