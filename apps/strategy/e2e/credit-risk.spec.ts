// The executive's Credit risk page: the KPIs move when a risk officer decides an application, the period is
// validated field by field, an empty period says so, and a radiologist is refused page and API alike.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDb } from '@platform/db';
import { launchBrowser, newClient, signIn } from '@platform/testing';

const urls = inject('appUrls');
const EXEC = { email: 'exec@platform.local', password: 'exec-demo-pass' };
const OUTCOMES = ['approve', 'decline', 'refer'] as const;
type TOutcome = (typeof OUTCOMES)[number];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser.close());

/** "1,234" or "1,234 DM" → 1234. */
const numberIn = (text: string | null) => Number((text ?? '').replace(/[^0-9.-]/g, ''));

async function readFigures(page: Page) {
  await page.getByRole('heading', { name: 'Credit risk', exact: true }).waitFor();
  const scored = numberIn(await page.getByTestId('stat-applications-scored').textContent());
  const total = numberIn(await page.getByTestId('stat-decisions').textContent());
  const byOutcome: Record<TOutcome, number> = { approve: 0, decline: 0, refer: 0 };
  let avoided = 0;
  if (total > 0) {
    for (const o of OUTCOMES) byOutcome[o] = numberIn(await page.getByTestId(`decisions-${o}`).textContent());
    avoided = numberIn(await page.getByTestId('stat-expected-loss-avoided').textContent());
  } else {
    // Nothing decided: no 0% override rate pretending to be a figure.
    await page.getByText('No decisions in this period').waitFor();
    expect(await page.getByTestId('stat-override-rate').count()).toBe(0);
  }
  return { scored, total, byOutcome, avoided };
}

describe('credit risk for executives', () => {
  it("an executive's decision count moves by the decision a risk officer records", async () => {
    const db = createDb({ url: inject('e2eDatabaseUrl') });
    const execContext = await newClient(browser);
    const riskContext = await newClient(browser);
    try {
      const exec = await execContext.newPage();
      await signIn({ page: exec, baseUrl: urls.strategy, ...EXEC });
      await exec.getByRole('heading', { name: 'Welcome, Eve Executive' }).waitFor();
      await exec.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Credit risk' }).click();
      const before = await readFigures(exec);
      // The seed scored every application moments ago, so all of them fall in the default 30 days.
      expect(before.scored).toBe(await db.loanApplication.count({ where: { scores: { some: {} } } }));
      expect(before.scored).toBeGreaterThan(0);
      expect(await exec.getByRole('link', { name: 'Last 30 days' }).getAttribute('aria-current')).toBe('page');
      await exec.getByText('Deutsche Mark (DM)').waitFor();
      // Executives may not open the risk app: no link that would only lead to "access denied".
      expect(await exec.getByRole('link', { name: /Open the applications in Credit Risk/ }).count()).toBe(0);
      await exec.getByText('Application-level detail stays in the Credit Risk app').waitFor();

      // A risk officer records the model's recommendation on the riskiest undecided application.
      const risk = await riskContext.newPage();
      await signIn({ page: risk, baseUrl: urls.risk, email: 'risk@platform.local', password: 'risk-demo-pass' });
      await risk.getByRole('heading', { name: 'Welcome, Rita Risk' }).waitFor();
      await risk.goto(`${urls.risk}/applications?status=pending`);
      await risk.locator('table tbody tr').nth(0).getByRole('link').click();
      await risk.getByRole('heading', { name: /^Application / }).waitFor();
      const applicationId = new URL(risk.url()).pathname.split('/').pop() ?? '';
      await risk.getByRole('button', { name: 'Record decision' }).click();
      const recorded = (await risk.getByRole('status').filter({ hasText: 'Decision recorded:' }).textContent()) ?? '';
      const outcome = OUTCOMES.find((o) => recorded.includes(`Decision recorded: ${o}`));
      if (!outcome) throw new Error(`Unexpected confirmation: ${recorded}`);
      const decision = await db.creditDecision.findFirstOrThrow({ where: { applicationId }, select: { outcome: true, scoreId: true } });
      expect(decision.outcome).toBe(outcome);
      const score = await db.creditScore.findUniqueOrThrow({ where: { id: decision.scoreId ?? '' }, select: { expectedLoss: true } });

      await exec.reload();
      const after = await readFigures(exec);
      expect(after.total).toBe(before.total + 1);
      for (const o of OUTCOMES) expect(after.byOutcome[o]).toBe(before.byOutcome[o] + (o === outcome ? 1 : 0));
      expect(after.scored).toBe(before.scored);
      // A decline avoids that application's expected loss; both figures are rounded to whole DM.
      const added = outcome === 'decline' ? score.expectedLoss : 0;
      expect(Math.abs(after.avoided - before.avoided - added)).toBeLessThanOrEqual(1);
      expect(await exec.getByTestId('stat-override-rate').textContent()).toMatch(/^\d{1,3}\.\d%$/);
    } finally {
      await execContext.close();
      await riskContext.close();
      await db.$disconnect();
    }
  });

  it('a custom period names the bad field, and a period with nothing in it says so', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.strategy, ...EXEC });
    await page.getByRole('heading', { name: 'Welcome, Eve Executive' }).waitFor();

    await page.goto(`${urls.strategy}/credit-risk?range=custom&from=2025-02-30&to=2025-03-31`);
    await page.getByRole('alert').filter({ hasText: 'From date is not a calendar date' }).waitFor();
    expect(await page.getByLabel('From date', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('stat-decisions').count()).toBe(0);

    await page.getByLabel('From date', { exact: true }).fill('2025-03-31');
    await page.getByLabel('To date', { exact: true }).fill('2025-03-01');
    await page.getByRole('button', { name: 'Apply dates' }).click();
    await page.getByRole('alert').filter({ hasText: 'To date must be on or after the From date' }).waitFor();
    expect(await page.getByLabel('To date', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    // Long before the seed: nothing scored, nothing decided.
    await page.getByLabel('From date', { exact: true }).fill('2001-01-01');
    await page.getByLabel('To date', { exact: true }).fill('2001-12-31');
    await page.getByRole('button', { name: 'Apply dates' }).click();
    await page.waitForURL(/range=custom&from=2001-01-01&to=2001-12-31/);
    await page.getByText('Nothing scored or decided in this period').waitFor();
    await page.getByText('1 Jan 2001 – 31 Dec 2001').first().waitFor();

    await page.getByRole('link', { name: 'Last 90 days' }).click();
    await page.waitForURL(/range=90d/);
    await page.getByTestId('stat-applications-scored').waitFor();
    expect(await page.getByRole('link', { name: 'Last 90 days' }).getAttribute('aria-current')).toBe('page');
    await context.close();
  });

  it('an admin, who may open the risk app, gets the link to its applications', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.strategy, email: 'admin@platform.local', password: 'admin-demo-pass' });
    await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();
    await page.goto(`${urls.strategy}/credit-risk`);
    const link = page.getByRole('link', { name: 'Open the applications in Credit Risk →' });
    expect(await link.getAttribute('href')).toBe(`${urls.risk}/applications`);
    await context.close();
  });

  it('a radiologist is refused the page and the KPI API; a stranger must sign in', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: {} }));
    const anonymous = await newClient(browser);
    expect((await anonymous.request.get(`${urls.strategy}/api/trpc/finance.kpis?input=${input}`)).status()).toBe(401);
    await anonymous.close();

    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.strategy, email: 'radiology@platform.local', password: 'radiology-demo-pass' });
    await page.getByRole('heading', { name: /You don't have access to AI Strategy/ }).waitFor();
    await page.goto(`${urls.strategy}/credit-risk`);
    await page.getByRole('heading', { name: /You don't have access to AI Strategy/ }).waitFor();
    expect(await page.getByTestId('stat-applications-scored').count()).toBe(0);
    expect((await page.request.get(`${urls.strategy}/api/trpc/finance.kpis?input=${input}`)).status()).toBe(403);
    await context.close();
  });
});
