// Headless Chromium from Debian driven by playwright-core (no browser download).
import { chromium, type Browser, type Page } from 'playwright-core';
import { z } from 'zod';

const { CHROMIUM_PATH } = z.object({ CHROMIUM_PATH: z.string().default('/usr/bin/chromium') }).parse(process.env);

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Signs in through the real form of the app at `baseUrl`. */
export async function signIn({ page, baseUrl, email, password }: { page: Page; baseUrl: string; email: string; password: string }) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

let clientCounter = 0;

/**
 * A fresh browser context that looks like its own client machine: sign-in rate limiting is per client
 * address, and the e2e apps trust loopback as their reverse proxy (TRUSTED_PROXIES in
 * tools/testing/e2e-setup.ts), so this context's X-Forwarded-For is its address and one spec's rate limit
 * never blocks another.
 */
export async function newClient(browser: Browser) {
  clientCounter += 1;
  return browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `10.77.${process.pid % 250}.${clientCounter % 250}` } });
}
