import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newClient, signIn } from './browser';
import { postMutation, signInByRequest, unknownJobId } from './http';

interface TPerson {
  email: string;
  password: string;
}

/**
 * The journey every app's users share: sign in, land on the own app, be refused by another app and sent
 * home, sign out; and a visitor of another role (or none) is refused.
 */
export function describeRoleAccess({
  appUrl,
  appTitle,
  otherAppUrl,
  otherAppTitle,
  user,
  userName,
  roleLabel,
  stranger,
}: {
  appUrl: () => string;
  appTitle: string;
  otherAppUrl: () => string;
  otherAppTitle: string;
  user: TPerson;
  userName: string;
  roleLabel: string;
  stranger: TPerson;
}) {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  describe(`${appTitle}: access`, () => {
    it(`${/^[aeiou]/i.test(roleLabel) ? 'an' : 'a'} ${roleLabel.toLowerCase()} signs in, sees the home page, is refused by ${otherAppTitle}, and signs out`, async () => {
      const context = await newClient(browser);
      const page = await context.newPage();
      const brokenAssets: string[] = [];
      page.on('response', (response) => {
        if (response.url().includes('/_next/') && response.status() >= 400) brokenAssets.push(`${response.status()} ${response.url()}`);
      });
      await signIn({ page, baseUrl: appUrl(), ...user });
      await page.getByRole('heading', { name: `Welcome, ${userName}` }).waitFor();
      expect(await page.getByTestId('shell-role').textContent()).toBe(roleLabel);
      // The page is styled (Tailwind's stylesheet loaded): the shell's background is slate-50, not the default.
      expect(await page.getByTestId('app-shell').evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
      expect(brokenAssets).toEqual([]);
      await page.goto(otherAppUrl());
      await page.getByRole('heading', { name: new RegExp(`You don't have access to ${otherAppTitle}`) }).waitFor();
      await page.getByRole('link', { name: `Go to ${appTitle}` }).click();
      await page.getByRole('heading', { name: `Welcome, ${userName}` }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/sign-in/);
      await page.goto(appUrl());
      await page.waitForURL(/\/sign-in/);
      await context.close();
    });

    it('refuses an anonymous visitor and another role, pages and API alike', async () => {
      const context = await newClient(browser);
      const page = await context.newPage();
      await page.goto(appUrl());
      await page.waitForURL(/\/sign-in\?next=/);
      expect((await page.request.get(`${appUrl()}/api/trpc/platform.me`)).status()).toBe(401);
      await signIn({ page, baseUrl: appUrl(), ...stranger });
      await page.getByRole('heading', { name: new RegExp(`You don't have access to ${appTitle}`) }).waitFor();
      expect((await page.request.get(`${appUrl()}/api/trpc/platform.me`)).status()).toBe(403);
      await context.close();
    });

    it("refuses a mutation sent with the user's cookie from a page outside the platform (CSRF), and takes it from the apps", async () => {
      const { status, cookie } = await signInByRequest({ baseUrl: appUrl(), ...user });
      expect(status).toBe(200);
      // platform.jobs.cancel is mounted by every app; an unknown job id makes it harmless (404 once let through).
      const cancel = (headers: Record<string, string>) => postMutation({ baseUrl: appUrl(), path: 'platform.jobs.cancel', input: { id: unknownJobId() }, headers: { cookie, ...headers } });
      const foreign = await cancel({ origin: 'http://evil.example' });
      expect(foreign.status).toBe(403);
      expect(foreign.body).toMatchObject({ code: 'INVALID_ORIGIN', message: expect.stringContaining('http://evil.example') });
      expect((await cancel({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      // No Origin and no fetch metadata, but a cookie: refused as Better Auth refuses it (see refuseForeignOrigin).
      expect((await cancel({})).status).toBe(403);
      expect((await cancel({ origin: appUrl(), 'sec-fetch-site': 'same-origin' })).status).toBe(404);
      expect((await cancel({ origin: otherAppUrl(), 'sec-fetch-site': 'same-site' })).status).toBe(404);
    });
  });
}
