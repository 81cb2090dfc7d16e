// Sign-in against attackers: X-Forwarded-For is not the client's to choose, one account cannot be guessed at
// from ever-new addresses, and the session token never reaches page scripts.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hashPassword } from '@platform/auth';
import { createDb, repoRoot, type Db } from '@platform/db';
import { findFreePort } from '@platform/db/boot';
import { freshForwardedFor, launchBrowser, newClient, signInByRequest } from '@platform/testing';

const urls = inject('appUrls');
let browser: Browser;
let db: Db;
beforeAll(async () => {
  browser = await launchBrowser();
  db = createDb({ url: inject('e2eDatabaseUrl') });
});
afterAll(async () => {
  await browser.close();
  await db.$disconnect();
});

/** An executive account of this spec's own, so its lockout never blocks the demo users other specs sign in as. */
async function createExecutive({ password }: { password: string }): Promise<string> {
  const id = randomUUID();
  const email = `lockout-${id.slice(0, 8)}@platform.local`;
  await db.user.create({ data: { id, email, name: 'Locked Out', role: 'executive', emailVerified: true } });
  await db.account.create({ data: { id: randomUUID(), accountId: id, providerId: 'credential', userId: id, password: await hashPassword(password) } });
  return email;
}

describe('sign-in security', () => {
  describe('an app started the way production starts it (no TRUSTED_PROXIES)', () => {
    let child: ChildProcess | undefined;
    let baseUrl = '';
    let tmp = '';
    beforeAll(async () => {
      // A second strategy process on the e2e database, served as npm start and docker-compose serve it
      // (tools/next/serve.mjs), without the loopback proxy trust the other e2e apps get.
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-untrusting-'));
      const port = await findFreePort();
      baseUrl = `http://localhost:${port}`;
      const log = fs.openSync(path.join(tmp, 'strategy.log'), 'a');
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: inject('e2eDatabaseUrl'),
        BETTER_AUTH_SECRET: 'untrusting-secret-untrusting-secret-0123',
        SIGN_IN_WINDOW_SECONDS: '20',
        PLATFORM_APP: 'strategy',
        STRATEGY_URL: baseUrl,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
      };
      delete env.TRUSTED_PROXIES;
      child = spawn(process.execPath, [path.join(repoRoot, 'tools/next/serve.mjs'), '-p', String(port)], { cwd: path.join(repoRoot, 'apps/strategy'), env, stdio: ['ignore', log, log] });
      const deadline = Date.now() + 60_000;
      for (;;) {
        const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
        if (ok) break;
        if (Date.now() > deadline) throw new Error(`strategy did not start:\n${fs.readFileSync(path.join(tmp, 'strategy.log'), 'utf8').slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 300));
      }
    });
    afterAll(() => {
      child?.kill('SIGTERM');
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('ignores X-Forwarded-For: a new address in every request does not escape the per-client limit', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        // A different (unknown) account each time, so only the per-client limit (5 per window) can refuse.
        const r = await signInByRequest({ baseUrl, email: `spoofer-${i}-${process.pid}@platform.local`, password: 'not-the-password', forwardedFor: `203.0.113.${i + 1}` });
        statuses.push(r.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      // Counted under the socket's address (loopback here), not under a header value, and not in the shared
      // bucket Better Auth falls back to when it knows no address at all.
      const keys = (await db.rateLimit.findMany({ select: { key: true } })).map((r) => r.key);
      expect(keys.filter((k) => k.startsWith('203.0.113.'))).toEqual([]);
      expect(keys.filter((k) => k.startsWith('no-trusted-ip'))).toEqual([]);
    });
  });

  it('locks an account after 5 failures, whichever addresses they come from: 429 and a clear message, the right password refused too, audited, and open again later', async () => {
    const password = 'the-right-password';
    const email = await createExecutive({ password });
    // The browser of the last step waits on the sign-in page, so that step fits well inside the lockout.
    const context = await newClient(browser);
    const page = await context.newPage();
    await page.goto(`${urls.strategy}/sign-in`);
    const attempts: Awaited<ReturnType<typeof signInByRequest>>[] = [];
    for (let i = 0; i < 8; i += 1) attempts.push(await signInByRequest({ baseUrl: urls.strategy, email, password: `wrong-${i}-password`, forwardedFor: freshForwardedFor() }));
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const locked = attempts[5];
    expect(JSON.parse(locked?.body ?? '{}')).toMatchObject({ code: 'ACCOUNT_LOCKED', message: 'Too many failed sign-ins for this account. Try again in 10 seconds.' });
    expect(locked?.headers.get('retry-after')).toBe('10');

    // From a browser of its own, with the right password: refused, and told why.
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toMatch(/^Too many failed sign-ins for this account\. Try again in \d+ seconds?\.$/);
    await context.close();

    const lockouts = await db.auditLog.findMany({ where: { action: 'auth.sign-in.lockout', actorEmail: email }, select: { outcome: true, app: true, details: true } });
    expect(lockouts).toEqual([{ outcome: 'denied', app: 'strategy', details: expect.objectContaining({ failedAttempts: 5, lockedSeconds: 10, lockout: 1 }) }]);

    // Once the lockout has passed the right password works again (10 s in e2e; 60 s, doubling, by default).
    const until = Date.parse(String((lockouts[0]?.details as { lockedUntil?: string } | null)?.lockedUntil));
    await new Promise((r) => setTimeout(r, Math.max(0, until - Date.now()) + 500));
    expect((await signInByRequest({ baseUrl: urls.strategy, email, password })).status).toBe(200);
  });

  it('keeps the session token in the HttpOnly cookie: neither the sign-in body nor get-session shows it', async () => {
    const { status, cookie, body, headers } = await signInByRequest({ baseUrl: urls.strategy, email: 'exec@platform.local', password: 'exec-demo-pass' });
    expect(status).toBe(200);
    const sessionCookie = headers.getSetCookie().find((c) => c.startsWith('platform.session_token='));
    expect(sessionCookie).toMatch(/HttpOnly/i);
    const token = /^platform\.session_token=([^.;]+)/.exec(sessionCookie ?? '')?.[1] ?? '???';
    expect(JSON.parse(body)).toMatchObject({ user: { email: 'exec@platform.local' } });
    expect(JSON.parse(body)).not.toHaveProperty('token');
    expect(body).not.toContain(token);
    // The cookie alone is enough.
    expect((await fetch(`${urls.strategy}/api/trpc/platform.me`, { headers: { cookie } })).status).toBe(200);
    const session = await fetch(`${urls.strategy}/api/auth/get-session`, { headers: { cookie } });
    const sessionBody = await session.text();
    expect(JSON.parse(sessionBody)).toMatchObject({ user: { email: 'exec@platform.local' } });
    expect(sessionBody).not.toContain(token);
  });
});
