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

    it('refuses an anonymous visitor and another role, pages and API alike; the refused user signs out and in as the right one', async () => {
      const context = await newClient(browser);
      const page = await context.newPage();
      await page.goto(appUrl());
      await page.waitForURL(/\/sign-in\?next=/);
      expect((await page.request.get(`${appUrl()}/api/trpc/platform.me`)).status()).toBe(401);
      await signIn({ page, baseUrl: appUrl(), ...stranger });
      await page.getByRole('heading', { name: new RegExp(`You don't have access to ${appTitle}`) }).waitFor();
      expect((await page.request.get(`${appUrl()}/api/trpc/platform.me`)).status()).toBe(403);
      // The refused user can change accounts here: sign out stays on this app's sign-in form (signed in,
      // the sign-in page would send them back to their own app), and the right account gets in.
      const signOut = page.getByRole('button', { name: 'Sign out' });
      await signOut.waitFor();
      expect(await page.getByTestId('access-denied-user').textContent()).toContain(stranger.email);
      await signOut.click();
      await page.waitForURL(`${appUrl()}/sign-in`);
      await page.getByLabel('Email').waitFor();
      expect((await page.request.get(`${appUrl()}/api/trpc/platform.me`)).status()).toBe(401);
      await signIn({ page, baseUrl: appUrl(), ...user });
      await page.getByRole('heading', { name: `Welcome, ${userName}` }).waitFor();
      await context.close();
    });

    it('serves a real icon at /favicon.ico and at the icon link of its pages', async () => {
      const context = await newClient(browser);
      const page = await context.newPage();
      const favicon = await page.request.get(`${appUrl()}/favicon.ico`);
      expect(favicon.status()).toBe(200);
      expect(favicon.headers()['content-type']).toMatch(/^image\//);
      // An ICO directory (reserved 0, type 1, at least one image), not an empty or placeholder file.
      const ico = await favicon.body();
      expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
      expect(ico.readUInt16LE(4)).toBeGreaterThan(0);
      await page.goto(`${appUrl()}/sign-in`);
      const links = await page.locator('head link[rel="icon"]').evaluateAll((els) => els.map((el) => (el as HTMLLinkElement).href));
      expect(links.some((href) => new URL(href).pathname === '/favicon.ico')).toBe(true);
      const svg = links.find((href) => new URL(href).pathname === '/icon.svg');
      expect(svg).toBeDefined();
      const icon = await page.request.get(svg ?? '');
      expect(icon.status()).toBe(200);
      expect(icon.headers()['content-type']).toMatch(/^image\/svg\+xml/);
      expect(await icon.text()).toContain('<svg');
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
