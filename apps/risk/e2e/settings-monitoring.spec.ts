// Credit Risk settings and drift monitoring: a risk officer edits the LGD and a grade band, finds them kept after
// a reload and sees bands out of order refused; on Monitoring, choosing another drift window changes the dates
// and the number of recent applications PSI compares with the training sample.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDb } from '@platform/db';
import { launchBrowser, newClient, signIn } from '@platform/testing';

const urls = inject('appUrls');
const DAY_MS = 24 * 3600 * 1000;
/** Applications this spec backdates (no form can), removed again at the end. */
const SPEC_SOURCE = 'e2e_drift';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser.close());

async function signedInOfficer(): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await newClient(browser);
  const page = await context.newPage();
  await signIn({ page, baseUrl: urls.risk, email: 'risk@platform.local', password: 'risk-demo-pass' });
  await page.getByRole('heading', { name: 'Welcome, Rita Risk' }).waitFor();
  return { page, close: () => context.close() };
}

const lgdField = (page: Page) => page.getByLabel('Loss given default (%)');
const maxPdField = (page: Page, grade: string) => page.getByLabel(`Highest PD of grade ${grade} (%)`);

async function saveSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save and re-score' }).click();
  // Saving re-scores every application before it commits.
  await page.getByRole('status').filter({ hasText: /^Saved\. Re-graded \d+ applications\.$/ }).waitFor({ timeout: 150_000 });
}

describe('risk settings and drift monitoring', () => {
  it('a risk officer changes the LGD and grade C, sees both kept after a reload, and bands out of order refused', async () => {
    const { page, close } = await signedInOfficer();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Risk settings' }).waitFor();
    const lgd = await lgdField(page).inputValue();
    const gradeB = await maxPdField(page, 'B').inputValue();
    const gradeC = await maxPdField(page, 'C').inputValue();
    const gradeD = await maxPdField(page, 'D').inputValue();
    // New values that keep the bands in order: LGD +5 points, grade C halfway between B and D.
    const newLgd = (Number(lgd) + 5).toFixed(1);
    const newC = ((Number(gradeB) + Number(gradeD)) / 2).toFixed(1);
    expect(newC).not.toBe(gradeC);

    await lgdField(page).fill(newLgd);
    await maxPdField(page, 'C').fill(newC);
    await saveSettings(page);
    await page.reload();
    await page.getByRole('heading', { name: 'Risk settings' }).waitFor();
    expect(await lgdField(page).inputValue()).toBe(newLgd);
    expect(await maxPdField(page, 'C').inputValue()).toBe(newC);

    // Grade C ending below grade B's maximum: refused with the reason, nothing stored.
    await maxPdField(page, 'C').fill((Number(gradeB) - 1).toFixed(1));
    await page.getByRole('button', { name: 'Save and re-score' }).click();
    await page.getByRole('alert').filter({ hasText: "Grade C must start above grade B's maximum PD" }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Risk settings' }).waitFor();
    expect(await maxPdField(page, 'C').inputValue()).toBe(newC);
    expect(await lgdField(page).inputValue()).toBe(newLgd);

    // Other specs share this database: put the settings back as they were.
    await lgdField(page).fill(lgd);
    await maxPdField(page, 'C').fill(gradeC);
    await saveSettings(page);
    await close();
  }, 330_000);

  it('choosing a drift window changes the dates and the count of recent applications, matching the database', async () => {
    const db = createDb({ url: inject('e2eDatabaseUrl') });
    const { page, close } = await signedInOfficer();
    try {
      // 320 applications 60 days ago (inside 90 days, not 30) and 40 150 days ago (inside 180 only), copied
      // from the training rows with their scores.
      const training = await db.loanApplication.findMany({
        where: { source: 'german_credit' },
        orderBy: { externalRef: 'asc' },
        take: 360,
        omit: { id: true, externalRef: true, source: true, outcome: true, status: true, applicantName: true, createdAt: true, updatedAt: true },
      });
      const now = Date.now();
      await db.loanApplication.createMany({
        data: training.map((r, i) => ({ ...r, externalRef: `${SPEC_SOURCE}-${i}`, source: SPEC_SOURCE, createdAt: new Date(now - (i < 320 ? 60 : 150) * DAY_MS) })),
      });
      // What the page should count for the window it shows, straight from the database.
      const recentIn = async (page: Page) => {
        const text = (await page.getByTestId('drift-window').textContent()) ?? '';
        const [, from, to, days] = text.match(/created (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2}) \((\d+) days/) ?? [];
        const shown = Number(((await page.getByTestId('drift-recent').textContent()) ?? '').replace(/,/g, ''));
        const expected = await db.loanApplication.count({
          where: { source: { not: 'german_credit' }, pd: { not: null }, createdAt: { gte: new Date(`${from}T00:00:00.000Z`), lte: new Date(`${to}T23:59:59.999Z`) } },
        });
        return { from, to, days: Number(days), shown, expected };
      };
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      const today = day(now);

      await page.getByRole('link', { name: 'Monitoring' }).click();
      await page.getByRole('heading', { name: 'Monitoring' }).waitFor();
      const quarter = await recentIn(page);
      expect(quarter).toMatchObject({ days: 90, from: day(now - 89 * DAY_MS), to: today });
      expect(quarter.shown).toBe(quarter.expected);
      expect(quarter.shown).toBeGreaterThanOrEqual(320);
      // Enough applications: PSI per feature with its band.
      const psi = page.getByRole('table', { name: 'PSI per feature' });
      await psi.locator('tr').filter({ hasText: 'Score points' }).filter({ hasText: /stable|watch|act/ }).waitFor();

      await page.getByRole('combobox', { name: 'Window' }).selectOption('30');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(/days=30/);
      await page.getByTestId('drift-window').filter({ hasText: '(30 days' }).waitFor();
      const month = await recentIn(page);
      expect(month).toMatchObject({ days: 30, from: day(now - 29 * DAY_MS), to: today });
      expect(month.shown).toBe(month.expected);
      expect(month.shown).toBe(quarter.shown - 320);
      // Other specs add a handful of applications at most: far too few to read PSI.
      await page.getByText(/^(No applications in this window|Too few applications for a meaningful PSI)$/).waitFor();
      expect(await psi.count()).toBe(0);

      // A quarter ending 100 days ago holds only the 40 older applications.
      const end = day(now - 100 * DAY_MS);
      await page.getByRole('combobox', { name: 'Window' }).selectOption('90');
      await page.getByLabel(/^Ending/).fill(end);
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(new RegExp(`days=90&to=${end}`));
      const earlier = await recentIn(page);
      expect(earlier).toMatchObject({ days: 90, to: end, shown: 40, expected: 40 });
      await page.getByText('Too few applications for a meaningful PSI').waitFor();

      // A window the selector does not offer is refused, naming the field; the rest of the page still shows.
      await page.goto(`${urls.risk}/monitoring?days=45`);
      await page.getByRole('alert').filter({ hasText: 'Window (days) must be 30, 90, 180 or 365' }).waitFor();
      await page.getByRole('img', { name: 'ROC curve' }).waitFor();
    } finally {
      await db.loanApplication.deleteMany({ where: { source: SPEC_SOURCE } });
      await db.$disconnect();
      await close();
    }
  }, 120_000);
});
