// Credit Risk: sign in, land on the own app, be refused by another app, sign out.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newClient, signIn } from '@platform/testing';

const urls = inject('appUrls');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser.close());

describe('risk app', () => {
  it('a risk officer signs in, sees the home page, is refused by imaging, and signs out', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.risk, email: 'risk@platform.local', password: 'risk-demo-pass' });
    await page.getByRole('heading', { name: 'Welcome, Rita Risk' }).waitFor();
    expect(await page.getByTestId('shell-role').textContent()).toBe('Risk officer');
    await page.getByText('No models registered yet').waitFor();
    await page.goto(urls.imaging);
    await page.getByRole('heading', { name: /You don't have access to Imaging/ }).waitFor();
    await page.getByRole('link', { name: 'Go to Credit Risk' }).click();
    await page.getByRole('heading', { name: 'Welcome, Rita Risk' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await context.close();
  });

  it('refuses another role and an anonymous visitor', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await page.goto(urls.risk);
    await page.waitForURL(/\/sign-in\?next=/);
    await signIn({ page, baseUrl: urls.risk, email: 'radiology@platform.local', password: 'radiology-demo-pass' });
    await page.getByRole('heading', { name: /You don't have access to Credit Risk/ }).waitFor();
    const api = await page.request.get(`${urls.risk}/api/trpc/platform.me`);
    expect(api.status()).toBe(403);
    await context.close();
  });
});
