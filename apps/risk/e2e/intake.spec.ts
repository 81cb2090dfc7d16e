// Credit Risk intake: a CSV with one bad row is refused with the row's error and nothing imported;
// a valid file imports through a background job with a progress bar; one application entered by hand.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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

async function upload(page: Page, name: string, lines: string[]) {
  await page.goto(`${urls.risk}/applications/import`);
  await page.getByRole('heading', { name: 'Import applications' }).waitFor();
  await page.getByLabel(/Applicant file/).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from([header, ...lines].join('\n')) });
  await page.getByTestId('import-summary').waitFor();
}

describe('risk intake', () => {
  it('a CSV with one bad row shows the row error and imports nothing; a valid one imports as a job', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.risk, email: 'risk@platform.local', password: 'risk-demo-pass' });
    await page.getByRole('heading', { name: 'Welcome, Rita Risk' }).waitFor();
    const before = await totalApplications(page);

    await upload(page, 'bad.csv', [good[0] ?? '', (good[1] ?? '').replace(',2096,', ',two thousand,'), good[2] ?? '']);
    expect(await page.getByTestId('import-summary').textContent()).toBe('3 rows, 2 valid, 1 problem(s).');
    expect(await page.getByTestId('row-error').allTextContents()).toEqual(['3Credit amount (DM)Credit amount (DM) "two thousand" is not a finite number']);
    expect(await page.getByRole('button', { name: /Import 2 applications/ }).isDisabled()).toBe(true);
    expect(await totalApplications(page)).toBe(before);

    await upload(page, 'good.csv', good);
    expect(await page.getByTestId('import-summary').textContent()).toBe('3 rows, 3 valid, 0 problem(s).');
    await page.getByRole('table', { name: 'Preview' }).getByText('0 to 200 DM').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Score only and download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('good-scores.csv');
    const stream = await download.createReadStream();
    let csv = '';
    for await (const chunk of stream) csv += String(chunk);
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^line,pd,points,grade,expected_loss,recommendation,reason_1/);
    expect(await totalApplications(page)).toBe(before);
    await upload(page, 'good.csv', good);
    await page.getByRole('button', { name: 'Import 3 applications' }).click();
    await page.locator('[data-testid="job-progress"][data-status="succeeded"]').waitFor({ timeout: 60_000 });
    expect(await totalApplications(page)).toBe(before + 3);
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
