// Executive and admin journeys on the strategy app, plus sign-in failure behaviour.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newClient, signIn } from '@platform/testing';

const urls = inject('appUrls');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser.close());

describe('strategy app', () => {
  it('an executive signs in, lands on strategy, is refused by risk, and signs out', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.strategy, email: 'exec@platform.local', password: 'exec-demo-pass' });
    await page.getByRole('heading', { name: 'Welcome, Eve Executive' }).waitFor();
    expect(await page.getByTestId('shell-role').textContent()).toBe('Executive');
    expect(await page.getByTestId('stat-credit-risk-models').textContent()).toBe('0');
    await page.goto(urls.risk);
    await page.getByRole('heading', { name: /You don't have access to Credit Risk/ }).waitFor();
    await page.goto(urls.strategy);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(urls.strategy);
    await page.waitForURL(/\/sign-in/);
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
    await context.close();
  });
});
