// Executive and admin journeys on the strategy app, plus sign-in failure behaviour.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDb } from '@platform/db';
import { describeRoleAccess, launchBrowser, newClient, signIn } from '@platform/testing';

const urls = inject('appUrls');

describeRoleAccess({
  appUrl: () => urls.strategy,
  appTitle: 'AI Strategy',
  otherAppUrl: () => urls.risk,
  otherAppTitle: 'Credit Risk',
  user: { email: 'exec@platform.local', password: 'exec-demo-pass' },
  userName: 'Eve Executive',
  roleLabel: 'Executive',
  stranger: { email: 'risk@platform.local', password: 'risk-demo-pass' },
});
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser.close());

describe('strategy app', () => {
  it("an executive's portfolio shows the registry's model counts", async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.strategy, email: 'exec@platform.local', password: 'exec-demo-pass' });
    await page.getByRole('heading', { name: 'Welcome, Eve Executive' }).waitFor();
    const db = createDb({ url: inject('e2eDatabaseUrl') });
    try {
      for (const [domain, label] of [['finance', 'credit-risk'], ['imaging', 'imaging'], ['retail', 'retail-planning']] as const) {
        const count = await db.model.count({ where: { domain } });
        expect(await page.getByTestId(`stat-${label}-models`).textContent()).toBe(String(count));
      }
    } finally {
      await db.$disconnect();
    }
    await context.close();
  });

  it('a wrong password gets one generic message, and repeated failures are rate-limited', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.strategy, email: 'nobody@platform.local', password: 'whatever-password' });
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toBe('Sign-in failed. Check your email and password.');
    // Same words for a real account with a wrong password: the form reveals nothing.
    await signIn({ page, baseUrl: urls.strategy, email: 'exec@platform.local', password: 'wrong-password' });
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toBe('Sign-in failed. Check your email and password.');
    let limited = false;
    for (let i = 0; i < 6 && !limited; i += 1) {
      await signIn({ page, baseUrl: urls.strategy, email: 'exec@platform.local', password: `wrong-${i}-password` });
      await page.getByTestId('sign-in-error').waitFor();
      limited = (await page.getByTestId('sign-in-error').textContent())?.startsWith('Too many sign-in attempts') ?? false;
    }
    expect(limited).toBe(true);
    await context.close();
  });

  it('an admin finds their sign-in in the audit log and runs a data check with a moving progress bar', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.strategy, email: 'admin@platform.local', password: 'admin-demo-pass' });
    await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();
    // The admin may open every app.
    for (const app of ['risk', 'imaging', 'retail'] as const) {
      await page.goto(urls[app]);
      await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();
    }
    await page.goto(`${urls.strategy}/admin/jobs`);
    await page.getByRole('button', { name: 'Verify data sets' }).click();
    const progress = page.getByTestId('job-progress').first();
    await expect.poll(() => progress.getAttribute('data-status'), { timeout: 60_000 }).toBe('succeeded');
    expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');

    await page.goto(`${urls.strategy}/admin/audit?action=job.start`);
    await page.getByRole('cell', { name: 'admin@platform.local' }).first().waitFor();
    expect(await page.getByRole('cell', { name: 'job.start' }).count()).toBeGreaterThan(0);

    // Filtering through the form: the admin's own sign-in, recorded by the auth layer.
    await page.goto(`${urls.strategy}/admin/audit`);
    await page.getByPlaceholder('User email').fill('admin@platform.local');
    await page.getByPlaceholder('Action').fill('auth.sign-in');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/action=auth.sign-in/);
    await page.getByRole('cell', { name: 'auth.sign-in' }).first().waitFor();
    const actions = await page.locator('tbody tr td:nth-child(5)').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['auth.sign-in']));
    await context.close();
  });
});
